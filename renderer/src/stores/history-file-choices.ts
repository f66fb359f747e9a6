// The clerk's choices on one file of the history — 再送する / 送信済みにする, 同じ内容でも送信する,
// 顧客データを待たずに送る, and the answer to overlapping lines — each sent to main, its outcome said
// in the page's notice (history-notices.ts), with a link to the run it started. The list and, for
// choices that change the open run, the run in detail are read again.
import type { StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import { customerHoldNotice, FORCE_SEND_NOTICE, heldChoiceNotice, overlapChoiceNotice } from './history-notices';
import type { HistoryState } from './history-store';

export type FileChoices = Pick<HistoryState, 'resolveHeld' | 'forceSend' | 'releaseCustomerHold' | 'resolveOverlap'>;

export function fileChoices(api: MeisaiApi, set: StoreApi<HistoryState>['setState'], get: () => HistoryState): FileChoices {
  /** The choice is recorded: the open run (where it was made) and the list show it. */
  const reread = async (openRunToo: boolean) => {
    const open = get().detail;
    if (openRunToo && open !== null) await get().openRun(open.id);
    await get().load();
  };

  return {
    async resolveHeld(fileId, action) {
      const r = await api.invoke('history:resolve-held', { fileId, action });
      if (!r.ok) {
        set({ notice: r.error.message });
        return;
      }
      set({ notice: heldChoiceNotice(action), noticeRunId: r.value.runId });
      await reread(true);
    },
    async forceSend(fileId) {
      const r = await api.invoke('history:force-send', { fileId });
      set({ notice: r.ok ? FORCE_SEND_NOTICE : r.error.message, noticeRunId: r.ok ? r.value.runId : null });
      if (r.ok) await reread(true);
    },
    async releaseCustomerHold(fileId) {
      const r = await api.invoke('history:release-customer-hold', { fileId });
      if (!r.ok) {
        set({ notice: r.error.message, noticeRunId: null });
        return;
      }
      set({ notice: customerHoldNotice(r.value), noticeRunId: r.value.runId });
      await reread(false);
    },
    async resolveOverlap(fileId, choice) {
      const r = await api.invoke('history:resolve-overlap', { fileId, choice });
      if (!r.ok) {
        set({ notice: r.error.message, noticeRunId: null });
        return;
      }
      set({ notice: overlapChoiceNotice(choice), noticeRunId: r.value.runId });
      await reread(true);
    },
  };
}
