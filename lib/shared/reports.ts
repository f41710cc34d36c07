// Reports: pure aggregation of items and events (no DOM, no database), for the Reports page.
//
// What counts, exactly:
// - The item cohort of a report is the items whose postedAt falls in [from, to) (all items when no range), of the
//   chosen channel. "Received", first-response times, SLA attainment, state counts and the per-agent "responded"
//   and FRT figures are about that cohort, bucketed by postedAt.
// - Event figures (DM moves, per-agent "changes") are about events whose `at` falls in [from, to), bucketed by `at`.
// - Periods are local calendar days, or ISO weeks (Monday to Sunday), in `timeZone` (the agent's own zone unless an
//   IANA zone is given). A period's key is its first day, YYYY-MM-DD.
// - "Responded": the item has a firstResponseAt and is not currently `ignored`. Ignoring (spam, noise) stops the
//   clock in the state machine, but it is not an answer to a customer: ignored items are counted apart and left out
//   of FRT and SLA figures.
// - First-response time (FRT) = firstResponseAt − postedAt in wall-clock seconds (negative, from clock skew, is 0).
//   Median: the middle value (the mean of the two middle ones for an even count). p90: nearest rank, the
//   ⌈0.9·n⌉-th smallest value.
// - Estimated post times (postedAtEstimated: the page did not show the time, so postedAt is when Carebar first saw
//   the post) are counted in "received" (bucketed by that estimate) and reported separately as `estimated`, but are
//   left out of FRT and SLA figures: their wait is only a lower bound and would flatter both.
// - SLA attainment = slaMet / slaTotal. The items it counts (slaTotal) are answered items with an exact post time
//   and items still unanswered whose wait has already passed the channel's breach time (readSla at `nowMs`, business
//   time when business hours are set). An answered item meets the SLA when its wait up to the first response is below
//   breachSec — the same line at which readSla calls an item breached; an unanswered item past that line is a miss
//   however its post time was obtained (an estimated time only makes the true wait longer). Unanswered items still
//   inside their time are not counted yet (they may still be met); ignored items are neither met nor missed.
// - First responses are told apart by how they were recorded: a brand reply Carebar saw in the thread or sent from
//   the site's reply box ("seen"), a "Replied" marked by hand with no reply seen ("manual"), a move to DM, an
//   escalation, or closing.
// - Undo: a change that was undone (its id is named by a later "undo of <id>" event) and the compensating undo event
//   itself are both left out of DM moves, per-agent changes and first-responder attribution.
// - The agent credited with an item's response is the agent of the item's first (not undone) event into a
//   response state. A reply seen in the thread without an agent is credited to "the brand account" (anyone on the
//   team may have written it), a change made before the agent set a name to "no name set".

import { WEEKDAYS, wallTime, instantOf, type BusinessHours } from './business-hours';
import type { EventRow, ItemRow } from './records';
import { CHANNELS, ITEM_STATES, type Channel, type ItemState } from './model';
import { policyFor, readSla } from './sla';
import { RESPONSE_STATES, WAITING_STATES } from './state-machine';

export type ReportPeriod = 'day' | 'week';

/** How an item's first response was recorded. */
export type ResponseKind = 'seen' | 'manual' | 'dm' | 'escalated' | 'closed';

export interface ReportSettings {
  sla: Record<Channel, { targetSec: number; breachSec: number }>;
  businessHours: BusinessHours | null;
}

export interface ReportInput {
  items: ItemRow[];
  events: EventRow[];
  settings: ReportSettings;
}

export interface ReportOptions {
  period: ReportPeriod;
  channel?: Channel | 'all';
  /** IANA zone for day/week boundaries; the agent's local zone by default. */
  timeZone?: string;
  /** ISO instants; the range is [from, to). */
  from?: string;
  to?: string;
  /** For readSla (it does not change a responded item's age). */
  nowMs?: number;
}

