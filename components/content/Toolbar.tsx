import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import type { ItemState, PostInfo } from '../../lib/shared/model';
import type { Clock } from '../../lib/content/clock';
import { formatDuration } from '../../lib/shared/duration';
import { readSla, type SlaPolicy, type SlaState } from '../../lib/shared/sla';
import { allowedNext, UNDO_WINDOW_MS } from '../../lib/shared/state-machine';
import { useBusyAction } from '../shared/use-busy-action';

/** Commands the in-page keyboard shortcuts send to the focused post's toolbar. */
export type ToolbarCommand = 'claim' | 'replied' | 'escalate' | 'ignore' | 'undo' | 'customer';

export interface ToolbarProps {
  post: PostInfo;
  clock: Clock;
  /** Current row from the background; undefined until the first answer. */
  subscribe: (listener: (row: ItemRow) => void) => () => void;
  initialRow: ItemRow | undefined;
  /** The SLA policy in force for this post's channel (changes apply to open items); the same object until it changes. */
  subscribePolicy: (listener: (policy: SlaPolicy) => void) => () => void;
  /** The policy known at mount: the toolbar's first render is complete, not one render per arriving value. */
  initialPolicy: SlaPolicy | null;
  /** Subscribe to this toolbar's on-screen visibility: off-screen timers do no work. */
  onVisibility: (listener: (visible: boolean) => void) => () => void;
  /** Receive keyboard-shortcut commands while this post is focused. */
  onCommand: (listener: (command: ToolbarCommand) => void) => () => void;
  setState: (to: ItemState, note?: string) => Promise<EventRow>;
  undo: (eventId: string) => Promise<void>;
  /** A note shown in the toolbar, e.g. "no brand accounts set". */
  notice?: string | null;
  /** The extension-origin URL of this post's customer card (framed, so the page cannot read it). */
  customerCardUrl: string;
  /** Snippets: shown only while a site composer answers this post (watch says when), open() opens the palette. */
  snippets?: { watch: (listener: (available: boolean) => void) => () => void; open: () => void };
  /** The author's CRM badge (tier, open tickets/orders) once known: nothing confidential. */
  subscribeBadge?: (listener: (badge: { tier: string | null; open: number } | null) => void) => () => void;
  /** Move to DM (issue 6): inserts the approved DM request, opens the DM, sets dm; resolves with the state event. */
  moveToDm?: () => Promise<EventRow>;
  /** The DM prompt / close-the-loop controls for the current row (components/content/DmPrompt.tsx). */
  dmPrompt?: (row: ItemRow | undefined) => ComponentChild;
}

const SLA_LABEL: Record<SlaState, { icon: string; label: string }> = {
  ok: { icon: '●', label: 'On time' },
  due: { icon: '▲', label: 'Due' },
  breached: { icon: '✖', label: 'Breached' },
  paused: { icon: '❚❚', label: 'Paused (outside business hours)' },
  stopped: { icon: '✔', label: 'Answered' },
};

const STATE_LABEL: Record<ItemState, string> = {
  new: 'New',
  claimed: 'Claimed',
  replied: 'Replied',
  dm: 'In DM',
  escalated: 'Escalated',
  ignored: 'Ignored',
  closed: 'Closed',
};

/** How long the pointer rests on the customer button before the card's frame is loaded ahead of a click. */
const CARD_PRELOAD_MS = 100;

const wholeSecond = (ms: number) => ms - (ms % 1000);

/**
 * What the toolbar shows of its row. The first row of a new post (state new, the post's own time) shows nothing the
 * post did not already show: it does not re-render the toolbar.
 */
function shownOf(row: ItemRow | undefined, post: PostInfo): string {
  if (!row) return ['new', post.postedAt, null, post.postedAt === null, null].join('|');
  return [row.state, row.postedAt, row.firstResponseAt, row.postedAtEstimated, row.state === 'dm' ? row.stateChangedAt : null].join('|');
}

