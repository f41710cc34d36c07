import type { Channel, ItemState } from '../../../lib/shared/model';
import type { SlaState } from '../../../lib/shared/sla';
import { formatDuration } from '../../../lib/shared/duration';

// Words the extension pages use for the model's values: one place, so the queue, options and reports agree.

export const CHANNEL_LABEL: Record<Channel, string> = { x: 'X', facebook: 'Facebook' };

export const SLA_WORDS: Record<SlaState, string> = {
  ok: 'On time',
  due: 'Due',
  breached: 'Breached',
  paused: 'Paused',
  stopped: 'Answered',
};

export const SLA_ICON: Record<SlaState, string> = { ok: '●', due: '▲', breached: '✖', paused: '❚❚', stopped: '✔' };

export const STATE_WORDS: Record<ItemState, string> = {
  new: 'Unclaimed',
  claimed: 'Claimed',
  replied: 'Replied',
  dm: 'In DM',
  escalated: 'Escalated',
  ignored: 'Ignored',
  closed: 'Closed',
};

/** A wait as people say it: "45s", "12m", then "2h 05m", "3d 4h" (no ticking seconds once it is minutes). */
export function formatWait(seconds: number): string {
  return formatDuration(Math.max(0, Math.floor(seconds)), seconds < 3600 ? 1 : 2);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(iso: string, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  const d = Math.round(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** Tiers agents treat as priority customers. */
export function isPriorityTier(tier: string | null | undefined): boolean {
  return !!tier && /^(vip|platinum|gold|enterprise|premium|priority)$/i.test(tier.trim());
}
