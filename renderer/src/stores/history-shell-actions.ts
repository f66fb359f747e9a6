// フォルダを開く and ファイルを表示 from the 実行履歴 page: Explorer opened by main, and what came of
// it kept by setting or by file, so the page can say it beside the button that was pressed.
import type { StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import { shownFileNote } from './history-notices';
import type { HistoryState } from './history-store';

export type ShellActions = Pick<HistoryState, 'openFolder' | 'showFile'>;

export function shellActions(api: MeisaiApi, set: StoreApi<HistoryState>['setState'], get: () => HistoryState): ShellActions {
  return {
    async openFolder(target) {
      const r = await api.invoke('shell:open-folder', { which: { target } });
      const { [target]: _old, ...rest } = get().folderErrors;
      set({ folderErrors: r.ok ? rest : { ...rest, [target]: r.error.message } });
    },
    async showFile(fileId) {
      const r = await api.invoke('shell:show-file', { fileId });
      const { [fileId]: _old, ...rest } = get().fileNotes;
      const note = r.ok ? shownFileNote(r.value) : { text: r.error.message, error: true };
      set({ fileNotes: note === null ? rest : { ...rest, [fileId]: note } });
    },
  };
}
