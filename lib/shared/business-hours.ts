// Business-hours arithmetic in the team's time zone, DST-safe: SLA clocks pause outside opening hours.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours per weekday as "HH:MM" pairs in the given IANA time zone; a day absent or empty is closed. */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<Weekday, [string, string][]>>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

export function wallTime(instantMs: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
  };
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallTime(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant at which the zone's clocks show this wall time (for a skipped DST hour, the instant just after). */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

const parseHm = (hm: string) => {
  const [h, m] = hm.split(':').map(Number);
  return { h, m };
};

/** Is the team open at this instant? */
export function isOpen(hours: BusinessHours, instantMs: number): boolean {
  const w = wallTime(instantMs, hours.timeZone);
  const minutes = w.hour * 60 + w.minute;
  return (hours.days[w.weekday] ?? []).some(([open, close]) => {
    const o = parseHm(open);
    const c = parseHm(close);
    return minutes >= o.h * 60 + o.m && minutes < c.h * 60 + c.m;
  });
}

const MAX_DAYS = 400; // a customer older than this has waited "forever" either way

/** Milliseconds of opening hours between two instants. */
export function businessMsBetween(hours: BusinessHours, startMs: number, endMs: number): number {
  if (endMs <= startMs) return 0;
  let total = 0;
  // Walk local calendar days from the start's local date to the end's, summing overlaps with opening intervals.
  const first = wallTime(startMs, hours.timeZone);
  let cursor = Date.UTC(first.year, first.month - 1, first.day);
  for (let i = 0; i < MAX_DAYS; i++) {
    const d = new Date(cursor);
    const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    const dayStart = instantOf(y, m, day, 0, 0, hours.timeZone);
    if (dayStart >= endMs) break;
    const weekday = WEEKDAYS[d.getUTCDay()];
    for (const [open, close] of hours.days[weekday] ?? []) {
      const o = parseHm(open);
      const c = parseHm(close);
      const from = Math.max(startMs, instantOf(y, m, day, o.h, o.m, hours.timeZone));
      const to = Math.min(endMs, instantOf(y, m, day, c.h, c.m, hours.timeZone));
      if (to > from) total += to - from;
    }
    cursor += 86_400_000;
  }
  return total;
}
