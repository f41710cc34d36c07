// Facebook shows times as text ("3h", "Yesterday at 10:02 AM", "March 3 at 4:15 PM"): reading it, against a clock
// the caller passes in.

const MONTHS = 'january february march april may june july august september october november december'.split(' ');
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};
/** The unit words Facebook writes ("s", "sec", "mins", "hr", "days", "wk", "years"): each starts with its unit. */
const UNIT_WORD = /^(?:s(?:ecs?|econds?)?|m(?:ins?|inutes?)?|h(?:rs?|ours?)?|d(?:ays?)?|w(?:ks?|eeks?)?|y(?:rs?|ears?)?)$/i;

/** Does the text read as a time? (Any reference instant serves: only the shape counts.) */
export function isShortTimeText(text: string): boolean {
  return parseFacebookTime(text, Date.now()) !== null;
}

function monthIndex(word: string): number {
  const w = word.toLowerCase();
  if (w.length < 3) return -1;
  return MONTHS.findIndex((m) => m.startsWith(w));
}

/** "4:15 PM", "16:15", "10:02" → [hours, minutes] or null. */
function parseClock(text: string | undefined): [number, number] | null {
  if (!text) return [0, 0];
  const m = /^(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?$/i.exec(text.trim());
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const ampm = m[3]?.toLowerCase().replace(/\./g, '');
  if (min > 59 || h > 23 || (ampm && (h < 1 || h > 12))) return null;
  if (ampm === 'pm' && h !== 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return [h, min];
}

/**
 * Parse the time text Facebook shows, relative to `nowMs`, in the browser's local time zone. Handles "Just now",
 * "5m", "3h", "2d", "1w", "1y", "3 hrs", "2 days ago", "Yesterday at 10:02 AM", "Today at 9:00", "March 3 at 4:15 PM",
 * "Mar 3", "March 3, 2024", "Tuesday, March 3, 2026 at 4:15 PM" (the tooltip), "3 March 2026 at 16:15". Null otherwise.
 */
export function parseFacebookTime(text: string, nowMs: number): Date | null {
  const t = text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t || t.length > 80) return null;
  if (/^(just now|now)$/i.test(t)) return new Date(nowMs);
  const rel = /^(\d{1,4}) ?([a-z]+)(?: ago)?$/i.exec(t);
  if (rel) {
    if (!UNIT_WORD.test(rel[2])) return null;
    return new Date(nowMs - Number(rel[1]) * UNIT_MS[rel[2][0].toLowerCase()]);
  }
  const relDay = /^(yesterday|today)(?: at (.+))?$/i.exec(t);
  if (relDay) {
    const clock = parseClock(relDay[2]);
    if (!clock) return null;
    const d = new Date(nowMs);
    if (relDay[1].toLowerCase() === 'yesterday') d.setDate(d.getDate() - 1);
    d.setHours(clock[0], clock[1], 0, 0);
    return d;
  }
  // Absolute dates, optionally with weekday, year and "at <time>".
  const body = t.replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i, '');
  const [datePart, timePart] = body.split(/ at |, (?=\d{1,2}:\d{2})/i);
  let month = -1;
  let day = NaN;
  let year: number | null = null;
  let m = /^([a-z]+)\.? (\d{1,2})(?:,? (\d{4}))?$/i.exec(datePart.trim());
  if (m) {
    month = monthIndex(m[1]);
    day = Number(m[2]);
    year = m[3] ? Number(m[3]) : null;
  } else if ((m = /^(\d{1,2}) ([a-z]+)\.?(?: (\d{4}))?$/i.exec(datePart.trim()))) {
    month = monthIndex(m[2]);
    day = Number(m[1]);
    year = m[3] ? Number(m[3]) : null;
  }
  if (month < 0 || !(day >= 1 && day <= 31)) return null;
  const clock = parseClock(timePart);
  if (!clock) return null;
  const ref = new Date(nowMs);
  const d = new Date(year ?? ref.getFullYear(), month, day, clock[0], clock[1], 0, 0);
  if (d.getMonth() !== month) return null; // e.g. February 31
  // Without a year Facebook means the most recent such date.
  if (year === null && d.getTime() > nowMs + 86_400_000) d.setFullYear(d.getFullYear() - 1);
  return d;
}
