import { describe, expect, it } from 'vitest';
import { businessMsBetween, instantOf, isOpen, type BusinessHours } from '../../lib/shared/business-hours';
import { DEFAULT_SLA, HOURS_MATH, readSla, readSlaWith } from '../../lib/shared/sla';
import { formatDuration } from '../../lib/shared/duration';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('readSla', () => {
  const posted = '2026-11-27T10:00:00.000Z';
  const item = (state = 'new' as const, firstResponseAt: string | null = null) => ({ state, postedAt: posted, firstResponseAt });

  it('goes ok → due at the target → breached at the breach time (X: 15 / 30 min)', () => {
    expect(readSla(item(), DEFAULT_SLA.x, at('2026-11-27T10:14:59Z'))).toEqual({ state: 'ok', ageSeconds: 899 });
    expect(readSla(item(), DEFAULT_SLA.x, at('2026-11-27T10:15:00Z'))).toEqual({ state: 'due', ageSeconds: 900 });
    expect(readSla(item(), DEFAULT_SLA.x, at('2026-11-27T10:29:59Z')).state).toBe('due');
    expect(readSla(item(), DEFAULT_SLA.x, at('2026-11-27T10:30:00Z')).state).toBe('breached');
  });

  it('uses Facebook’s longer breach time (25 min / 24 h)', () => {
    expect(readSla(item(), DEFAULT_SLA.facebook, at('2026-11-27T10:24:00Z')).state).toBe('ok');
    expect(readSla(item(), DEFAULT_SLA.facebook, at('2026-11-27T12:00:00Z')).state).toBe('due');
    expect(readSla(item(), DEFAULT_SLA.facebook, at('2026-11-28T10:00:00Z')).state).toBe('breached');
  });

  it('stops once answered, keeping the wait up to the first response', () => {
    const answered = { state: 'replied' as const, postedAt: posted, firstResponseAt: '2026-11-27T10:07:00.000Z' };
    expect(readSla(answered, DEFAULT_SLA.x, at('2026-11-28T00:00:00Z'))).toEqual({ state: 'stopped', ageSeconds: 420 });
  });

  it('shows 0s for a post from the future (clock skew) and survives an unparsable time', () => {
    expect(readSla(item(), DEFAULT_SLA.x, at('2026-11-27T09:59:00Z'))).toEqual({ state: 'ok', ageSeconds: 0 });
    expect(readSla({ state: 'new', postedAt: 'garbage', firstResponseAt: null }, DEFAULT_SLA.x, Date.now())).toEqual({
      state: 'ok',
      ageSeconds: 0,
    });
  });

  it('pauses outside business hours and counts only open time', () => {
    const hours: BusinessHours = { timeZone: 'Europe/Berlin', days: { fri: [['09:00', '17:00']], mon: [['09:00', '17:00']] } };
    const policy = { ...DEFAULT_SLA.x, businessHours: hours };
    // Posted Friday 16:50 Berlin (15:50Z); Saturday noon the clock is paused at 10 minutes.
    const friday = { state: 'new' as const, postedAt: '2026-11-27T15:50:00.000Z', firstResponseAt: null };
    expect(readSla(friday, policy, at('2026-11-28T12:00:00Z'))).toEqual({ state: 'paused', ageSeconds: 600 });
    // Monday 09:05 Berlin: 10 + 5 minutes of open time.
    expect(readSla(friday, policy, at('2026-11-30T08:05:00Z'))).toEqual({ state: 'due', ageSeconds: 900 });
    // The content scripts' reading (the arithmetic loaded with /business-hours.js) is the same one.
    expect(readSlaWith(friday, policy, at('2026-11-28T12:00:00Z'), HOURS_MATH)).toEqual({ state: 'paused', ageSeconds: 600 });
    // Without the arithmetic, hours are not applied (the content scripts load it before reading a clock under them).
    expect(readSlaWith(friday, policy, at('2026-11-27T16:00:00Z'), null)).toEqual({ state: 'ok', ageSeconds: 600 });
  });
});

describe('business hours across DST', () => {
  const berlin: BusinessHours = {
    timeZone: 'Europe/Berlin',
    days: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '23:59']]])),
  };
  it('maps wall times to instants on both sides of a transition', () => {
    expect(new Date(instantOf(2026, 3, 28, 12, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-28T11:00:00.000Z'); // CET
    expect(new Date(instantOf(2026, 3, 30, 12, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-30T10:00:00.000Z'); // CEST
    expect(new Date(instantOf(2026, 10, 25, 12, 0, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T11:00:00.000Z'); // back to CET
  });

  it('counts the real elapsed open time on the spring-forward day (23 h) and the fall-back day (25 h)', () => {
    const nineToFive: BusinessHours = { timeZone: 'America/New_York', days: { sun: [['00:00', '12:00']] } };
    // 2026-03-08: clocks jump 02:00→03:00 in New York, so 00:00–12:00 wall time is 11 real hours.
    expect(businessMsBetween(nineToFive, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(11 * HOUR);
    // 2026-11-01: clocks fall back 02:00→01:00, so 00:00–12:00 wall time is 13 real hours.
    expect(businessMsBetween(nineToFive, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toBe(13 * HOUR);
    expect(isOpen(berlin, at('2026-03-29T01:30:00Z'))).toBe(true);
  });

  it('sums several days of opening hours', () => {
    const weekdays: BusinessHours = {
      timeZone: 'UTC',
      days: {
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
    };
    // Mon 2026-11-23 00:00Z → Thu 00:00Z: 8 + 8 + 7 hours.
    expect(businessMsBetween(weekdays, at('2026-11-23T00:00:00Z'), at('2026-11-26T00:00:00Z'))).toBe(23 * HOUR);
  });
});

describe('formatDuration with one unit (toolbar, queue, card)', () => {
  it('is compact', () => {
    expect([45, 720, 3 * 3600, 2 * 86400 + 5].map((s) => formatDuration(s, 1))).toEqual(['45s', '12m', '3h', '2d']);
  });
});
