// The clerk's edits of the settings draft — a field, one Step4 card, the list of cards — each a new
// draft handed to `edit`, which revalidates it (settings-transitions.ts afterEdit).
import { duplicateReport, emptyReport, moveItem, type SettingsDraft } from '../form/settings-draft';
import type { SettingsState } from './settings-store';

export type DraftEdits = Pick<SettingsState, 'update' | 'updateReport' | 'addReport' | 'duplicateReport' | 'moveReport' | 'removeReport'>;

export function draftEdits(draft: () => SettingsDraft, edit: (next: SettingsDraft) => void): DraftEdits {
  const reports = (change: (list: SettingsDraft['reports']) => SettingsDraft['reports']) => {
    const d = draft();
    edit({ ...d, reports: change(d.reports) });
  };
  return {
    update(change) {
      edit(change(draft()));
    },
    updateReport(index, change) {
      reports((list) => list.map((r, i) => (i === index ? change(r) : r)));
    },
    addReport() {
      reports((list) => [...list, emptyReport()]);
    },
    duplicateReport(index) {
      const source = draft().reports[index];
      if (source === undefined) return;
      // The copy goes right below its source, where the clerk is looking.
      reports((list) => [...list.slice(0, index + 1), duplicateReport(source), ...list.slice(index + 1)]);
    },
    moveReport(index, to) {
      reports((list) => moveItem(list, index, to));
    },
    removeReport(index) {
      reports((list) => list.filter((_, i) => i !== index));
    },
  };
}
