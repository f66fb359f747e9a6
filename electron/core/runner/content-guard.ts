// The content guard: the same documents are never sent twice for one setting.
// - Whole files (the cheap, exact case): content already imported is set aside as 同一内容 (処理済み,
//   with a note); content still on its way from an earlier run (sending, importing, 取込状況不明,
//   要確認) is left in its folder untouched.
// - Lines (the overlap guard, documents only): a document file any of whose data lines went before
//   for the same setting, or are on their way, is not sent on its own. It is held as
//   要確認（一部送信済み） in エラー with a note listing the overlapping lines, its staged copy kept,
//   until the clerk chooses 送信しない, 差替発行として送信 or すべて新規発行で送信 (clerk-runs.ts).
//   A corrected re-export under a new name is the case this exists for: six of its seven lines
//   would otherwise be issued to the customers a second time. Customer files are upserts and never
//   held.
// The clerk can insist (同じ内容でも送信する): `force` skips both.
import { formatLocalIso } from '../../../shared/local-time';
import { overlapMessage, type FileProblem, type OverlapLine } from '../../../shared/run';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { OverlapFinding, SentLinesReader } from '../history/sent-lines';
import { fingerprintLines, type LineFingerprint } from '../ledger/line-fingerprints';
import type { Logger } from '../ports/logger';
import type { CsvPart } from '../preflight/types';
import { ADVICE_OVERLAP, DUPLICATE_MESSAGE, duplicateNote, OVERLAP_CAUSE } from './clerk-messages';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
import type { Journal } from './journal';
import type { FileEnd, RunContext } from './run-context';
import type { SettingRef } from './setting-refs';

/**
 * The fingerprints of the data lines one POST of a document setting carries (header excluded as
 * ファイル1行目 says); none for customer files, which are upserts.
 */
export function documentLines(ref: SettingRef, part: CsvPart): LineFingerprint[] | undefined {
  if (ref.kind !== 'report') return undefined;
  return linesOf(ref.setting.firstLine === 'skip', part);
}

const linesOf = (hasHeader: boolean, part: CsvPart): LineFingerprint[] => fingerprintLines(part.bytes, { skipFirstRecord: hasHeader, firstLine: part.firstLine });

/**
 * The overlap guard's question for a document file's parts — which of its lines went before for the
 * setting — asked by the guard before sending and by the waiting list's foresight. null: the file is
 * not one whole part (a document file is never split), so there is nothing to compare.
 */
export function sentOverlapOf(
  lines: Pick<SentLinesReader, 'findOverlap'>,
  settingKey: string,
  hasHeader: boolean,
  parts: readonly CsvPart[],
  sampleSize?: number,
): { readonly total: number; readonly found: OverlapFinding } | null {
  const part = parts[0];
  if (part === undefined || parts.length !== 1) return null;
  const sent = linesOf(hasHeader, part);
  return { total: sent.length, found: lines.findOverlap(settingKey, sent, sampleSize) };
}

export interface ContentGuardDeps {
  readonly reader: Pick<HistoryReader, 'findImportedBySha' | 'getRun' | 'findUnfinishedFiles' | 'findHeldFiles' | 'findAwaitingOverlap'>;
  readonly journal: Pick<Journal, 'setState'>;
  readonly fileAway: Pick<FileAway, 'fileProcessed'>;
  readonly files: Pick<FileOps, 'discardStaged'>;
  readonly logger: Logger;
}

export interface ContentToCheck {
  readonly file: StoredFile;
  readonly sha256: string;
  readonly stagedPath: string;
  /** The clerk insisted: send even if the same content went before. */
  readonly force: boolean;
}

/** null: nothing like it went before, send it; otherwise how the file ended here. */
export type ContentGuard = (ctx: RunContext, ref: SettingRef, content: ContentToCheck) => Promise<FileEnd | null>;

const IN_FLIGHT_STATES = ['sending', 'sent', 'importing', 'unknown', 'held', 'overlap', 'retry-wait'];

const WAITING_WORDS: Readonly<Record<string, string>> = { held: '要確認', overlap: '要確認（一部送信済み）', 'retry-wait': '再送待ち' };
const waitingWord = (state: string) => WAITING_WORDS[state] ?? '取込確認中';

