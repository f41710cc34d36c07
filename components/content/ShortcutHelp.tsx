import { useEffect, useRef } from 'preact/hooks';
import { placePanel, type Box } from './place';

/**
 * The keyboard shortcuts and what they do: [keys, meaning] pairs, as the features declare them. Placed beside the
 * selected post (`beside`), never over it; in the corner when there is none.
 */
export function ShortcutHelp(props: { entries: [string, string][]; onClose: () => void; beside: Box | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    if (props.beside) placePanel(panel, props.beside, { avoid: [props.beside], prefer: ['right', 'left', 'below', 'above'], gap: 16 });
    else {
      panel.style.right = '16px';
      panel.style.bottom = '16px';
    }
  }, [props.beside]);
  return (
    <div class="help" role="dialog" aria-label="Carebar keyboard shortcuts" data-testid="carebar-shortcut-help" ref={ref}>
      <strong>Keyboard</strong>
      <dl>
        {props.entries.map(([keys, what]) => (
          <>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={props.onClose}>
        Close (?)
      </button>
    </div>
  );
}

export const SHORTCUT_HELP_CSS = `
/* Positioned inside the shadow root: the host's inline all: initial overrides any :host rule. */
.help { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 320px; max-height: calc(100vh - 16px); overflow: auto; padding: 12px 16px;
  border-radius: 12px; background: rgba(15,20,25,.96); color: #e7e9ea; font: 13px/1.5 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  box-shadow: 0 4px 16px rgba(0,0,0,.35); }
strong { font-size: 15px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 8px 0 10px; align-items: baseline; }
dt { white-space: nowrap; }
kbd { font: 600 12px/18px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 0 6px; border: 1px solid rgba(255,255,255,.35); border-radius: 4px; }
dd { margin: 0; }
button { all: unset; cursor: pointer; padding: 2px 12px; border: 1px solid rgba(255,255,255,.35); border-radius: 999px; }
button:focus-visible { outline: 2px solid #1d9bf0; }
`;
