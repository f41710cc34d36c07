import type { LengthReport } from '../../lib/shared/snippets/length';

/** The reply's length as the channel counts it (X: weighted), warning as the limit nears and when it is passed. */
export function CharCount(props: LengthReport) {
  const left = props.limit - props.length;
  const state = props.over ? 'over' : left <= 20 ? 'near' : 'ok';
  return (
    <span
      class={`count ${state}`}
      data-testid="carebar-char-count"
      data-length={String(props.length)}
      data-limit={String(props.limit)}
      data-state={state}
      title={props.over ? `${-left} over the limit of ${props.limit}` : `${left} left of ${props.limit}`}
    >
      {props.length}/{props.limit}
    </span>
  );
}

export const CHAR_COUNT_CSS = `
:host { all: initial; }
.count { position: fixed; z-index: 2147483645; padding: 1px 6px; border-radius: 8px; background: #f7f9f9; color: #536471;
  border: 1px solid #cfd9de; font: 11px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; pointer-events: none; }
.count.near { color: #8a5a00; border-color: #8a5a00; }
.count.over { color: #fff; background: #b3261e; border-color: #b3261e; }
`;
