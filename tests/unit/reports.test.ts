import { describe, expect, it } from 'vitest';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import { DEFAULT_SETTINGS } from '../../lib/shared/settings';
import type { ItemState } from '../../lib/shared/model';
import { formatDuration } from '../../lib/shared/duration';
import { buildReport, lastDaysRange, lastHoursRange, median, percentile, periodKey, type ReportInput } from '../../lib/shared/reports';

// Policies: X breaches at 30 min (1800 s), Facebook at 24 h (DEFAULT_SLA).
const settings = { sla: DEFAULT_SETTINGS.sla, businessHours: null };

function item(key: string, o: Partial<ItemRow> & { postedAt: string; state: ItemState }): ItemRow {
  const [channel, postId] = key.split(':') as [ItemRow['channel'], string];
  return {
    key,
    channel,
    postId,
    kind: 'post',
    permalink: channel === 'x' ? `https://x.com/jane/status/${postId}` : `https://www.facebook.com/acme/posts/${postId}`,
    authorHandle: 'jane',
    authorName: 'Jane',
    authorId: null,
    authorKey: `${channel}:jane`,
    excerpt: 'help',
    postedAtEstimated: false,
    firstSeenAt: o.postedAt,
    lastSeenAt: o.postedAt,
    stateChangedAt: o.firstResponseAt ?? o.postedAt,
    agent: null,
    firstResponseAt: null,
    inReplyToKey: null,
    ...o,
  };
}

let seq = 0;
function ev(itemKey: string, from: ItemState | null, to: ItemState, at: string, agent: string | null, o: Partial<EventRow> = {}): EventRow {
  seq++;
  return { id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, itemKey, from, to, at, agent, note: null, ...o };
}

const T = (s: string) => `2026-11-${s}:00.000Z`; // T('23T10:00') → 2026-11-23T10:00:00.000Z

/**
 * Mon 23 Nov: x:1 (FRT 600 s, Sam), x:2 (2400 s → X breach, Ana moves it to DM), facebook:3 (1200 s, Ana),
 *             x:4 (estimated post time, 300 s, Sam).
 * Tue 24 Nov: x:5 unanswered, x:6 ignored by Sam, x:7 replied by Ana then undone, replied by Sam at exactly 1800 s.
 * Sun 29 Nov 23:30 UTC: facebook:8, moved to DM by Ana on Mon 30 Nov 00:30 UTC (3600 s), closed 01:30.
 */
function dataset(): ReportInput {
  const e7a = ev('x:7', 'new', 'replied', T('24T10:20'), 'Ana');
  const items = [
    item('x:1', { postedAt: T('23T10:00'), state: 'replied', firstResponseAt: T('23T10:10'), agent: 'Sam' }),
    item('x:2', { postedAt: T('23T11:00'), state: 'dm', firstResponseAt: T('23T11:40'), agent: 'Ana' }),
    item('facebook:3', { postedAt: T('23T12:00'), state: 'replied', firstResponseAt: T('23T12:20'), agent: 'Ana' }),
    item('x:4', { postedAt: T('23T13:00'), postedAtEstimated: true, state: 'replied', firstResponseAt: T('23T13:05'), agent: 'Sam' }),
    item('x:5', { postedAt: T('24T09:00'), state: 'new' }),
    item('x:6', { postedAt: T('24T09:30'), state: 'ignored', firstResponseAt: T('24T09:31'), agent: 'Sam' }),
    item('x:7', { postedAt: T('24T10:00'), state: 'replied', firstResponseAt: T('24T10:30'), agent: 'Sam' }),
    item('facebook:8', { postedAt: T('29T23:30'), state: 'closed', firstResponseAt: T('30T00:30'), agent: 'Ana' }),
  ];
  const events = [
    ev('x:1', 'new', 'claimed', T('23T10:05'), 'Sam'),
    ev('x:1', 'claimed', 'replied', T('23T10:10'), 'Sam'),
    ev('x:2', 'new', 'dm', T('23T11:40'), 'Ana'),
    ev('facebook:3', 'new', 'replied', T('23T12:20'), 'Ana'),
    ev('x:4', 'new', 'replied', T('23T13:05'), 'Sam'),
    ev('x:6', 'new', 'ignored', T('24T09:31'), 'Sam'),
    e7a,
    ev('x:7', 'replied', 'new', '2026-11-24T10:20:05.000Z', 'Ana', { note: `undo of ${e7a.id}` }),
    ev('x:7', 'new', 'replied', T('24T10:30'), 'Sam'),
    ev('facebook:8', 'new', 'dm', T('30T00:30'), 'Ana'),
    ev('facebook:8', 'dm', 'closed', T('30T01:30'), 'Ana'),
  ];
  return { items, events, settings };
}

