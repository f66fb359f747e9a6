// The content guards' answers, foreseen for the waiting list: a document file that passes pre-flight
// but whose bytes were imported before (同一内容) or some of whose lines went before
// (要確認（一部送信済み）) must not be listed as 「送信できます」. content-guard.ts's own questions,
// read-only, over the same history; the run decides again when it sends. Customer files are upserts:
// the guard never holds them, and a re-sent customer master changes nothing, so nothing is foreseen.
import type { ContentForesight, FileKind } from '../../../shared/run';
import type { HistoryReader } from '../history/history-interface';
import type { SentLinesReader } from '../history/sent-lines';
import type { CsvPart } from '../preflight/types';
import { sentOverlapOf } from './content-guard';

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
      const overlap = sentOverlapOf(deps.lines, file.key, file.hasHeader, ready.parts, 0);
      if (overlap === null || overlap.found.overlapping === 0) return undefined;
      return { kind: 'overlap', lines: overlap.total, overlapping: overlap.found.overlapping };
    },
    epoch: () => deps.lines.version(),
  };
}