export interface PeriodStats {
  /** First local day of the period (YYYY-MM-DD), or 'total'. */
  key: string;
  received: number;
  /** Of `received`, items whose post time is an estimate (left out of FRT and SLA). */
  estimated: number;
  /** Items with a first response, not ignored (estimated ones included). */
  responded: number;
  ignored: number;
  /** No first response yet. */
  unanswered: number;
  /** Responded items with an exact post time: the FRT and SLA sample. */
  frtCount: number;
  frtMedianSec: number | null;
  frtP90Sec: number | null;
  /** Answered within the breach time (of the FRT sample). */
  slaMet: number;
  /** Still unanswered and already past the breach time: misses. */
  slaMissedUnanswered: number;
  /** The items SLA attainment counts: the FRT sample plus unanswered items past their breach time. */
  slaTotal: number;
  /** slaMet / slaTotal × 100, or null when there is nothing to count. */
  slaPercent: number | null;
  /** Of `responded`, by how the first response was recorded (ignored items are in none). */
  repliedSeen: number;
  repliedManual: number;
  /** Net moves to DM (events to === 'dm') in the period. */
  dmMoves: number;
}

export interface AgentStats {
  /** null: changes made without an agent name set, or replies seen in the thread (see `source`). */
  agent: string | null;
  /** agent: a named agent; brand: a brand-account reply seen in the thread, nobody named; unnamed: no name was set. */
  source: 'agent' | 'brand' | 'unnamed';
  /** Net state changes made in the range. */
  changes: number;
  /** Cohort items this agent gave the first response to. */
  responded: number;
  /** Median and p90 FRT of those of them with an exact post time. */
  frtMedianSec: number | null;
  frtP90Sec: number | null;
  /** Of `responded`: within the breach time / with an exact post time. */
  slaMet: number;
  slaCounted: number;
  /** Of `responded`, marked replied by hand (no reply seen). */
  manual: number;
}

export interface ChannelStats extends PeriodStats {
  channel: Channel;
}

export interface Report {
  period: ReportPeriod;
  channel: Channel | 'all';
  timeZone: string;
  /** Every period from the range's first to its last (empty ones included), oldest first. */
  periods: PeriodStats[];
  total: PeriodStats;
  /** Cohort items by their current state. */
  byState: Record<ItemState, number>;
  /** Most changes first, then by name. */
  agents: AgentStats[];
  /** The same figures per channel (all channels, even when the report is limited to one). */
  channels: ChannelStats[];
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateKey = (utcMidnightMs: number) => new Date(utcMidnightMs).toISOString().slice(0, 10);

/** The period (its first local day, YYYY-MM-DD) an instant falls in. */
export function periodKey(instantMs: number, period: ReportPeriod, timeZone: string): string {
  const w = wallTime(instantMs, timeZone);
  if (period === 'day') return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  const sinceMonday = (WEEKDAYS.indexOf(w.weekday) + 6) % 7;
  return dateKey(Date.UTC(w.year, w.month - 1, w.day - sinceMonday));
}

function nextPeriodKey(key: string, period: ReportPeriod): string {
  const [y, m, d] = key.split('-').map(Number);
  return dateKey(Date.UTC(y, m - 1, d + (period === 'day' ? 1 : 7)));
}

/** [from, now]: from the start of the local day `days - 1` days ago, so "last 7 days" is 7 whole local days. */
export function lastDaysRange(days: number, nowMs: number, timeZone: string): { from: string; to: string } {
  const w = wallTime(nowMs, timeZone);
  const start = new Date(Date.UTC(w.year, w.month - 1, w.day - (days - 1)));
  const from = instantOf(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), 0, 0, timeZone);
  // `to` is exclusive: one ms past now includes an item posted this very instant.
  return { from: new Date(from).toISOString(), to: new Date(nowMs + 1).toISOString() };
}

/** [now − hours, now]: "the last 24 hours". */
export function lastHoursRange(hours: number, nowMs: number): { from: string; to: string } {
  return { from: new Date(nowMs - hours * 3_600_000).toISOString(), to: new Date(nowMs + 1).toISOString() };
}

/** Longest table a report builds (≈ 7 years of weeks, 1 year of days is 366). */
const MAX_PERIODS = 400;

const UNDO_NOTE = /^undo of (\S+)$/;

