// The manual's words for a field, one click (or Enter) away: a native <details>, so it is keyboard
// accessible without script.
import { HELP, type HelpKey } from '../../form/help-texts';

export function HelpText({ id, help }: { readonly id: string; readonly help: HelpKey }) {
  return (
    <details className="help" id={id}>
      <summary>説明</summary>
      {HELP[help].map((line) => (
        <p key={line}>{line}</p>
      ))}
    </details>
  );
}