const EMPTY = {
  received: 0,
  estimated: 0,
  responded: 0,
  ignored: 0,
  unanswered: 0,
  frtCount: 0,
  frtMedianSec: null,
  frtP90Sec: null,
  slaMet: 0,
  slaMissedUnanswered: 0,
  slaTotal: 0,
  slaPercent: null,
  repliedSeen: 0,
  repliedManual: 0,
  dmMoves: 0,
};
/** Reports are read at noon on Monday 30 November: x:5, unanswered since the 24th, is long past its breach time. */
const NOW = Date.parse('2026-11-30T12:00:00.000Z');

describe('statistics helpers', () => {
  it('median and nearest-rank p90', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([600, 2400])).toBe(1500);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile([600, 2400], 90)).toBe(2400);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([], 90)).toBeNull();
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(750)).toBe('12m 30s');
    expect(formatDuration(3900)).toBe('1h 05m');
    expect(formatDuration(2 * 86400 + 3 * 3600)).toBe('2d 3h');
  });

  it('buckets days and ISO weeks in the given time zone', () => {
    const sundayLate = Date.parse('2026-11-29T23:30:00Z');
    expect(periodKey(sundayLate, 'day', 'UTC')).toBe('2026-11-29');
    expect(periodKey(sundayLate, 'week', 'UTC')).toBe('2026-11-23');
    expect(periodKey(sundayLate, 'day', 'Europe/Berlin')).toBe('2026-11-30');
    expect(periodKey(sundayLate, 'week', 'Europe/Berlin')).toBe('2026-11-30');
    expect(periodKey(Date.parse('2026-11-23T03:00:00Z'), 'day', 'America/New_York')).toBe('2026-11-22');
    expect(periodKey(Date.parse('2026-11-23T03:00:00Z'), 'week', 'America/New_York')).toBe('2026-11-16');
  });

  it('computes "last N days" as whole local days up to now', () => {
    const now = Date.parse('2026-11-30T15:00:00Z');
    expect(lastDaysRange(7, now, 'UTC')).toEqual({ from: '2026-11-24T00:00:00.000Z', to: '2026-11-30T15:00:00.001Z' });
    // New York is UTC−5 in November: local midnight is 05:00 UTC.
    expect(lastDaysRange(1, now, 'America/New_York').from).toBe('2026-11-30T05:00:00.000Z');
  });
});

