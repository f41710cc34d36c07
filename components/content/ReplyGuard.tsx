import { useEffect, useRef } from 'preact/hooks';
import type { GuardChoiceHandlers } from '../../lib/content/reply-guard';

/** The reply guard's dialog: why the reply was held back, and the agent's three choices. Text only, never HTML. */
export function ReplyGuard(props: GuardChoiceHandlers & { onClose: () => void }) {
  const editRef = useRef<HTMLButtonElement>(null);
  useEffect(() => editRef.current?.focus({ preventScroll: true }), []);
  const choose = (choice: () => void) => () => {
    props.onClose();
    choice();
  };
  return (
    <div class="guard" role="alertdialog" aria-labelledby="carebar-guard-title" data-testid="carebar-reply-guard">
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
.guard { position: fixed; left: 50%; top: 18%; transform: translateX(-50%); z-index: 2147483647; padding: 14px 18px; border-radius: 10px; background: #16181c; color: #e7e9ea; max-width: 460px;
  font: 14px/1.45 system-ui, sans-serif; box-shadow: 0 4px 20px rgba(0,0,0,.45); border: 2px solid #f4a93c; }
ul { margin: 8px 0 12px; padding-left: 18px; }
.choices { display: flex; gap: 8px; }
button { all: unset; cursor: pointer; padding: 4px 12px; border: 1px solid #536471; border-radius: 6px; }
button.anyway { border-color: #f4877f; }
button:focus-visible { outline: 2px solid #6cb6ff; }
`;