export function createContentGuard(deps: ContentGuardDeps): ContentGuard {
  const { reader, journal, fileAway, files, logger } = deps;

  /** The same content imported before (for a split customer file: every part of it). */
  function alreadyImported(ref: SettingRef, sha256: string): { runId: string; at: string } | null {
    const match = reader.findImportedBySha(ref.key, sha256);
    if (!match) return null;
    if (ref.kind === 'customers') {
      const run = reader.getRun(match.runId);
      const rows = run?.files.filter((f) => f.sha256 === sha256 && f.settingKey === ref.key) ?? [];
      const total = rows[0]?.partTotal ?? 1;
      const done = new Set(rows.filter((f) => f.state.state === 'done' || f.resolution?.action === 'mark-sent').map((f) => f.partIndex));
      if (done.size < total) return null;
    }
    return { runId: match.runId, at: match.at };
  }

  /** Same content still on its way (sent / importing / unknown / held) from an earlier run. */
  function inFlight(ref: SettingRef, sha256: string): StoredFile | null {
    const open = [...reader.findUnfinishedFiles(), ...reader.findHeldFiles(), ...reader.findAwaitingOverlap()];
    return open.find((f) => f.settingKey === ref.key && f.sha256 === sha256 && IN_FLIGHT_STATES.includes(f.state.state)) ?? null;
  }

  return async (ctx, ref, { file, sha256, stagedPath, force }) => {
    if (force) return null;
    const open = inFlight(ref, sha256);
    if (open) {
      // The same bytes are still being imported or wait for the clerk (要確認): sending them again
      // is exactly the double invoice this agent exists to prevent. Leave the file where it is.
      journal.setState(ctx, file, {
        state: 'skipped',
        reason: `同じ内容のファイル「${open.fileName}」（実行 ${open.runId}）が${waitingWord(open.state.state)}のため、送信していません。`,
      }, { stagedPath });
      await files.discardStaged(stagedPath);
      return { end: 'final', state: 'skipped' };
    }
    const previous = alreadyImported(ref, sha256);
    if (!previous) return null;
    const duplicate = journal.setState(ctx, file, { state: 'duplicate', sha256, previousRunId: previous.runId }, { stagedPath });
    await fileAway.fileProcessed(duplicate, { kind: 'info', suffix: '同一内容', text: duplicateNote(duplicate.fileName, previous.runId, previous.at) });
    logger.info(DUPLICATE_MESSAGE, { fileName: duplicate.fileName, previousRunId: previous.runId });
    return { end: 'final', state: 'duplicate' };
  };
}

export interface OverlapGuardDeps {
  readonly lines: SentLinesReader;
  readonly journal: Pick<Journal, 'setState'>;
  readonly fileAway: Pick<FileAway, 'moveAside'>;
  readonly logger: Logger;
}

/** null: no line of it went before, send it; otherwise how the file ended here (`overlap`). */
export type OverlapGuard = (ctx: RunContext, ref: SettingRef, checked: StoredFile, parts: readonly CsvPart[], force: boolean) => Promise<FileEnd | null>;

/** The overlapping lines as the note lists them: line number, and which earlier file carried it, when. */
export function overlapProblems(sample: readonly OverlapLine[], overlapping: number): FileProblem[] {
  const listed: FileProblem[] = sample.map((s) => ({
    line: s.line,
    message: `実行 ${s.runId} の「${s.fileName}」（${formatLocalIso(s.sentAt, 'date-time-seconds')}）で送信済みの行と同じです。`,
  }));
  const more = overlapping - sample.length;
  return more > 0 ? [...listed, { message: `ほかに${more.toLocaleString('ja-JP')}行が送信済みの行と同じです。` }] : listed;
}

export function createOverlapGuard(deps: OverlapGuardDeps): OverlapGuard {
  const { lines, journal, fileAway, logger } = deps;
  return async (ctx, ref, checked, parts, force) => {
    if (force || ref.kind !== 'report' || checked.sha256 === null) return null;
    const overlap = sentOverlapOf(lines, ref.key, ref.setting.firstLine === 'skip', parts);
    if (overlap === null || overlap.found.overlapping === 0) return null;
    const { total, found } = overlap;
    const held = journal.setState(ctx, checked, { state: 'overlap', sha256: checked.sha256, lines: total, overlapping: found.overlapping, sample: found.sample });
    // Into エラー, so that no later run meets it again; the staged copy stays for the clerk's choice.
    await fileAway.moveAside(held, 'error', {
      kind: 'error',
      summary: `【要確認】${overlapMessage(total, found.overlapping)}。${OVERLAP_CAUSE}（実行 ${ctx.runId}）`,
      problems: overlapProblems(found.sample, found.overlapping),
      whatToDo: ADVICE_OVERLAP,
    });
    logger.warn('document lines already sent: held for the clerk', { fileId: held.id, lines: total, overlapping: found.overlapping });
    return { end: 'final', state: 'overlap' };
  };
}
