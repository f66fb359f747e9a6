// The phases of one run: first ask again about this target's 取込状況不明 imports from earlier runs,
// then customers, then documents — and documents only when every customer file of this run was
// imported, since their lines name customers by 顧客コード.
import { join } from 'node:path';
import { FILE_KIND_LABELS } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import type { Claims } from './claims';
import type { FileOps } from './file-ops';
import type { ProcessFile } from './file-pipeline';
import type { Journal } from './journal';
import type { Resume } from './resume';
import type { RunContext } from './run-context';
import type { SettingRef } from './setting-refs';

export interface RunPhasesDeps {
  readonly files: Pick<FileOps, 'list'>;
  readonly reader: Pick<HistoryReader, 'findUnfinishedFiles'>;
  readonly journal: Pick<Journal, 'revisitOutcome'>;
  readonly claims: Claims;
  readonly processFile: ProcessFile;
  readonly resumeFile: Resume['resumeFile'];
  readonly logger: Logger;
  /** Why document files wait this run (an unconfirmed loss of the history), or null. */
  readonly documentHold: () => string | null;
}

/** Runs the phases; answers the run-level notice (why files were left for the next run), or null. */
export type RunPhases = (ctx: RunContext, settings: Settings, refs: readonly SettingRef[]) => Promise<string | null>;

export function createRunPhases(deps: RunPhasesDeps): RunPhases {
  const { claims, logger } = deps;

  /** 取込状況不明 from earlier runs of these settings: ask again before sending anything new. */
  async function revisitUnknown(ctx: RunContext, refs: readonly SettingRef[]): Promise<void> {
    const keys = new Set(refs.map((r) => r.key));
    for (const f of deps.reader.findUnfinishedFiles()) {
      if (f.state.state !== 'unknown' || !keys.has(f.settingKey) || claims.has(f.originalPath)) continue;
      await claims.hold([f.originalPath], () => deps.resumeFile({ ...ctx, runId: f.runId }, f));
      deps.journal.revisitOutcome(f.runId);
    }
  }

  return async (ctx, settings, refs) => {
    await revisitUnknown(ctx, refs);
    for (const ref of refs) {
      // After a loss of the history, documents wait in their folder for the clerk's confirmation.
      const held = ref.kind === 'report' ? deps.documentHold() : null;
      if (held !== null) return held;
      const folder = join(settings.agent.root, ref.setting.folder);
      const listed = await deps.files.list(folder, ref.setting.filePrefix);
      if (!listed.ok) {
        if (ref.kind === 'customers' && refs.length > 1 && listed.error.code === 'files.folder-missing') {
          // Not every office exports customer data: no folder means no customer file to send first.
          logger.info('customer folder missing, documents only', { folder });
          continue;
        }
        return `${FILE_KIND_LABELS[ref.kind]}のフォルダを読めませんでした: ${listed.error.message}`;
      }
      const candidates = listed.value.filter((c) => !claims.has(c.path));
      let total = 0;
      let allImported = true;
      for (const candidate of candidates) {
        if (ctx.signal?.aborted) return null;
        ctx.emit({ type: 'file-importing', runId: ctx.runId, fileName: candidate.name, index: total + 1, total: candidates.length });
        const end = await claims.hold([candidate.path], () => deps.processFile(ctx, ref, candidate, false));
        if (end === null) continue;
        total++;
        if (end.end === 'stop-run') return `${end.notice} 残りのファイルは次回の実行で送ります。`;
        if (!['done', 'no-data', 'duplicate'].includes(end.state)) allImported = false;
      }
      if (ref.kind === 'customers' && !allImported && refs.length > 1) {
        // Document lines name customers by 顧客コード; sending them before the customers exist in
        // 楽楽明細 would fail line by line. They wait in their folder for the next run.
        return '顧客データの取込が完了しなかったため、帳票データは送信していません（ファイルはそのままです）。';
      }
    }
    return null;
  };
}