export function Toolbar(props: ToolbarProps) {
  const [row, setRow] = useState<ItemRow | undefined>(props.initialRow);
  const [policy, setPolicy] = useState<SlaPolicy | null>(props.initialPolicy);
  // Whole seconds: the toolbar shows no finer, and a toolbar that comes into view within the second it was drawn
  // does not draw again.
  const [now, setNow] = useState(() => wholeSecond(props.clock.now()));
  const { busy, error, setError, run } = useBusyAction();
  const [escalating, setEscalating] = useState(false);
  const [undoable, setUndoable] = useState<EventRow | null>(null);
  const [cardOpen, setCardOpen] = useState(false);
  const [cardLoaded, setCardLoaded] = useState(false);
  useEffect(() => {
    if (cardOpen) setCardLoaded(true);
  }, [cardOpen]);
  // A pointer resting on the customer button loads the card's frame hidden, so the click shows a card that is
  // already there (a pointer passing over a timeline loads nothing: it must rest CARD_PRELOAD_MS first).
  const cardPreload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(cardPreload.current), []);
  const [badge, setBadge] = useState<{ tier: string | null; open: number } | null>(null);
  const [canSnippet, setCanSnippet] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => props.snippets?.watch(setCanSnippet), [props.snippets]);

  // A fresh row (e.g. a change that was retried and is now stored) supersedes an earlier failure message.
  useEffect(() => props.subscribe((next) => {
    setRow((current) => (shownOf(current, props.post) === shownOf(next, props.post) ? current : next));
    setError(null);
  }), [props.subscribe]);
  useEffect(() => props.subscribeBadge?.(setBadge), [props.subscribeBadge]);
  useEffect(() => props.subscribePolicy(setPolicy), [props.subscribePolicy]);
  useEffect(() => {
    let unsubscribeClock: (() => void) | null = null;
    const stopWatching = props.onVisibility((visible) => {
      if (visible && !unsubscribeClock) {
        setNow(wholeSecond(props.clock.now()));
        unsubscribeClock = props.clock.subscribe((ms) => setNow(wholeSecond(ms)));
      } else if (!visible && unsubscribeClock) {
        unsubscribeClock();
        unsubscribeClock = null;
      }
    });
    return () => {
      stopWatching();
      unsubscribeClock?.();
    };
  }, [props.clock, props.onVisibility]);
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
      const event = await props.setState(to, note);
      setUndoable(event);
    });
  const undo = () =>
    undoable &&
    run(async () => {
      await props.undo(undoable.id);
      setUndoable(null);
    });

  const commandRef = useRef<(c: ToolbarCommand) => void>(() => {});
  commandRef.current = (command) => {
    if (command === 'customer') return setCardOpen(true);
    if (busy) return;
    if (command === 'claim' && next.includes('claimed')) void change('claimed');
    if (command === 'replied' && next.includes('replied')) void change('replied');
    if (command === 'ignore' && next.includes('ignored')) void change('ignored');
    if (command === 'escalate' && next.includes('escalated')) setEscalating(true);
    if (command === 'undo') void undo();
  };
  useEffect(() => props.onCommand((c) => commandRef.current(c)), [props.onCommand]);

  const timing = policy
    ? readSla(
        {
          state,
          postedAt: row?.postedAt ?? props.post.postedAt ?? new Date(now).toISOString(),
          firstResponseAt: row?.firstResponseAt ?? null,
        },
        policy,
        now,
      )
    : null;
  // The page showed no exact time: the wait is at least this long.
  const estimated = row ? row.postedAtEstimated : props.post.postedAt === null;
  const sla = timing ? SLA_LABEL[timing.state] : null;

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
      {timing && sla ? (
        <span
          class="timer"
          data-testid="carebar-timer"
          data-sla-state={timing.state}
          data-age-seconds={String(timing.ageSeconds)}
          title={`${sla.label}: customer waited ${estimated ? 'at least ' : ''}${formatDuration(timing.ageSeconds, 1)}${estimated ? ' (counted from when Carebar first saw the post: the page shows no exact time)' : ''}`}
        >
          <span aria-hidden="true">{sla.icon}</span>
          {estimated ? '≥ ' : ''}
          {formatDuration(timing.ageSeconds, 1)}
          <span class="note">{sla.label}</span>
        </span>
      ) : null}
      <span class="state" data-testid="carebar-state" data-state={state}>
        {STATE_LABEL[state]}
      </span>
      <button
        type="button"
        class="customer"
        data-testid="carebar-customer"
        aria-expanded={cardOpen}
        title="Customer card"
        onClick={() => setCardOpen(!cardOpen)}
        onPointerEnter={() => {
          clearTimeout(cardPreload.current);
          cardPreload.current = setTimeout(() => setCardLoaded(true), CARD_PRELOAD_MS);
        }}
        onPointerLeave={() => clearTimeout(cardPreload.current)}
      >
        {props.post.authorName ?? props.post.authorHandle ?? 'Customer'}
        {badge && (badge.tier || badge.open) ? (
          <span class="badge" data-testid="carebar-customer-badge" data-tier={badge.tier ?? ''} data-open={String(badge.open)} title={`${badge.tier ?? 'Customer'}${badge.open ? `, ${badge.open} open order(s)/ticket(s)` : ''}`}>
            {[badge.tier, badge.open ? `${badge.open} open` : null].filter(Boolean).join(' · ')}
          </span>
        ) : null}
      </button>
      <button type="button" data-testid="carebar-claim" title="Claim (c)" disabled={busy || !next.includes('claimed')} onClick={() => change('claimed')}>
        Claim
      </button>
      <button type="button" data-testid="carebar-mark-replied" title="Mark replied (r)" disabled={busy || !next.includes('replied')} onClick={() => change('replied')}>
        Replied
      </button>
      {props.snippets && canSnippet ? (
        <button type="button" data-testid="carebar-snippets" title="Insert a snippet (Alt+Shift+S in the reply box)" onClick={() => props.snippets!.open()}>
          Snippets
        </button>
      ) : null}
      <button type="button" data-testid="carebar-move-dm" title="Move to DM" disabled={busy || !next.includes('dm')} onClick={() => (props.moveToDm ? run(async () => setUndoable(await props.moveToDm!())) : change('dm'))}>
        Move to DM
      </button>
      {props.dmPrompt?.(row)}
      <button type="button" data-testid="carebar-escalate" title="Escalate (e)" disabled={busy || !next.includes('escalated')} onClick={() => setEscalating(!escalating)}>
        Escalate…
      </button>
      <button type="button" data-testid="carebar-ignore" title="No response needed (i)" disabled={busy || !next.includes('ignored')} onClick={() => change('ignored')}>
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
      {cardOpen || cardLoaded ? (
        // Kept (hidden) once loaded: reopening shows the live card at once; it keeps itself current.
        <iframe class="card" data-testid="carebar-customer-frame" title="Customer card" src={props.customerCardUrl} hidden={!cardOpen} />
      ) : null}
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
