import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import type { ItemState, PostInfo } from '../../lib/shared/model';
import type { ToolbarCommand, ToolbarSlot, ToolbarSlotProps } from '../../lib/content/feature';
import { allowedNext, UNDO_WINDOW_MS } from '../../lib/shared/state-machine';
import { useBusyAction } from '../shared/use-busy-action';

export type { ToolbarCommand };

/** The item behind the toolbar, kept in step with the background (lib/content/item-store.ts). */
export interface ToolbarItem {
  /** The row known at mount; undefined until the first answer. */
  initialRow: ItemRow | undefined;
  subscribe: (listener: (row: ItemRow) => void) => () => void;
  setState: (to: ItemState, note?: string) => Promise<EventRow>;
  undo: (eventId: string) => Promise<void>;
}

export interface ToolbarProps {
  post: PostInfo;
  postEl: Element;
  /** This toolbar's shadow host. */
  host: Element;
  item: ToolbarItem;
  /** A note shown in the toolbar, e.g. "no brand accounts set". */
  notice: string | null;
  /** What the features add (timer, customer card, snippets, Move to DM…), in feature order. */
  slots: readonly ToolbarSlot[];
  /** Receive commands (keyboard shortcuts, author hover) for this post. */
  onCommand: (listener: (command: ToolbarCommand) => void) => () => void;
}

const STATE_LABEL: Record<ItemState, string> = {
  new: 'New',
  claimed: 'Claimed',
  replied: 'Replied',
  dm: 'In DM',
  escalated: 'Escalated',
  ignored: 'Ignored',
  closed: 'Closed',
};

/**
 * What the toolbar shows of its row. The first row of a new post (state new, the post's own time) shows nothing the
 * post did not already show: it does not re-render the toolbar.
 */
function shownOf(row: ItemRow | undefined, post: PostInfo): string {
  if (!row) return ['new', post.postedAt, null, post.postedAt === null, null].join('|');
  return [row.state, row.postedAt, row.firstResponseAt, row.postedAtEstimated, row.state === 'dm' ? row.stateChangedAt : null].join('|');
}

/** The toolbar on one post: the item's state and its changes (claim, replied, escalate, ignore, undo), plus slots. */
export function Toolbar(props: ToolbarProps) {
  const [row, setRow] = useState<ItemRow | undefined>(props.item.initialRow);
  const { busy, error, setError, run } = useBusyAction();
  const [escalating, setEscalating] = useState(false);
  const [undoable, setUndoable] = useState<EventRow | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  // A fresh row (e.g. a change that was retried and is now stored) supersedes an earlier failure message.
  useEffect(
    () =>
      props.item.subscribe((next) => {
        setRow((current) => (shownOf(current, props.post) === shownOf(next, props.post) ? current : next));
        setError(null);
      }),
    [props.item.subscribe],
  );
  // The undo offer lasts UNDO_WINDOW_MS.
  useEffect(() => {
    if (!undoable) return;
    const t = setTimeout(() => setUndoable(null), Math.max(0, Date.parse(undoable.at) + UNDO_WINDOW_MS - Date.now()));
    return () => clearTimeout(t);
  }, [undoable]);
  useEffect(() => {
    if (escalating) reasonRef.current?.focus();
  }, [escalating]);

  const state: ItemState = row?.state ?? 'new';
  const next = allowedNext(state);
  const change = (to: ItemState, note?: string) =>
    run(async () => {
      const event = await props.item.setState(to, note);
      setUndoable(event);
    });
  const undo = () =>
    undoable &&
    run(async () => {
      await props.item.undo(undoable.id);
      setUndoable(null);
    });

  const commandRef = useRef<(c: ToolbarCommand) => void>(() => {});
  commandRef.current = (command) => {
    if (busy) return;
    if (command === 'claim' && next.includes('claimed')) void change('claimed');
    if (command === 'replied' && next.includes('replied')) void change('replied');
    if (command === 'ignore' && next.includes('ignored')) void change('ignored');
    if (command === 'escalate' && next.includes('escalated')) setEscalating(true);
    if (command === 'undo') void undo();
  };
  useEffect(() => props.onCommand((c) => commandRef.current(c)), [props.onCommand]);

  const slotProps: ToolbarSlotProps = {
    post: props.post,
    postEl: props.postEl,
    host: props.host,
    row,
    busy,
    run,
    offerUndo: setUndoable,
    onCommand: props.onCommand,
  };
  const slotsAt = (at: ToolbarSlot['at']) => props.slots.filter((slot) => slot.at === at).map((slot) => h(slot.component, slotProps));

  const submitEscalation = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const reason = String(data.get('reason') ?? '').trim();
    const target = String(data.get('target') ?? '').trim();
    if (!reason || !target) {
      setError('Say why, and to whom, you escalate.');
      return;
    }
    setEscalating(false);
    void change('escalated', `Escalated to ${target}: ${reason}`);
  };

  return (
    <div class="bar" role="toolbar" aria-label="Carebar">
      {slotsAt('start')}
      <span class="state" data-testid="carebar-state" data-state={state}>
        {STATE_LABEL[state]}
      </span>
      {slotsAt('identity')}
      <button
        type="button"
        data-testid="carebar-claim"
        title="Claim (c)"
        disabled={busy || !next.includes('claimed')}
        onClick={() => change('claimed')}
      >
        Claim
      </button>
      <button
        type="button"
        data-testid="carebar-mark-replied"
        title="Mark replied (r)"
        disabled={busy || !next.includes('replied')}
        onClick={() => change('replied')}
      >
        Replied
      </button>
      {slotsAt('actions')}
      <button
        type="button"
        data-testid="carebar-escalate"
        title="Escalate (e)"
        disabled={busy || !next.includes('escalated')}
        onClick={() => setEscalating(!escalating)}
      >
        Escalate…
      </button>
      <button
        type="button"
        data-testid="carebar-ignore"
        title="No response needed (i)"
        disabled={busy || !next.includes('ignored')}
        onClick={() => change('ignored')}
      >
        Ignore
      </button>
      {undoable ? (
        <button type="button" data-testid="carebar-undo" onClick={undo} disabled={busy}>
          Undo
        </button>
      ) : null}
      {props.notice ? <span class="note">{props.notice}</span> : null}
      {escalating ? (
        <form class="escalate" data-testid="carebar-escalate-form" onSubmit={submitEscalation}>
          <label>
            Why <input ref={reasonRef} name="reason" maxLength={500} required />
          </label>
          <label>
            To <input name="target" maxLength={100} placeholder="supervisor or ticket" required />
          </label>
          <button type="submit">Escalate</button>
          <button type="button" onClick={() => setEscalating(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
