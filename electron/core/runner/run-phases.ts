// The phases of one run: first ask again about this target's 取込状況不明 imports from earlier runs,
// then customers, then documents — and documents only when their customers are in 楽楽明細, since
// their lines name customers by 顧客コード (customers-first.ts decides; across runs too: a refused
// customer file holds later documents back as 保留 until it is resolved or released, and documents
// wait behind a customer file in 再送待ち). A file still being written is looked at again a few
// times before the run gives up on it, and then says so. Files in 再送待ち belong to the run that
// sent them: another run leaves them alone (its automatic resend takes them) and only mentions them.
import { join } from 'node:path';
import { customerHoldReason } from '../../../shared/clerk-advice';
import { formatShortDateTime } from '../../../shared/local-time';
import { FILE_KIND_LABELS } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { Candidate } from '../files/list-candidates';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Claims } from './claims';
import { customersSituation, documentsGate } from './customers-first';
import type { FileOps } from './file-ops';
import type { ProcessFile } from './file-pipeline';
import type { Journal } from './journal';
import type { Resume } from './resume';
import type { RunContext, SentEnd } from './run-context';
import type { SettingRef } from './setting-refs';

/** How long a run keeps looking at a file that is still being written, and how often. */
export interface SettleWait {
  readonly everyMs: number;
  readonly maxMs: number;
}

/** An exporter writing in pages takes a minute or two; the run waits that long, then says so. */
export const SETTLE_WAIT: SettleWait = { everyMs: 15_000, maxMs: 3 * 60_000 };

export interface RunPhasesDeps {
  readonly files: Pick<FileOps, 'list'>;
  readonly reader: Pick<HistoryReader, 'findUnfinishedFiles' | 'findRetryWaits' | 'blockingCustomerFile'>;
  readonly journal: Pick<Journal, 'revisitOutcome' | 'addFile'>;
  readonly claims: Claims;
  readonly processFile: ProcessFile;
  readonly resumeFile: Resume['resumeFile'];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settle?: SettleWait | undefined;
  /** How soon documents parked behind a customer import under way elsewhere look again. */
  readonly recheckMs?: number | undefined;
  /** Why document files wait this run (an unconfirmed loss of the history), or null. */
  readonly documentHold: () => string | null;
}

export interface PhasesEnd {
  /** Why files were left for the next run (counts against the run's outcome), or null. */
  readonly notice: string | null;
  /** What the clerk should know without it being a failure (files of earlier runs in 再送待ち). */
  readonly info: string | null;
}

export type RunPhases = (ctx: RunContext, settings: Settings, refs: readonly SettingRef[]) => Promise<PhasesEnd>;

/** A file a run could not send because it kept changing: said, not silently left. */
export function stillWritingReason(fileName: string): string {
  return `「${fileName}」は書き込み中のまま変わり続けているため、送信していません。書き込みが終わってから「今すぐ連携」で送るか、次回の実行をお待ちください。`;
}

const IMPORTED: readonly string[] = ['done', 'no-data', 'duplicate'];

