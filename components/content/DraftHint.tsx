import type { GuardProblem } from '../../lib/shared/detect/types';

/**
 * A quiet line under the reply box while the draft holds personal data: what was found, and that a DM is the place
 * for it. Not a dialog: the reply guard still asks before anything goes public.
 */
export function DraftHint(props: { problems: GuardProblem[] }) {
  return (
    <div class="hint" role="status" data-testid="carebar-draft-hint" data-kind={props.problems.map((p) => p.kind).join(' ')}>
      <span aria-hidden="true">🔒</span> {props.problems.map((p) => p.message).join(' ')} Consider a DM.
    </div>
  );
}

export const DRAFT_HINT_CSS = `
.hint { position: fixed; z-index: 2147483645; max-width: min(420px, calc(100vw - 16px)); padding: 2px 8px; border-radius: 6px; pointer-events: none;
  background: rgba(255, 196, 0, .16); color: rgb(120, 70, 0); font: 12px/1.5 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
:host([data-theme='dark']) .hint { color: rgb(255, 205, 110); background: rgba(255, 196, 0, .14); }
`;
