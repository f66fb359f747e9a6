// The content guards' answers, foreseen for the waiting list: a document file that passes pre-flight
// but whose bytes were imported before (同一内容) or some of whose lines went before
// (要確認（一部送信済み）) must not be listed as 「送信できます」. The same rules as content-guard.ts,
// read-only, over the same history; the run decides again when it sends. Customer files are upserts:
// the guard never holds them, and a re-sent customer master changes nothing, so nothing is foreseen.
import type { ContentForesight, FileKind } from '../../../shared/run';
import type { HistoryReader } from '../history/history-interface';
import type { SentLinesReader } from '../history/sent-lines';
import { fingerprintLines } from '../ledger/line-fingerprints';
import type { CsvPart } from '../preflight/types';

export interface ForesightDeps {
  readonly reader: Pick<HistoryReader, 'findImportedBySha'>;
  readonly lines: Pick<SentLinesReader, 'findOverlap' | 'version'>;
}

export interface ContentForesightSource {
  see(file: { readonly key: string; readonly kind: FileKind; readonly hasHeader: boolean }, ready: { readonly sha256: string; readonly parts: readonly CsvPart[] }): ContentForesight | undefined;
  epoch(): string;
}

export function contentForesight(deps: ForesightDeps): ContentForesightSource {
  return {
    see(file, ready) {
      if (file.kind !== 'report') return undefined;
      const imported = deps.reader.findImportedBySha(file.key, ready.sha256);
      if (imported !== null) return { kind: 'same-content', runId: imported.runId, at: imported.at };
      const part = ready.parts[0];
      if (part === undefined || ready.parts.length !== 1) return undefined;
      const lines = fingerprintLines(part.bytes, { skipFirstRecord: file.hasHeader, firstLine: part.firstLine });
      const found = deps.lines.findOverlap(file.key, lines, 0);
      return found.overlapping === 0 ? undefined : { kind: 'overlap', lines: lines.length, overlapping: found.overlapping };
    },
    epoch: () => deps.lines.version(),
  };
}
