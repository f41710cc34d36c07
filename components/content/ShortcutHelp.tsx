/** The keyboard shortcuts and what they do: [keys, meaning] pairs, as the features declare them. */
export function ShortcutHelp(props: { entries: [string, string][]; onClose: () => void }) {
  return (
    <div class="help" role="dialog" aria-label="Carebar keyboard shortcuts" data-testid="carebar-shortcut-help">
      <strong>Carebar shortcuts</strong>
      <dl>
        {props.entries.map(([keys, what]) => (
          <>
            <dt>{keys}</dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={props.onClose}>
        Close
      </button>
    </div>
  );
}

export const SHORTCUT_HELP_CSS = `
/* Positioned inside the shadow root: the host's inline all: initial overrides any :host rule. */
.help { position: fixed; left: 50%; top: 20%; transform: translateX(-50%); z-index: 2147483647; padding: 12px 16px; border-radius: 10px; background: #16181c; color: #e7e9ea;
  font: 13px/1.5 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.4); min-width: 260px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 8px 0; }
dt { font-family: ui-monospace, monospace; font-weight: 600; }
dd { margin: 0; }
button { all: unset; cursor: pointer; padding: 2px 10px; border: 1px solid #536471; border-radius: 6px; }
button:focus-visible { outline: 2px solid #6cb6ff; }
`;
