import type { Channel, ItemState } from './model';

/** Per-channel service levels, in seconds: below `targetSec` ok, then due, breached from `breachSec` on. */
export interface SlaPolicy {
  targetSec: number;
  breachSec: number;
}

// Industry guidance: customers expect an answer on X within 15–30 minutes, on Facebook within hours.
export const DEFAULT_SLA: Record<Channel, SlaPolicy> = {
  x: { targetSec: 15 * 60, breachSec: 30 * 60 },
  facebook: { targetSec: 25 * 60, breachSec: 24 * 60 * 60 },
};

export type SlaState = 'ok' | 'due' | 'breached' | 'paused' | 'stopped';

/** States in which the customer is still waiting for us. */
const WAITING_STATES: ReadonlySet<ItemState> = new Set(['new', 'claimed']);

export interface SlaReading {
  state: SlaState;
  /** Seconds the customer has waited (up to the first response, once answered). */
  ageSeconds: number;
}

export function readSla(
  item: { state: ItemState; postedAt: string; firstResponseAt: string | null },
  policy: SlaPolicy,
  nowMs: number,
): SlaReading {
  const posted = Date.parse(item.postedAt);
  const end = item.firstResponseAt ? Date.parse(item.firstResponseAt) : nowMs;
  const ageSeconds = Math.max(0, Math.floor((end - posted) / 1000));
  if (!WAITING_STATES.has(item.state)) return { state: 'stopped', ageSeconds };
  if (ageSeconds >= policy.breachSec) return { state: 'breached', ageSeconds };
  if (ageSeconds >= policy.targetSec) return { state: 'due', ageSeconds };
  return { state: 'ok', ageSeconds };
}

/** Compact wait: 45s, 12m, 3h, 2d. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