describe('buildReport', () => {
  it('per day, all channels, in UTC', () => {
    const r = buildReport(dataset(), { nowMs: NOW, period: 'day', timeZone: 'UTC' });
    expect(r.periods.map((p) => p.key)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
    ]);
    // 23rd: x:1 600 s, x:2 2400 s (breach), facebook:3 1200 s; x:4 estimated → left out of FRT/SLA.
    expect(r.periods[0]).toEqual({
      key: '2026-11-23',
      received: 4,
      estimated: 1,
      responded: 4,
      ignored: 0,
      unanswered: 0,
      frtCount: 3,
      frtMedianSec: 1200,
      frtP90Sec: 2400,
      slaMet: 2,
      slaMissedUnanswered: 0,
      slaTotal: 3,
      slaPercent: (2 / 3) * 100,
      repliedSeen: 0,
      repliedManual: 3,
      dmMoves: 1,
    });
    // 24th: x:5 unanswered and past its breach time (a miss), x:6 ignored (neither), x:7 answered at exactly the
    // breach time (1800 s) → not met.
    expect(r.periods[1]).toEqual({
      key: '2026-11-24',
      received: 3,
      estimated: 0,
      responded: 1,
      ignored: 1,
      unanswered: 1,
      frtCount: 1,
      frtMedianSec: 1800,
      frtP90Sec: 1800,
      slaMet: 0,
      slaMissedUnanswered: 1,
      slaTotal: 2,
      slaPercent: 0,
      repliedSeen: 0,
      repliedManual: 1,
      dmMoves: 0,
    });
    expect(r.periods[2]).toEqual({ key: '2026-11-25', ...EMPTY });
    // facebook:8 was received on the 29th; its DM move counts on the 30th (by the event's time).
    expect(r.periods[6]).toMatchObject({ received: 1, responded: 1, frtMedianSec: 3600, slaPercent: 100, dmMoves: 0 });
    expect(r.periods[7]).toEqual({ key: '2026-11-30', ...EMPTY, dmMoves: 1 });
    // Totals are computed over all items, not summed: FRTs 600, 1200, 1800, 2400, 3600.
    expect(r.total).toEqual({
      key: 'total',
      received: 8,
      estimated: 1,
      responded: 6,
      ignored: 1,
      unanswered: 1,
      frtCount: 5,
      frtMedianSec: 1800,
      frtP90Sec: 3600,
      slaMet: 3,
      slaMissedUnanswered: 1,
      slaTotal: 6,
      slaPercent: 50,
      repliedSeen: 0,
      repliedManual: 4,
      dmMoves: 2,
    });
    expect(r.byState).toEqual({ new: 1, claimed: 0, replied: 4, dm: 1, escalated: 0, ignored: 1, closed: 1 });
  });

  it('per agent: net changes (undone changes and undos left out), first responses and their median FRT', () => {
    const r = buildReport(dataset(), { nowMs: NOW, period: 'day', timeZone: 'UTC' });
    expect(r.agents).toEqual([
      // x:1 claimed+replied, x:4, x:6, x:7; responses x:1 (600), x:4 (estimated: no FRT), x:7 (1800); x:6 ignored.
      { agent: 'Sam', source: 'agent', changes: 5, responded: 3, frtMedianSec: 1200, frtP90Sec: 1800, slaMet: 1, slaCounted: 2, manual: 3 },
      // x:2, facebook:3, facebook:8 ×2; its undone reply to x:7 and the undo are not counted.
      { agent: 'Ana', source: 'agent', changes: 4, responded: 3, frtMedianSec: 2400, frtP90Sec: 3600, slaMet: 2, slaCounted: 3, manual: 1 },
    ]);
  });

  it('per channel', () => {
    const x = buildReport(dataset(), { nowMs: NOW, period: 'day', timeZone: 'UTC', channel: 'x' });
    expect(x.periods.map((p) => p.key)).toEqual(['2026-11-23', '2026-11-24']);
    expect(x.periods[0]).toMatchObject({
      received: 3,
      estimated: 1,
      frtCount: 2,
      frtMedianSec: 1500,
      frtP90Sec: 2400,
      slaMet: 1,
      slaPercent: 50,
      dmMoves: 1,
    });
    // x:5 unanswered past breach is a miss: 1 met of 4 counted.
    expect(x.total).toMatchObject({ received: 6, responded: 4, frtMedianSec: 1800, slaMet: 1, slaTotal: 4, slaPercent: 25, dmMoves: 1 });
    expect(x.agents).toEqual([
      { agent: 'Sam', source: 'agent', changes: 5, responded: 3, frtMedianSec: 1200, frtP90Sec: 1800, slaMet: 1, slaCounted: 2, manual: 3 },
      { agent: 'Ana', source: 'agent', changes: 1, responded: 1, frtMedianSec: 2400, frtP90Sec: 2400, slaMet: 0, slaCounted: 1, manual: 0 },
    ]);
    // The per-channel table covers every channel whatever the report's channel.
    expect(x.channels.map((c) => [c.channel, c.received, c.slaMet, c.slaTotal])).toEqual([
      ['x', 6, 1, 4],
      ['facebook', 2, 2, 2],
    ]);

    const fb = buildReport(dataset(), { nowMs: NOW, period: 'day', timeZone: 'UTC', channel: 'facebook' });
    expect(fb.total).toMatchObject({
      received: 2,
      responded: 2,
      frtMedianSec: 2400,
      frtP90Sec: 3600,
      slaMet: 2,
      slaPercent: 100,
      dmMoves: 1,
    });
    expect(fb.byState).toMatchObject({ replied: 1, closed: 1, new: 0 });
  });

  it('per ISO week, and week boundaries follow the time zone', () => {
    const utc = buildReport(dataset(), { nowMs: NOW, period: 'week', timeZone: 'UTC' });
    expect(utc.periods.map((p) => [p.key, p.received, p.dmMoves])).toEqual([
      ['2026-11-23', 8, 1],
      ['2026-11-30', 0, 1],
    ]);
    // In Berlin (UTC+1) facebook:8 was posted on Monday 30th 00:30.
    const berlin = buildReport(dataset(), { nowMs: NOW, period: 'week', timeZone: 'Europe/Berlin' });
    expect(berlin.periods.map((p) => [p.key, p.received, p.dmMoves])).toEqual([
      ['2026-11-23', 7, 1],
      ['2026-11-30', 1, 1],
    ]);
    expect(berlin.periods[0]).toMatchObject({ frtCount: 4, frtMedianSec: 1500, frtP90Sec: 2400, slaMet: 2, slaTotal: 5, slaPercent: 40 });
  });

  it('limits to a range: items by post time, events by their time; empty periods are listed', () => {
    const r = buildReport(dataset(), { nowMs: NOW, period: 'day', timeZone: 'UTC', from: T('24T00:00'), to: T('26T00:00') });
    expect(r.periods.map((p) => [p.key, p.received])).toEqual([
      ['2026-11-24', 3],
      ['2026-11-25', 0],
    ]);
    expect(r.agents).toEqual([
      { agent: 'Sam', source: 'agent', changes: 2, responded: 1, frtMedianSec: 1800, frtP90Sec: 1800, slaMet: 0, slaCounted: 1, manual: 1 },
    ]);
    expect(r.total.dmMoves).toBe(0);
  });

  it('an empty database gives no periods and empty figures', () => {
    const r = buildReport({ items: [], events: [], settings }, { period: 'week', timeZone: 'UTC' });
    expect(r).toMatchObject({ periods: [], total: { key: 'total', ...EMPTY }, agents: [] });
    const ranged = buildReport(
      { items: [], events: [], settings },
      { period: 'day', timeZone: 'UTC', ...lastDaysRange(7, Date.parse(T('30T12:00')), 'UTC') },
    );
    expect(ranged.periods).toHaveLength(7);
  });

  it('measures SLA on the business-hours clock when hours are set; FRT stays wall-clock', () => {
    const weekdays: [string, string][] = [['09:00', '17:00']];
    const withHours = {
      ...settings,
      businessHours: { timeZone: 'UTC', days: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } },
    };
    // Friday 16:50 → Monday 09:15: 10 + 15 = 25 business minutes (< 30), but 64 h 25 min of waiting.
    const friday = item('x:9', { postedAt: T('27T16:50'), state: 'replied', firstResponseAt: T('30T09:15') });
    const r = buildReport({ items: [friday], events: [], settings: withHours }, { period: 'week', timeZone: 'UTC' });
    expect(r.total).toMatchObject({ frtMedianSec: 64 * 3600 + 25 * 60, slaMet: 1, slaPercent: 100 });
    const noHours = buildReport({ items: [friday], events: [], settings }, { period: 'week', timeZone: 'UTC' });
    expect(noHours.total).toMatchObject({ slaMet: 0, slaPercent: 0 });
  });

  it('counts an item answered before it was posted (clock skew) as 0 s', () => {
    const skewed = item('x:10', { postedAt: T('23T10:00'), state: 'replied', firstResponseAt: T('23T09:59') });
    const r = buildReport({ items: [skewed], events: [], settings }, { period: 'day', timeZone: 'UTC' });
    expect(r.total).toMatchObject({ frtMedianSec: 0, slaMet: 1 });
  });

  it('SLA: unanswered items past their breach time are misses, those within it wait, ignored ones are neither', () => {
    const now = Date.parse(T('27T12:00'));
    const at = (min: number) => new Date(now - min * 60_000).toISOString();
    const items = [
      item('x:20', { postedAt: at(60), state: 'replied', firstResponseAt: at(50) }), // met (10 min)
      item('x:21', { postedAt: at(180), state: 'replied', firstResponseAt: at(60) }), // missed (2 h)
      item('x:22', { postedAt: at(45), state: 'new' }), // unanswered, past breach: missed
      item('x:23', { postedAt: at(40), state: 'claimed' }), // claimed is still unanswered: missed
      item('x:24', { postedAt: at(10), state: 'new' }), // within its time: not counted yet
      item('x:25', { postedAt: at(120), state: 'ignored', firstResponseAt: at(100) }), // neither
      item('x:26', { postedAt: at(90), postedAtEstimated: true, state: 'new' }), // estimated, but past breach however long: missed
      item('x:27', { postedAt: at(30), state: 'replied', firstResponseAt: at(25) }), // seen in the thread: met
    ];
    const events = [
      ev('x:20', 'new', 'replied', at(50), 'Sam'),
      ev('x:21', 'new', 'replied', at(60), 'Sam'),
      ev('x:25', 'new', 'ignored', at(100), 'Sam'),
      ev('x:27', 'new', 'replied', at(25), null, { note: 'Reply by AcmeSupport detected (x:99)' }),
    ];
    const r = buildReport({ items, events, settings }, { period: 'day', timeZone: 'UTC', nowMs: now, ...lastHoursRange(24, now) });
    expect(r.total).toMatchObject({ slaMet: 2, slaMissedUnanswered: 3, slaTotal: 6, unanswered: 4, repliedSeen: 1, repliedManual: 2 });
    expect(r.total.slaPercent).toBeCloseTo((2 / 6) * 100);
    expect(r.agents.map((a) => [a.source, a.agent, a.responded, a.manual])).toEqual([
      ['agent', 'Sam', 2, 2],
      ['brand', null, 1, 0],
    ]);
  });
});
