// 実行履歴: one page of runs under the clerk's filter, the run opened in detail, the 要確認 choice and
// the CSV export. `history:changed` events reload the page, so a run appears as soon as it starts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import type { HistoryFilter, OverlapChoice, RunDetail, RunOutcome, RunSummary } from '../../../shared/run';

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
      async resolveHeld(fileId, action) {
        const r = await api.invoke('history:resolve-held', { fileId, action });
        if (!r.ok) {
          set({ notice: r.error.message });
          return;
        }
        set({
          notice:
            action === 'resend'
              ? '再送信を受け付けました。結果は実行履歴に追加されます。'
              : '送信済みとして記録しました。このファイルは再送信しません。',
          noticeRunId: r.value.runId,
        });
        const open = get().detail;
        if (open !== null) await get().openRun(open.id);
        await get().load();
      },
      async forceSend(fileId) {
        const r = await api.invoke('history:force-send', { fileId });
        set({ notice: r.ok ? '送信を受け付けました。結果は実行履歴に追加されます。' : r.error.message, noticeRunId: r.ok ? r.value.runId : null });
        if (!r.ok) return;
        const open = get().detail;
        if (open !== null) await get().openRun(open.id);
        await get().load();
      },
      async releaseCustomerHold(fileId) {
        const r = await api.invoke('history:release-customer-hold', { fileId });
        if (!r.ok) {
          set({ notice: r.error.message, noticeRunId: null });
          return;
        }
        const v = r.value;
        const later = v.runId === null ? (v.notStarted === 'busy' ? 'この連携設定は実行中のため、次回の実行で送信します。' : 'エージェントが停止しているため、起動後の次回の実行で送信します。') : '';
        set({
          notice: v.runId === null
            ? `顧客データ「${v.customerFileName}」を待たずに送るよう記録しました。${later}`
            : `顧客データ「${v.customerFileName}」を待たずに送信します。結果は実行履歴に追加されます。`,
          noticeRunId: v.runId,
        });
        await get().load();
      },
      async resolveOverlap(fileId, choice) {
        const r = await api.invoke('history:resolve-overlap', { fileId, choice });
        if (!r.ok) {
          set({ notice: r.error.message, noticeRunId: null });
          return;
        }
        set({
          notice:
            choice === 'skip'
              ? '送信しないことを記録しました。ファイルは「エラー」フォルダに残してあります。'
              : `${choice === 'replace' ? '差替発行' : '新規発行'}での送信を受け付けました。結果は実行履歴に追加されます。`,
          noticeRunId: r.value.runId,
        });
        const open = get().detail;
        if (open !== null) await get().openRun(open.id);
        await get().load();
      },
      async openFolder(target) {
        const r = await api.invoke('shell:open-folder', { which: { target } });
        const { [target]: _old, ...rest } = get().folderErrors;
        set({ folderErrors: r.ok ? rest : { ...rest, [target]: r.error.message } });
      },
      async showFile(fileId) {
        const r = await api.invoke('shell:show-file', { fileId });
        const { [fileId]: _old, ...rest } = get().fileNotes;
        if (!r.ok) set({ fileNotes: { ...rest, [fileId]: { text: r.error.message, error: true } } });
        else if (r.value.shown === 'folder') set({ fileNotes: { ...rest, [fileId]: { text: 'ファイルはもうその場所にありません（移動または削除されています）。最後にあったフォルダを開きました。', error: false } } });
        else set({ fileNotes: rest });
      },
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
