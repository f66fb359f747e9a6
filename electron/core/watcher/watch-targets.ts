// Which folders the agent watches, derived from the settings: Step 3 (customers) and every Step 4
// setting, each at `<root>/<folder>` (the folder itself, never its 処理済み / エラー subfolders).
import { join } from 'node:path';
import type { FileKind } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';

export interface WatchTarget {
  /** `customers` or the report setting's id (WaitingFiles.target). */
  readonly key: string;
  readonly folderPath: string;
  readonly prefix: string;
  readonly kind: FileKind;
  /** ファイル1行目「読み込まない」: the first line is a header (pre-flight needs it). */
  readonly hasHeader: boolean;
  /** 連携タイミング「ファイル配置時」: run once this target's files are stable. */
  readonly arrival: boolean;
  /**
   * Targets whose files an arrival run of this one sends first (a document run sends the customer
   * file first), so it also waits for their folder to be quiet and their files to be still.
   */
  readonly waitsFor: readonly string[];
}

export type WatchedSettings = Pick<Settings, 'customers' | 'reports'> & { readonly agent: Pick<Settings['agent'], 'root'> };

export function watchTargetsFromSettings(settings: WatchedSettings): WatchTarget[] {
  const root = settings.agent.root;
  return [
    {
      key: 'customers',
      folderPath: join(root, settings.customers.folder),
      prefix: settings.customers.filePrefix,
      kind: 'customers',
      hasHeader: settings.customers.firstLine === 'skip',
      arrival: false,
      waitsFor: [],
    },
    ...settings.reports.map(
      (r): WatchTarget => ({
        key: r.id,
        folderPath: join(root, r.folder),
        prefix: r.filePrefix,
        kind: 'report',
        hasHeader: r.firstLine === 'skip',
        arrival: r.timing.mode === 'arrival',
        waitsFor: r.timing.mode === 'arrival' ? ['customers'] : [],
      }),
    ),
  ];
}
