import { formatDuration } from '../../../lib/shared/duration';
import type { Report, ReportPeriod } from '../../../lib/shared/reports';

// Inline SVG charts for the reports page: no chart library, text as text, sized by the viewBox.

/** "Mon 23 Nov" / "Week of 23 Nov"; `short`: "23 Nov" (chart axis). Keys are local calendar dates, so format them in UTC. */
export function periodLabel(key: string, period: ReportPeriod, short = false): string {
  const [y, m, d] = key.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const withWeekday = period === 'day' && !short;
  const text = date.toLocaleDateString(undefined, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(withWeekday ? { weekday: 'short' } : {}),
  });
  return period === 'week' && !short ? `Week of ${text}` : text;
}

export const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p)}%`);

const W = 720;
const H = 210;
const PAD = { top: 14, right: 44, bottom: 28, left: 52 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** A round upper bound and 4 ticks for durations in seconds: minutes up to 2 h, then hours. */
function durationScale(maxSec: number): { top: number; ticks: number[]; label: (s: number) => string } {
  const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 432_000];
  const step = steps.find((s) => s * 4 >= maxSec) ?? Math.ceil(maxSec / 4 / 86_400) * 86_400;
  const ticks = [0, step, step * 2, step * 3, step * 4];
  const label = (s: number) => (s === 0 ? '0' : s < 3600 ? `${s / 60}m` : s < 86_400 ? `${r1(s / 3600)}h` : `${r1(s / 86_400)}d`);
  return { top: step * 4, ticks, label };
}

function Axis({ labels, x, period }: { labels: string[]; x: (i: number) => number; period: ReportPeriod }) {
  const every = Math.ceil(labels.length / 10);
  return (
    <>
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      {labels.map((key, i) =>
        i % every === 0 ? (
          <text key={key} class="tick" x={x(i)} y={H - 9} text-anchor="middle">
            {periodLabel(key, period, true)}
          </text>
        ) : null,
      )}
    </>
  );
}

/** First-response time per period: p90 as a light column, the median as a dark one inside it. */
export function FrtChart({ report }: { report: Report }) {
  const periods = report.periods;
  if (periods.length === 0) return null;
  const max = Math.max(60, ...periods.map((p) => p.frtP90Sec ?? 0));
  const scale = durationScale(max);
  const step = plotW / periods.length;
  const barW = Math.max(3, Math.min(36, step * 0.62));
  const x = (i: number) => r1(PAD.left + i * step + step / 2);
  const y = (s: number) => r1(PAD.top + plotH - (Math.min(s, scale.top) / scale.top) * plotH);
  const any = periods.some((p) => p.frtCount > 0);
  return (
    <figure class="chart" data-testid="carebar-report-frt-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`First response time per ${report.period}: median and 90th percentile`}>
        {scale.ticks.map((t) => (
          <g key={t}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text class="tick" x={PAD.left - 8} y={y(t) + 4} text-anchor="end">
              {scale.label(t)}
            </text>
          </g>
        ))}
        <Axis labels={periods.map((p) => p.key)} x={x} period={report.period} />
        {periods.map((p, i) =>
          p.frtCount ? (
            <g key={p.key}>
              <rect
                class="p90"
                x={r1(x(i) - barW / 2)}
                y={y(p.frtP90Sec ?? 0)}
                width={r1(barW)}
                height={r1(PAD.top + plotH - y(p.frtP90Sec ?? 0))}
                rx={2}
              >
                <title>{`${periodLabel(p.key, report.period)}: median ${formatDuration(p.frtMedianSec)}, p90 ${formatDuration(p.frtP90Sec)} (${p.frtCount} answered)`}</title>
              </rect>
              <rect
                class="median"
                x={r1(x(i) - barW / 4)}
                y={y(p.frtMedianSec ?? 0)}
                width={r1(barW / 2)}
                height={r1(PAD.top + plotH - y(p.frtMedianSec ?? 0))}
                rx={2}
              />
            </g>
          ) : null,
        )}
        {!any ? (
          <text class="tick" x={PAD.left + plotW / 2} y={PAD.top + plotH / 2} text-anchor="middle">
            Nothing answered in this period
          </text>
        ) : null}
      </svg>
      <figcaption>
        <span class="key median" /> Median <span class="key p90" /> 90th percentile · first response time per {report.period}
      </figcaption>
    </figure>
  );
}

/** Bars: items received per period (left scale). Line: SLA met % (right scale, 0–100); gaps where nothing was counted. */
export function VolumeChart({ report }: { report: Report }) {
  const periods = report.periods;
  if (periods.length === 0) return null;
  const max = Math.max(1, ...periods.map((p) => p.received));
  const step = plotW / periods.length;
  const barW = Math.max(3, Math.min(36, step * 0.62));
  const x = (i: number) => r1(PAD.left + i * step + step / 2);
  const yCount = (n: number) => r1(PAD.top + plotH - (n / max) * plotH);
  const yPct = (p: number) => r1(PAD.top + plotH - (p / 100) * plotH);
  const runs: string[] = [];
  let run: string[] = [];
  periods.forEach((p, i) => {
    if (p.slaPercent === null) {
      if (run.length) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(i)},${yPct(p.slaPercent)}`);
  });
  if (run.length) runs.push(run.join(' '));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Items received per period, with the share of SLA met"
        data-testid="carebar-report-chart"
      >
        <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} />
        <text class="tick" x={PAD.left - 8} y={PAD.top + 4} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={PAD.left - 8} y={PAD.top + plotH} text-anchor="end">
          0
        </text>
        <text class="tick sla" x={W - PAD.right + 6} y={PAD.top + 4}>
          100%
        </text>
        <text class="tick sla" x={W - PAD.right + 6} y={PAD.top + plotH}>
          0%
        </text>
        <Axis labels={periods.map((p) => p.key)} x={x} period={report.period} />
        {periods.map((p, i) => (
          <rect
            key={p.key}
            class="bar"
            x={r1(x(i) - barW / 2)}
            y={yCount(p.received)}
            width={r1(barW)}
            height={r1(PAD.top + plotH - yCount(p.received))}
            rx={2}
          >
            <title>{`${periodLabel(p.key, report.period)}: ${p.received} received, SLA met ${pct(p.slaPercent)}${p.slaTotal ? ` (${p.slaMet} of ${p.slaTotal})` : ''}`}</title>
          </rect>
        ))}
        {runs.map((points) => (points.includes(' ') ? <polyline key={points} class="sla-line" points={points} /> : null))}
        {periods.map((p, i) =>
          p.slaPercent === null ? null : <circle key={p.key} class="sla-dot" cx={x(i)} cy={yPct(p.slaPercent)} r={3} />,
        )}
      </svg>
      <figcaption>
        <span class="key bar" /> Received <span class="key sla-line" /> SLA met (%)
      </figcaption>
    </figure>
  );
}
