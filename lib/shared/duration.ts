// How long something took or has waited, compact: "45s", "12m", "3h" (units: 1) or "12m 30s", "1h 05m" (units: 2).
// Hand-written: Intl.DurationFormat is missing from Node 20 and Firefox ESR 128, and these labels must not change
// with the browser's locale (tests and the toolbar's width depend on them).

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDuration(seconds: number | null, units: 1 | 2 = 2): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return units === 1 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86400) return units === 1 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return units === 1 ? `${Math.floor(s / 86400)}d` : `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}
