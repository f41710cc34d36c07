import type { ItemRow } from './records';
import type { Channel, ItemState } from './model';
import { policyFor, readSla, type SlaPolicy, type SlaReading, type SlaState } from './sla';
import type { BusinessHours } from './business-hours';

// The queue as the side panel shows it: open items, one row per conversation (a customer's follow-ups in one thread
// grouped under their first post), most urgent first; counts over every open item whatever the filters.

export interface QueueEntry {
  item: ItemRow;
  sla: SlaReading;
  /** In a DM longer than the follow-up time without being closed. */
  dmOverdue: boolean;
}

/** One row: the customer's first open post in a thread and their later posts in the same thread. */
export interface QueueGroup extends QueueEntry {
  /** Later open posts by the same customer in the same thread, oldest first. */
  followUps: QueueEntry[];
}

export type SlaFilter = 'all' | 'breached' | 'due' | 'ok';
/** Workflow filter: unclaimed (new), claimed, in a DM, escalated. */
export type StatusFilter = 'all' | 'new' | 'claimed' | 'dm' | 'escalated';

export interface QueueFilter {
  channel?: Channel | 'all';
  state?: ItemState | StatusFilter;
  sla?: SlaFilter;
}

interface QueueSettings {
  sla: Record<Channel, { targetSec: number; breachSec: number }>;
  businessHours: BusinessHours | null;
  dmFollowUpHours: number;
}

const URGENCY: Record<SlaState, number> = { breached: 0, due: 1, ok: 2, paused: 3, stopped: 4 };

function entryOf(item: ItemRow, policies: Record<Channel, SlaPolicy>, settings: QueueSettings, nowMs: number): QueueEntry {
  return {
    item,
    sla: readSla(item, policies[item.channel], nowMs),
    dmOverdue: item.state === 'dm' && nowMs - Date.parse(item.stateChangedAt) > settings.dmFollowUpHours * 3_600_000,
  };
}

const byUrgency = (a: QueueEntry, b: QueueEntry) =>
  // A post going viral first (issue 17), then breached, then due, then by how long the customer has waited.
  Number(b.item.viral === 'rising') - Number(a.item.viral === 'rising') ||
  URGENCY[a.sla.state] - URGENCY[b.sla.state] ||
  Number(b.dmOverdue) - Number(a.dmOverdue) ||
  b.sla.ageSeconds - a.sla.ageSeconds ||
  a.item.key.localeCompare(b.item.key);

function policiesOf(settings: QueueSettings): Record<Channel, SlaPolicy> {
  return { x: policyFor(settings, 'x'), facebook: policyFor(settings, 'facebook') };
}

function matches(e: QueueEntry, filter: QueueFilter): boolean {
  if (filter.channel && filter.channel !== 'all' && e.item.channel !== filter.channel) return false;
  if (filter.state && filter.state !== 'all' && e.item.state !== filter.state) return false;
  if (filter.sla && filter.sla !== 'all' && e.sla.state !== filter.sla) return false;
  return true;
}

/** Open items, most urgent first: breached, then due, then by how long the customer has waited. */
export function buildQueue(items: ItemRow[], settings: QueueSettings, nowMs: number, filter: QueueFilter = {}): QueueEntry[] {
  const policies = policiesOf(settings);
  return items
    .map((item) => entryOf(item, policies, settings, nowMs))
    .filter((e) => matches(e, filter))
    .sort(byUrgency);
}

/**
 * The thread a post belongs to. Facebook: the post its comment is on (the key's post id). X: the root of its reply
 * chain as far as Carebar knows it (an unknown parent is the root: two replies to one brand reply share it).
 */
export function threadKeyOf(item: ItemRow, byKey: Map<string, ItemRow>): string {
  if (item.channel === 'facebook') return `facebook:${item.postId.split('_')[0]}`;
  const chain = [item.key];
  let parent = item.inReplyToKey;
  while (parent) {
    // A reply chain that loops (bad data): its smallest key names the thread, the same from every member.
    if (chain.includes(parent)) return [...chain].sort()[0];
    chain.push(parent);
    parent = byKey.get(parent)?.inReplyToKey ?? null;
  }
  return chain[chain.length - 1];
}

/** The conversation key: one customer in one thread. Items with no known author stay on their own. */
export function conversationKeyOf(item: ItemRow, byKey: Map<string, ItemRow>): string {
  return item.authorKey ? `${item.authorKey}|${threadKeyOf(item, byKey)}` : item.key;
}

/**
 * Queue rows: each customer's open posts in one thread grouped under the first (oldest) one, which carries the wait;
 * a group matches the filter when its first post does. Most urgent first.
 */
export function buildQueueGroups(items: ItemRow[], settings: QueueSettings, nowMs: number, filter: QueueFilter = {}): QueueGroup[] {
  const policies = policiesOf(settings);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const conversations = new Map<string, ItemRow[]>();
  for (const item of items) {
    const k = conversationKeyOf(item, byKey);
    const list = conversations.get(k);
    if (list) list.push(item);
    else conversations.set(k, [item]);
  }
  const groups: QueueGroup[] = [];
  for (const members of conversations.values()) {
    members.sort((a, b) => a.postedAt.localeCompare(b.postedAt) || a.key.localeCompare(b.key));
    const [first, ...rest] = members.map((m) => entryOf(m, policies, settings, nowMs));
    if (!matches(first, filter)) continue;
    groups.push({ ...first, followUps: rest });
  }
  return groups.sort(byUrgency);
}

export interface QueueCounts {
  /** Every open item. */
  open: number;
  breached: number;
  due: number;
  ok: number;
  paused: number;
  /** By workflow state. */
  new: number;
  claimed: number;
  dm: number;
  escalated: number;
  /** In a DM past the follow-up time. */
  dmOverdue: number;
}

/** Counts over every open item given, whatever filter the queue shows. */
export function queueCounts(items: ItemRow[], settings: QueueSettings, nowMs: number): QueueCounts {
  const counts: QueueCounts = { open: 0, breached: 0, due: 0, ok: 0, paused: 0, new: 0, claimed: 0, dm: 0, escalated: 0, dmOverdue: 0 };
  for (const e of buildQueue(items, settings, nowMs)) {
    counts.open++;
    if (e.sla.state !== 'stopped') counts[e.sla.state]++;
    if (e.item.state === 'new' || e.item.state === 'claimed' || e.item.state === 'dm' || e.item.state === 'escalated')
      counts[e.item.state]++;
    if (e.dmOverdue) counts.dmOverdue++;
  }
  return counts;
}

export function countByState(items: ItemRow[]): Partial<Record<ItemState, number>> {
  const counts: Partial<Record<ItemState, number>> = {};
  for (const i of items) counts[i.state] = (counts[i.state] ?? 0) + 1;
  return counts;
}
