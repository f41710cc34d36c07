import { useEffect, useState } from 'preact/hooks';
import type { ItemRow } from '../../lib/shared/records';
import type { ItemState, PostInfo } from '../../lib/shared/model';
import type { Clock } from '../../lib/content/clock';
import { formatDuration } from '../../lib/shared/duration';
import { readSla, type SlaPolicy, type SlaState } from '../../lib/shared/sla';

export interface TimerProps {
  post: PostInfo;
  row: ItemRow | undefined;
  clock: Clock;
  /** The SLA policy in force for this post's channel (changes apply to open items); the same object until it changes. */
  subscribePolicy: (listener: (policy: SlaPolicy) => void) => () => void;
  /** The policy known at mount: the first render is complete, not one render per arriving value. */
  initialPolicy: SlaPolicy | null;
  /** This toolbar's on-screen visibility: off-screen timers do no work. */
  onVisibility: (listener: (visible: boolean) => void) => () => void;
}

const SLA_LABEL: Record<SlaState, { icon: string; label: string }> = {
  ok: { icon: '●', label: 'On time' },
  due: { icon: '▲', label: 'Due' },
  breached: { icon: '✖', label: 'Breached' },
  paused: { icon: '❚❚', label: 'Paused (outside business hours)' },
  stopped: { icon: '✔', label: 'Answered' },
};

const wholeSecond = (ms: number) => ms - (ms % 1000);

/** How long the customer has waited, against the team's SLA (carebar-timer). Only this ticks, not the toolbar. */
export function Timer(props: TimerProps) {
  const [policy, setPolicy] = useState<SlaPolicy | null>(props.initialPolicy);
  // Whole seconds: the timer shows no finer, and a toolbar that comes into view within the second it was drawn
  // does not draw again.
  const [now, setNow] = useState(() => wholeSecond(props.clock.now()));
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

  if (!policy) return null;
  const { row, post } = props;
  const state: ItemState = row?.state ?? 'new';
  const timing = readSla(
    { state, postedAt: row?.postedAt ?? post.postedAt ?? new Date(now).toISOString(), firstResponseAt: row?.firstResponseAt ?? null },
    policy,
    now,
  );
  // The page showed no exact time: the wait is at least this long.
  const estimated = row ? row.postedAtEstimated : post.postedAt === null;
  const sla = SLA_LABEL[timing.state];
  return (
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
  );
}