function channelOfKey(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

function emptyByState(): Record<ItemState, number> {
  return Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as Record<ItemState, number>;
}

interface ItemFacts {
  item: ItemRow;
  postedMs: number;
  responded: boolean;
  /** FRT in seconds, when in the FRT/SLA sample. */
  frtSec: number | null;
  slaMet: boolean;
  /** Unanswered and past the breach time now: an SLA miss. */
  missedUnanswered: boolean;
  /** How the first response was recorded; null when unanswered or ignored. */
  responseKind: ResponseKind | null;
}

const DETECTED_NOTE = /^Reply (by .+ )?detected/;

function statsOf(key: string, facts: ItemFacts[], dmMoves: number): PeriodStats {
  const frts = facts.filter((f) => f.frtSec !== null).map((f) => f.frtSec as number);
  const slaMet = facts.filter((f) => f.frtSec !== null && f.slaMet).length;
  const missed = facts.filter((f) => f.missedUnanswered).length;
  const slaTotal = frts.length + missed;
  return {
    key,
    received: facts.length,
    estimated: facts.filter((f) => f.item.postedAtEstimated).length,
    responded: facts.filter((f) => f.responded).length,
    ignored: facts.filter((f) => f.item.state === 'ignored').length,
    unanswered: facts.filter((f) => f.item.firstResponseAt === null).length,
    frtCount: frts.length,
    frtMedianSec: median(frts),
    frtP90Sec: percentile(frts, 90),
    slaMet,
    slaMissedUnanswered: missed,
    slaTotal,
    slaPercent: slaTotal ? (slaMet / slaTotal) * 100 : null,
    repliedSeen: facts.filter((f) => f.responseKind === 'seen').length,
    repliedManual: facts.filter((f) => f.responseKind === 'manual').length,
    dmMoves,
  };
}

export function buildReport(input: ReportInput, options: ReportOptions): Report {
  const channel = options.channel ?? 'all';
  const timeZone = options.timeZone ?? localTimeZone();
  const nowMs = options.nowMs ?? Date.now();
  const fromMs = options.from ? Date.parse(options.from) : -Infinity;
  const toMs = options.to ? Date.parse(options.to) : Infinity;
  const inRange = (ms: number) => ms >= fromMs && ms < toMs;
  const inChannel = (c: string) => channel === 'all' || c === channel;

  // Net events: drop undone changes and the undo compensations.
  const undone = new Set<string>();
  for (const e of input.events) {
    const m = e.note ? UNDO_NOTE.exec(e.note) : null;
    if (m) undone.add(m[1]);
  }
  const net = input.events.filter((e) => !undone.has(e.id) && !(e.note && UNDO_NOTE.test(e.note)));
  const netByItem = new Map<string, EventRow[]>();
  for (const e of net) {
    const list = netByItem.get(e.itemKey) ?? [];
    list.push(e);
    netByItem.set(e.itemKey, list);
  }

  /** The item's first (not undone) event into a response state. */
  const firstResponseEvent = (key: string) =>
    (netByItem.get(key) ?? [])
      .slice()
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .find((e) => RESPONSE_STATES.has(e.to) && e.from !== e.to);

  const allFacts: ItemFacts[] = [];
  for (const item of input.items) {
    const postedMs = Date.parse(item.postedAt);
    if (!Number.isFinite(postedMs) || !inRange(postedMs)) continue;
    const responded = item.firstResponseAt !== null && item.state !== 'ignored';
    const policy = policyFor(input.settings, item.channel);
    let frtSec: number | null = null;
    let slaMet = false;
    if (responded && !item.postedAtEstimated) {
      frtSec = Math.max(0, (Date.parse(item.firstResponseAt as string) - postedMs) / 1000);
      slaMet = readSla(item, policy, nowMs).ageSeconds < policy.breachSec;
    }
    const missedUnanswered =
      item.firstResponseAt === null && WAITING_STATES.has(item.state) && readSla(item, policy, nowMs).ageSeconds >= policy.breachSec;
    let responseKind: ResponseKind | null = null;
    if (responded) {
      const first = firstResponseEvent(item.key);
      if (!first)
        responseKind = null; // imported without its events: not known
      else if (first.to === 'replied') responseKind = first.note && DETECTED_NOTE.test(first.note) ? 'seen' : 'manual';
      else if (first.to === 'dm' || first.to === 'escalated' || first.to === 'closed') responseKind = first.to;
    }
    allFacts.push({ item, postedMs, responded, frtSec, slaMet, missedUnanswered, responseKind });
  }
  const facts = allFacts.filter((f) => inChannel(f.item.channel));

  const rangeEvents = net.filter((e) => inChannel(channelOfKey(e.itemKey)) && inRange(Date.parse(e.at)));
  const dmEvents = rangeEvents.filter((e) => e.to === 'dm' && e.from !== 'dm'); // from === to: a note (lib/background/db/notes.ts), not a move

  // Periods: from the range's first period to its last; without a range, those the data spans.
  const instants = [...facts.map((f) => f.postedMs), ...rangeEvents.map((e) => Date.parse(e.at))];
  const firstMs = Number.isFinite(fromMs) ? fromMs : Math.min(...instants);
  const lastMs = Number.isFinite(toMs) ? toMs - 1 : Math.max(...instants);
  const periods: PeriodStats[] = [];
  if (instants.length > 0 || (Number.isFinite(fromMs) && Number.isFinite(toMs))) {
    const factsBy = new Map<string, ItemFacts[]>();
    for (const f of facts) {
      const k = periodKey(f.postedMs, options.period, timeZone);
      const list = factsBy.get(k);
      if (list) list.push(f);
      else factsBy.set(k, [f]);
    }
    const dmBy = new Map<string, number>();
    for (const e of dmEvents) {
      const k = periodKey(Date.parse(e.at), options.period, timeZone);
      dmBy.set(k, (dmBy.get(k) ?? 0) + 1);
    }
    const last = periodKey(lastMs, options.period, timeZone);
    // At most MAX_PERIODS periods, the most recent ones: a stray item from years ago must not blow up the table
    // (it still counts in the totals).
    const days = options.period === 'day' ? 1 : 7;
    const earliest = periodKey(lastMs - (MAX_PERIODS - 1) * days * 86_400_000, options.period, timeZone);
    const first = periodKey(firstMs, options.period, timeZone);
    for (let k = first < earliest ? earliest : first; k <= last; k = nextPeriodKey(k, options.period)) {
      periods.push(statsOf(k, factsBy.get(k) ?? [], dmBy.get(k) ?? 0));
    }
  }

  const byState = emptyByState();
  for (const f of facts) byState[f.item.state]++;

  // Agents: changes in range; first responses (and their FRT) within the cohort.
  type AgentAcc = {
    agent: string | null;
    source: AgentStats['source'];
    changes: number;
    responded: number;
    frts: number[];
    slaMet: number;
    manual: number;
  };
  const agents = new Map<string, AgentAcc>();
  const agentRow = (e: EventRow) => {
    const source: AgentStats['source'] = e.agent
      ? 'agent'
      : e.to === 'replied' && e.note && DETECTED_NOTE.test(e.note)
        ? 'brand'
        : 'unnamed';
    const id = e.agent ? `agent:${e.agent}` : source;
    let row = agents.get(id);
    if (!row) agents.set(id, (row = { agent: e.agent, source, changes: 0, responded: 0, frts: [], slaMet: 0, manual: 0 }));
    return row;
  };
  for (const e of rangeEvents) agentRow(e).changes++;
  for (const f of facts) {
    if (!f.responded) continue;
    const first = firstResponseEvent(f.item.key);
    if (!first) continue; // e.g. imported without its events: nobody to credit
    const row = agentRow(first);
    row.responded++;
    if (f.responseKind === 'manual') row.manual++;
    if (f.frtSec !== null) {
      row.frts.push(f.frtSec);
      if (f.slaMet) row.slaMet++;
    }
  }

  return {
    period: options.period,
    channel,
    timeZone,
    periods,
    total: statsOf('total', facts, dmEvents.length),
    byState,
    agents: [...agents.values()]
      .map((r) => ({
        agent: r.agent,
        source: r.source,
        changes: r.changes,
        responded: r.responded,
        frtMedianSec: median(r.frts),
        frtP90Sec: percentile(r.frts, 90),
        slaMet: r.slaMet,
        slaCounted: r.frts.length,
        manual: r.manual,
      }))
      .sort((a, b) => b.changes - a.changes || b.responded - a.responded || (a.agent ?? '').localeCompare(b.agent ?? '')),
    channels: CHANNELS.map((c) => ({
      ...statsOf(
        'total',
        allFacts.filter((f) => f.item.channel === c),
        net.filter((e) => channelOfKey(e.itemKey) === c && inRange(Date.parse(e.at)) && e.to === 'dm' && e.from !== 'dm').length,
      ),
      channel: c,
    })),
  };
}
