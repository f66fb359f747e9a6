// How the settings form is shown, apart from what it holds: 「説明をすべて表示」 and which Step4 cards
// are open (new and invalid cards open by themselves; the address may name one to open).
import type { StoreApi } from 'zustand/vanilla';
import type { SettingsState } from './settings-store';

/** The element id of a Step4 card, for the address and the error summary to scroll to. */
export const reportCardId = (key: string): string => `report-card-${key}`;

export type FormViewActions = Pick<SettingsState, 'toggleAllHelp' | 'setCardOpen' | 'openCardOf'>;

export function formViewActions(set: StoreApi<SettingsState>['setState'], get: () => SettingsState): FormViewActions {
  return {
    toggleAllHelp() {
      set({ showAllHelp: !get().showAllHelp });
    },
    setCardOpen(key, open) {
      set({ openCards: { ...get().openCards, [key]: open } });
    },
    openCardOf(reportId) {
      const report = get().draft.reports.find((r) => r.id === reportId);
      if (report === undefined) return null;
      get().setCardOpen(report.key, true);
      return reportCardId(report.key);
    },
  };
}
