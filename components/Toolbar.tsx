import { useEffect, useState } from 'preact/hooks';
import type { ItemRow } from '../lib/db/types';
import type { ItemState, PostInfo } from '../lib/model';
import type { Clock } from '../lib/overlay/clock';
import { formatAge, readSla, type SlaPolicy, type SlaState } from '../lib/sla';

export interface ToolbarProps {
  post: PostInfo;
  policy: SlaPolicy;
  clock: Clock;
  /** Current row from the background; undefined until the first answer. */
  subscribe: (listener: (row: ItemRow) => void) => () => void;
  initialRow: ItemRow | undefined;
  /** Subscribe to this toolbar's on-screen visibility: off-screen timers do no work. */
  onVisibility: (listener: (visible: boolean) => void) => () => void;
  setState: (to: ItemState) => Promise<void>;
}

const SLA_LABEL: Record<SlaState, { icon: string; label: string }> = {
  ok: { icon: '●', label: 'On time' },
  due: { icon: '▲', label: 'Due' },
  breached: { icon: '✖', label: 'Breached' },
  paused: { icon: '❚❚', label: 'Paused' },
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

export function Toolbar(props: ToolbarProps) {
  const [row, setRow] = useState<ItemRow | undefined>(props.initialRow);
  const [now, setNow] = useState(() => props.clock.now());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => props.subscribe(setRow), [props.subscribe]);
  useEffect(() => {
    let unsubscribeClock: (() => void) | null = null;
    const stopWatching = props.onVisibility((visible) => {
      if (visible && !unsubscribeClock) {
        setNow(props.clock.now());
        unsubscribeClock = props.clock.subscribe(setNow);
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

  const state: ItemState = row?.state ?? 'new';
  const timing = readSla(
    {
      state,
      postedAt: row?.postedAt ?? props.post.postedAt ?? new Date(now).toISOString(),
      firstResponseAt: row?.firstResponseAt ?? null,
    },
    props.policy,
    now,
  );
  const estimated = row ? row.postedAtEstimated : props.post.postedAt === null;
  const sla = SLA_LABEL[timing.state];

  const act = (to: ItemState) => async () => {
    setBusy(true);
    setError(null);
    try {
      await props.setState(to);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="bar" role="toolbar" aria-label="Carebar">
      <span
        class="timer"
        data-testid="carebar-timer"
        data-sla-state={timing.state}
        data-age-seconds={String(timing.ageSeconds)}
        title={`${sla.label}: customer waited ${formatAge(timing.ageSeconds)}${estimated ? ' (since Carebar first saw the post; the page shows no exact time)' : ''}`}
      >
        <span aria-hidden="true">{sla.icon}</span>
        {formatAge(timing.ageSeconds)}
        {estimated ? '≈' : ''}
        <span class="note">{sla.label}</span>
      </span>
      <span class="state" data-testid="carebar-state" data-state={state}>
        {STATE_LABEL[state]}
      </span>
      <button type="button" data-testid="carebar-claim" disabled={busy || state === 'claimed'} onClick={act('claimed')}>
        Claim
      </button>
      <button type="button" data-testid="carebar-mark-replied" disabled={busy || state === 'replied'} onClick={act('replied')}>
        Replied
      </button>
      <button type="button" data-testid="carebar-move-dm" disabled={busy || state === 'dm'} onClick={act('dm')}>
        Move to DM
      </button>
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
