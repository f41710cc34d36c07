import type { ItemRow } from './records';
import type { Settings } from './settings';
import type { ItemState } from './model';
import { policyFor, readSla, type SlaReading } from './sla';

export interface QueueEntry {
  item: ItemRow;
  sla: SlaReading;
  /** In a DM longer than the follow-up time without being closed. */
  dmOverdue: boolean;
}

const URGENCY: Record<SlaReading['state'], number> = { breached: 0, due: 1, ok: 2, paused: 3, stopped: 4 };

/** Open items, most urgent first: breached, then due, then by how long the customer has waited. */
export function buildQueue(
  items: ItemRow[],
  settings: Settings,
  nowMs: number,
  filter: { channel?: ItemRow['channel'] | 'all'; state?: ItemState | 'all' } = {},
): QueueEntry[] {
  return items
    .filter((i) => !filter.channel || filter.channel === 'all' || i.channel === filter.channel)
    .filter((i) => !filter.state || filter.state === 'all' || i.state === filter.state)
    .map((item) => ({
      item,
      sla: readSla(item, policyFor(settings, item.channel), nowMs),
      dmOverdue: item.state === 'dm' && nowMs - Date.parse(item.stateChangedAt) > settings.dmFollowUpHours * 3_600_000,
    }))
    .sort(
      (a, b) =>
        URGENCY[a.sla.state] - URGENCY[b.sla.state] || Number(b.dmOverdue) - Number(a.dmOverdue) || b.sla.ageSeconds - a.sla.ageSeconds,
    );
}

export function countByState(items: ItemRow[]): Partial<Record<ItemState, number>> {
  const counts: Partial<Record<ItemState, number>> = {};
  for (const i of items) counts[i.state] = (counts[i.state] ?? 0) + 1;
  return counts;
}
