// The manual's words for a field. The text is always in the page and tied to the field by
// aria-describedby (a screen reader reads it with the field); on screen it opens with the field's 「？」
// button (a mouse aid, outside the Tab order) or with 「説明をすべて表示」 at the top of the form, so
// the keyboard does not pass 32 extra stops on its way through the form.
import { useState } from 'react';
import { HELP, type HelpKey } from '../../form/help-texts';
import { useSettings } from '../../stores/stores-context';

export function useHelpOpen(): { readonly open: boolean; readonly toggle: () => void; readonly all: boolean } {
  const all = useSettings((s) => s.showAllHelp);
  const [own, setOwn] = useState(false);
  return { open: all || own, toggle: () => setOwn(!own), all };
}

export function HelpButton({ helpId, label, open, onToggle }: { readonly helpId: string; readonly label: string; readonly open: boolean; readonly onToggle: () => void }) {
  const state = open ? 'open' : 'closed';
  return (
    // Hidden from screen readers, which read the same text through the field's aria-describedby.
    <button type="button" className="help-button" tabIndex={-1} aria-hidden="true" title={`${label}の説明`} data-help-for={helpId} data-state={state} onClick={onToggle}>
      ？
    </button>
  );
}

export function HelpText({ id, help, open }: { readonly id: string; readonly help: HelpKey; readonly open: boolean }) {
  return (
    <div className="help" id={id} hidden={!open}>
      {HELP[help].map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
