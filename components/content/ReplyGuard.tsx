import { useEffect, useRef } from 'preact/hooks';
import type { GuardChoiceHandlers } from '../../lib/content/reply-guard';
import { placePanel, type Box } from './place';

/**
 * The reply guard's dialog: why the reply was held back, and the agent's three choices, next to the Reply button
 * that was pressed (`at`), never over the reply box (`keep`). Text only, never HTML.
 */
export function ReplyGuard(props: GuardChoiceHandlers & { onClose: () => void; at: Box | null; keep: Box[] }) {
  const editRef = useRef<HTMLButtonElement>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => editRef.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    if (ref.current && props.at)
      placePanel(ref.current, props.at, { avoid: props.keep, prefer: ['below', 'above', 'left', 'right'], align: 'end' });
  }, [props.at]);
  // Only a person's click chooses (a page script's synthetic click must not post the reply).
  const choose = (choice: () => void) => (event: Event) => {
    if (!event.isTrusted) return;
    props.onClose();
    choice();
  };
  return (
    <div
      class={props.at ? 'guard' : 'guard centred'}
      role="alertdialog"
      aria-labelledby="carebar-guard-title"
      data-testid="carebar-reply-guard"
      ref={ref}
    >
      <strong id="carebar-guard-title">Check this reply before it goes public</strong>
      <ul>
        {props.problems.map((p) => (
          <li data-testid="carebar-reply-guard-reason" data-kind={p.kind}>
            {p.message}
          </li>
        ))}
      </ul>
      <div class="choices">
        <button type="button" ref={editRef} data-testid="carebar-reply-guard-edit" onClick={choose(props.edit)}>
          Edit
        </button>
        <button type="button" data-testid="carebar-reply-guard-dm" onClick={choose(props.moveToDm)}>
          Move to DM
        </button>
        <button type="button" class="anyway" data-testid="carebar-reply-guard-post" onClick={choose(props.postAnyway)}>
          Post anyway
        </button>
      </div>
    </div>
  );
}

export const REPLY_GUARD_CSS = `
/* The host's inline style (all: initial) beats :host rules, so the dialog itself is the fixed layer. */
.guard { position: fixed; z-index: 2147483647; box-sizing: border-box; width: min(380px, calc(100vw - 16px)); padding: 12px 16px; border-radius: 12px; background: #16181c; color: #e7e9ea;
  font: 14px/1.45 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; box-shadow: 0 4px 20px rgba(0,0,0,.45); border: 2px solid #f4a93c; }
.guard.centred { left: 50%; top: 18%; transform: translateX(-50%); }
ul { margin: 8px 0 12px; padding-left: 18px; }
.choices { display: flex; gap: 8px; }
button { all: unset; cursor: pointer; padding: 4px 12px; border: 1px solid #536471; border-radius: 6px; }
button.anyway { border-color: #f4877f; }
button:focus-visible { outline: 2px solid #6cb6ff; }
`;
