import { businessMsBetween, isOpen, type BusinessHours } from './business-hours';
import type { Channel, ItemState } from './model';
import { WAITING_STATES } from './state-machine';

/** Per-channel service levels, in seconds: below `targetSec` ok, then due, breached from `breachSec` on. */
export interface SlaPolicy {
  targetSec: number;
  breachSec: number;
  /** When set, the clock only runs during opening hours (as Zendesk and Hootsuite do). */
  businessHours?: BusinessHours | null;
}

// Industry guidance: customers expect an answer on X within 15–30 minutes, on Facebook within hours.
export const DEFAULT_SLA: Record<Channel, SlaPolicy> = {
  x: { targetSec: 15 * 60, breachSec: 30 * 60 },
  facebook: { targetSec: 25 * 60, breachSec: 24 * 60 * 60 },
};

/** The policy in force for a channel: the team's per-channel levels and its business hours. */
export function policyFor(
  settings: { sla: Record<Channel, { targetSec: number; breachSec: number }>; businessHours: BusinessHours | null },
  channel: Channel,
): SlaPolicy {
  return { ...settings.sla[channel], businessHours: settings.businessHours };
}

export type SlaState = 'ok' | 'due' | 'breached' | 'paused' | 'stopped';

export interface SlaReading {
  state: SlaState;
  /** Seconds the customer has waited on the SLA clock (business time when hours are set), up to the first response. */
  ageSeconds: number;
}

export function readSla(
  item: { state: ItemState; postedAt: string; firstResponseAt: string | null },
  policy: SlaPolicy,
  nowMs: number,
): SlaReading {
  const posted = Date.parse(item.postedAt);
  const waiting = WAITING_STATES.has(item.state);
  const end = item.firstResponseAt ? Date.parse(item.firstResponseAt) : nowMs;
  const elapsedMs = policy.businessHours ? businessMsBetween(policy.businessHours, posted, end) : end - posted;
  // A post "from the future" (clock skew) has waited 0s.
  const ageSeconds = Number.isFinite(elapsedMs) ? Math.max(0, Math.floor(elapsedMs / 1000)) : 0;
  if (!waiting) return { state: 'stopped', ageSeconds };
  if (policy.businessHours && !isOpen(policy.businessHours, nowMs)) return { state: 'paused', ageSeconds };
  if (ageSeconds >= policy.breachSec) return { state: 'breached', ageSeconds };
  if (ageSeconds >= policy.targetSec) return { state: 'due', ageSeconds };
  return { state: 'ok', ageSeconds };
}
