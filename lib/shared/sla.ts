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

/** The business-hours arithmetic a reading needs when hours are set (lib/shared/business-hours.ts). */
export interface HoursMath {
  businessMsBetween: typeof businessMsBetween;
  isOpen: typeof isOpen;
}

export const HOURS_MATH: HoursMath = { businessMsBetween, isOpen };

type SlaItem = { state: ItemState; postedAt: string; firstResponseAt: string | null };

export function readSla(item: SlaItem, policy: SlaPolicy, nowMs: number): SlaReading {
  return readSlaWith(item, policy, nowMs, HOURS_MATH);
}

/**
 * readSla with the business-hours arithmetic passed in: the content scripts load it (/business-hours.js) only when
 * hours are set, before they read a clock under them (without it, hours would not be applied).
 */
export function readSlaWith(item: SlaItem, policy: SlaPolicy, nowMs: number, math: HoursMath | null): SlaReading {
  const hours = math && policy.businessHours ? { math, at: policy.businessHours } : null;
  const posted = Date.parse(item.postedAt);
  const waiting = WAITING_STATES.has(item.state);
  const end = item.firstResponseAt ? Date.parse(item.firstResponseAt) : nowMs;
  const elapsedMs = hours ? hours.math.businessMsBetween(hours.at, posted, end) : end - posted;
  // A post "from the future" (clock skew) has waited 0s.
  const ageSeconds = Number.isFinite(elapsedMs) ? Math.max(0, Math.floor(elapsedMs / 1000)) : 0;
  if (!waiting) return { state: 'stopped', ageSeconds };
  if (hours && !hours.math.isOpen(hours.at, nowMs)) return { state: 'paused', ageSeconds };
  if (ageSeconds >= policy.breachSec) return { state: 'breached', ageSeconds };
  if (ageSeconds >= policy.targetSec) return { state: 'due', ageSeconds };
  return { state: 'ok', ageSeconds };
}
