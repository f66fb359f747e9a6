// 実行履歴: one page of runs under the clerk's filter, the run opened in detail, the 要確認 choice and
// the CSV export. `history:changed` events reload the page, so a run appears as soon as it starts.
// The clerk's choices on a file are history-file-choices.ts, フォルダを開く / ファイルを表示
// history-shell-actions.ts, their wording history-notices.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import type { HistoryFilter, OverlapChoice, RunDetail, RunOutcome, RunSummary } from '../../../shared/run';
import { fileChoices } from './history-file-choices';
import { shellActions } from './history-shell-actions';

export interface HistoryFilterDraft {
  readonly target: string;
  readonly outcome: RunOutcome | '';
  readonly from: string;
  readonly to: string;
}

export const EMPTY_FILTER: HistoryFilterDraft = { target: '', outcome: '', from: '', to: '' };
export const PAGE_SIZE = 50;

export function toHistoryFilter(f: HistoryFilterDraft, offset = 0): HistoryFilter {
  return {
    ...(f.target === '' ? {} : { target: f.target }),
    ...(f.outcome === '' ? {} : { outcome: f.outcome }),
    ...(f.from === '' ? {} : { from: f.from }),
    ...(f.to === '' ? {} : { to: f.to }),
    limit: PAGE_SIZE,
    offset,
  };
}

export interface HistoryState {
  readonly filter: HistoryFilterDraft;
  readonly runs: readonly RunSummary[];
  readonly total: number;
  readonly offset: number;
  readonly loading: boolean;
  readonly error: string | null;
  readonly detail: RunDetail | null;
  readonly detailError: string | null;
  /** A message after a 要確認 choice or an export. */
  readonly notice: string | null;
  /** The run a 再送する / 同じ内容でも送信する started, for a link beside the notice. */
  readonly noticeRunId: string | null;

  load(): Promise<void>;
  setFilter(change: Partial<HistoryFilterDraft>): Promise<void>;
  setPage(offset: number): Promise<void>;
  /** The list's setting and result, from the address (a badge, a link, back / forward). */
  showList(change: Pick<HistoryFilterDraft, 'target' | 'outcome'>): Promise<void>;
  openRun(runId: string): Promise<void>;
  resolveHeld(fileId: number, action: 'resend' | 'mark-sent'): Promise<void>;
  /** Sends a file set aside as 同一内容 anyway (the component asks the clerk first). */
  forceSend(fileId: number): Promise<void>;
  /** Lets documents held (保留) by a refused customer file go without it (the component asks first). */
  releaseCustomerHold(fileId: number): Promise<void>;
  /**
   * The answer to a file held for overlapping lines: 送信しない, 差替発行として送信, すべて新規発行で送信
   * (the component asks the clerk first for the sends).
   */
  resolveOverlap(fileId: number, choice: OverlapChoice): Promise<void>;
  /** Opens a setting's folder (where its 処理済み and エラー folders are) in Explorer. */
  openFolder(target: string): Promise<void>;
  /** Why the last フォルダを開く failed, by setting; cleared when it works. */
  readonly folderErrors: Readonly<Record<string, string>>;
  /** 「ファイルを表示」 for one file of a run: shown where it is now (or its last folder, when it is gone). */
  showFile(fileId: number): Promise<void>;
  /** What the last ファイルを表示 of a file came to, when there is something to say; by file id. */
  readonly fileNotes: Readonly<Record<number, { readonly text: string; readonly error: boolean }>>;
  /** The CSV text and a file name, for the component to hand to the browser as a download. */
  exportCsv(): Promise<{ readonly fileName: string; readonly csv: string } | null>;
  dispose(): void;
}

export function createHistoryStore(api: MeisaiApi): StoreApi<HistoryState> {
  let unsubscribe: (() => void) | null = null;
  return createStore<HistoryState>()((set, get) => {
    // A run that starts, ends or is revised (a 要確認 choice) shows at once, in the list and open.
    const follow = () => {
      unsubscribe ??= api.on('history:changed', ({ run }) => {
        void get().load();
        const open = get().detail;
        // The run a 再送する started records the choice on the open run before it begins: its
        // events are the sign to show the open run as settled.
        if (open !== null && (open.id === run.id || get().noticeRunId === run.id)) void get().openRun(open.id);
      });
    };
    return {
      filter: EMPTY_FILTER,
      runs: [],
      total: 0,
      offset: 0,
      loading: false,
      error: null,
      detail: null,
      detailError: null,
      notice: null,
      noticeRunId: null,
      folderErrors: {},
      fileNotes: {},

      async load() {
        follow();
        set({ loading: true });
        const r = await api.invoke('history:list', toHistoryFilter(get().filter, get().offset));
        if (r.ok) set({ runs: r.value.runs, total: r.value.total, loading: false, error: null });
        else set({ loading: false, error: r.error.message });
      },
      async setFilter(change) {
        set({ filter: { ...get().filter, ...change }, offset: 0, notice: null, noticeRunId: null });
        await get().load();
      },
      async showList(change) {
        const f = get().filter;
        if (f.target === change.target && f.outcome === change.outcome && get().detail === null) {
          await get().load();
          return;
        }
        set({ detail: null, detailError: null });
        await get().setFilter(change);
      },
      async setPage(offset) {
        set({ offset: Math.max(0, offset) });
        await get().load();
      },
      async openRun(runId) {
        // A message about another run no longer applies here.
        if (get().detail?.id !== runId) set({ notice: null, noticeRunId: null, detail: null, detailError: null });
        follow();
        const r = await api.invoke('history:get', { runId });
        if (!r.ok) set({ detailError: r.error.message });
        else if (r.value === null) set({ detail: null, detailError: 'この実行の記録は見つかりませんでした。' });
        else set({ detail: r.value, detailError: null });
      },
      ...fileChoices(api, set, get),
      ...shellActions(api, set, get),
      async exportCsv() {
        const { limit: _limit, offset: _offset, ...filter } = toHistoryFilter(get().filter);
        const r = await api.invoke('history:export-csv', filter);
        if (!r.ok) {
          set({ notice: r.error.message });
          return null;
        }
        set({ notice: `「${r.value.fileName}」を書き出しました。` });
        return r.value;
      },
      dispose() {
        unsubscribe?.();
        unsubscribe = null;
      },
    };
  });
}