export function createRunPhases(deps: RunPhasesDeps): RunPhases {
  const { claims, logger, clock } = deps;
  const settle = deps.settle ?? SETTLE_WAIT;

  /** 取込状況不明 from earlier runs of these settings: ask again before sending anything new. */
  async function revisitUnknown(ctx: RunContext, refs: readonly SettingRef[]): Promise<void> {
    const keys = new Set(refs.map((r) => r.key));
    for (const f of deps.reader.findUnfinishedFiles()) {
      if (f.state.state !== 'unknown' || !keys.has(f.settingKey) || claims.has(f.originalPath)) continue;
      await claims.hold([f.originalPath], () => deps.resumeFile({ ...ctx, runId: f.runId }, f));
      deps.journal.revisitOutcome(f.runId);
    }
  }

  /** Recorded without touching the file: 保留 with why (a refused customer file, still being written). */
  function recordLeft(ctx: RunContext, ref: SettingRef, candidate: Candidate, reason: string): void {
    const row = deps.journal.addFile({ runId: ctx.runId, kind: ref.kind, fileName: candidate.name, originalPath: candidate.path, settingKey: ref.key, state: { state: 'skipped', reason } }, 'addFile left');
    ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: row.fileName, kind: row.kind, state: row.state });
  }

  /** Processes the candidates in order; answers how each ended, and those still being written. */
  async function processAll(ctx: RunContext, ref: SettingRef, candidates: readonly Candidate[], ends: SentEnd[]): Promise<{ stop: string | null; notReady: Candidate[] }> {
    const notReady: Candidate[] = [];
    let index = 0;
    for (const candidate of candidates) {
      if (ctx.signal?.aborted) return { stop: null, notReady: [] };
      ctx.emit({ type: 'file-importing', runId: ctx.runId, fileName: candidate.name, index: ++index, total: candidates.length });
      const end = await claims.hold([candidate.path], () => deps.processFile(ctx, ref, candidate, false));
      if (end === null) continue;
      if (end.end === 'not-ready') {
        notReady.push(candidate);
        continue;
      }
      ends.push(end);
      if (end.end === 'stop-run') return { stop: `${end.notice} 残りのファイルは次回の実行で送ります。`, notReady: [] };
    }
    return { stop: null, notReady };
  }

  /**
   * Files still being written when the run looked: looked at again every little while (an exporter
   * writing in pages), within a bound; one that never settles is recorded with why, not left unsaid.
   */
  async function settleAndProcess(ctx: RunContext, ref: SettingRef, first: readonly Candidate[], ends: SentEnd[]): Promise<{ stop: string | null; left: number }> {
    let pending = [...first];
    for (let waited = 0; pending.length > 0 && waited < settle.maxMs; waited += settle.everyMs) {
      logger.info('files still being written, looking again shortly', { files: pending.map((c) => c.name), waitedMs: waited });
      try {
        await clock.sleep(settle.everyMs, ctx.signal);
      } catch {
        return { stop: null, left: pending.length };
      }
      const again = await processAll(ctx, ref, pending, ends);
      if (again.stop !== null) return { stop: again.stop, left: 0 };
      pending = again.notReady;
    }
    for (const candidate of pending) recordLeft(ctx, ref, candidate, stillWritingReason(candidate.name));
    return { stop: null, left: pending.length };
  }

  /** 再送待ち files of other runs for this setting: their run's automatic resend takes them. */
  function waitingElsewhere(ctx: RunContext, ref: SettingRef): StoredFile[] {
    return deps.reader.findRetryWaits().filter((f) => f.settingKey === ref.key && f.runId !== ctx.runId && f.state.state === 'retry-wait');
  }

  return async (ctx, settings, refs) => {
    await revisitUnknown(ctx, refs);
    const waitingInfo: StoredFile[] = [];
    let customersImported = true;
    for (const ref of refs) {
      // After a loss of the history, documents wait in their folder for the clerk's confirmation.
      const held = ref.kind === 'report' ? deps.documentHold() : null;
      if (held !== null) return { notice: held, info: waitingInfoText(waitingInfo, clock.now()) };
      const folder = join(settings.agent.root, ref.setting.folder);
      const listed = await deps.files.list(folder, ref.setting.filePrefix);
      if (!listed.ok) {
        if (ref.kind === 'customers' && refs.length > 1 && listed.error.code === 'files.folder-missing') {
          // Not every office exports customer data: no folder means no customer file to send first.
          logger.info('customer folder missing, documents only', { folder });
          continue;
        }
        return { notice: `${FILE_KIND_LABELS[ref.kind]}のフォルダを読めませんでした: ${listed.error.message}`, info: null };
      }
      const elsewhere = waitingElsewhere(ctx, ref);
      waitingInfo.push(...elsewhere);
      // A waiting file sits claimed in 処理中, out of the listing; one worked on in place (no 処理中
      // could be made) is still listed and is left alone. A new file under a waiting one's name is
      // new content: the guards decide whether it may go.
      const waitingPaths = new Set(elsewhere.map((f) => f.currentPath ?? f.originalPath));
      const candidates = listed.value.filter((c) => !claims.has(c.path) && !waitingPaths.has(c.path));

      if (ref.kind === 'report' && refs.length > 1) {
        const gate = documentsGate(customersSituation(deps.reader, customersImported, (path) => claims.has(path)), clock.now(), deps.recheckMs);
        if (gate.kind === 'not-now') return { notice: gate.notice, info: null };
        if (gate.kind === 'hold') {
          // A refused customer file stands: these documents could name customers 楽楽明細 lacks.
          for (const candidate of candidates) recordLeft(ctx, ref, candidate, customerHoldReason(gate.customerFile.fileName));
          continue;
        }
        if (gate.kind === 'wait') ctx.gate?.park(gate.until, gate.reason);
      }

      const ends: SentEnd[] = [];
      const first = await processAll(ctx, ref, candidates, ends);
      if (first.stop !== null) return { notice: first.stop, info: null };
      const settled = await settleAndProcess(ctx, ref, first.notReady, ends);
      if (settled.stop !== null) return { notice: settled.stop, info: null };
      if (ctx.signal?.aborted) return { notice: null, info: null };
      if (ref.kind === 'customers') customersImported = settled.left === 0 && ends.every((e) => IMPORTED.includes(e.state));
    }
    return { notice: null, info: waitingInfoText(waitingInfo, clock.now()) };
  };
}

/** 「再送待ちのファイルが1件あります（次回 11/25(水) 9:05）」 for files of earlier runs this run left alone. */
function waitingInfoText(files: readonly StoredFile[], now: Date): string | null {
  if (files.length === 0) return null;
  const next = files.map((f) => (f.state.state === 'retry-wait' ? Date.parse(f.state.nextAttemptAt) : Number.POSITIVE_INFINITY)).reduce((a, b) => Math.min(a, b));
  const when = Number.isFinite(next) ? `（次回の自動再送 ${formatShortDateTime(new Date(next), now)}）` : '';
  return `以前の実行の再送待ちのファイルが${files.length}件あります${when}。`;
}
