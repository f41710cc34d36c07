import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ImportReport } from '../../lib/shared/backup-report';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import { CarebarRequestError, request, subscribeToChanges } from '../../lib/shared/messaging/client';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/settings';
import { CHANNELS, ITEM_STATES, type Channel } from '../../lib/shared/model';
import { formatDuration } from '../../lib/shared/duration';
import { downloadText } from './download';
import { useBusyAction } from '../shared/use-busy-action';
import { buildReport, lastDaysRange, localTimeZone, type PeriodStats, type Report, type ReportPeriod } from '../../lib/shared/reports';
import { TeamReport } from './TeamReport';

const CHANNEL_LABEL: Record<Channel, string> = { x: 'X', facebook: 'Facebook' };
const RANGES = [7, 30, 90] as const;
type RangeDays = (typeof RANGES)[number];

const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p)}%`);

/** "Mon 23 Nov" / "Week of 23 Nov"; `short`: "23 Nov" (chart axis). Keys are local calendar dates, so format them in UTC. */
function periodLabel(key: string, period: ReportPeriod, short = false): string {
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

const errorText = (err: unknown) =>
  err instanceof CarebarRequestError ? [err.message, ...err.issues.slice(0, 5)].join(' — ') : String((err as Error)?.message ?? err);

const today = () => new Date().toISOString().slice(0, 10);

/** Reports on response times, SLA and workload, with export and import (backup / restore / merge). */
export function Reports() {
  const [channel, setChannel] = useState<Channel | 'all'>('all');
  const [period, setPeriod] = useState<ReportPeriod>('day');
  const [days, setDays] = useState<RangeDays>(30);
  const [data, setData] = useState<{ items: ItemRow[]; events: EventRow[]; range: { from: string; to: string } } | null>(null);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [error, setError] = useState<string | null>(null);
  const { busy, error: actionError, run } = useBusyAction();
  const [wipeResult, setWipeResult] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<
    { ok: true; report: ImportReport; file: string } | { ok: false; message: string; file: string } | null
  >(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const timeZone = useMemo(() => localTimeZone(), []);

  const load = async () => {
    try {
      const range = lastDaysRange(days, Date.now(), timeZone);
      const [rows, { settings }] = await Promise.all([request('reports.data', range), request('settings.get', {})]);
      setData({ ...rows, range });
      setSettings(settings);
      setError(null);
    } catch (err) {
      setError(`Could not load the report: ${errorText(err)}`);
    }
  };

  useEffect(() => {
    void load();
    // Refresh when items change elsewhere (a burst of changes is folded into one reload).
    let pending: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void load(), 500);
    };
    const unsubscribe = subscribeToChanges({ onChange: reload, onReconnect: reload });
    return () => {
      clearTimeout(pending);
      unsubscribe();
    };
  }, [days]);

  const report = useMemo(
    () => (data ? buildReport({ items: data.items, events: data.events, settings }, { period, channel, timeZone, ...data.range }) : null),
    [data, settings, period, channel, timeZone],
  );

  const wipe = async () => {
    if (!confirm('Delete every item and its history from this browser? Export first if you may need them again.')) return;
    try {
      const counts = await request('data.wipe', { confirm: 'delete all work data' });
      setWipeResult(`Deleted ${counts.items} items and ${counts.events} events.`);
      await load();
    } catch (err) {
      setWipeResult(`Nothing was deleted: ${(err as Error).message}`);
    }
  };
  /** A failed request as an Error whose message the page shows, prefixed with what failed. */
  const failed =
    (what: string) =>
    (err: unknown): never => {
      throw new Error(`${what}: ${errorText(err)}`);
    };

  const exportJson = () =>
    run(async () => {
      const reply = await request('backup.export', { format: 'json' }).catch(failed('Export failed'));
      if ('json' in reply) downloadText(`carebar-export-${today()}.json`, reply.json, 'application/json');
    });

  const exportCsv = () =>
    run(async () => {
      const reply = await request('backup.export', { format: 'csv' }).catch(failed('Export failed'));
      if ('itemsCsv' in reply) {
        downloadText(`carebar-items-${today()}.csv`, reply.itemsCsv, 'text/csv');
        downloadText(`carebar-events-${today()}.csv`, reply.eventsCsv, 'text/csv');
      }
    });

  const importFile = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    // The import's outcome (either way) is shown next to the button, not as the page's error.
    return run(async () => {
      try {
        const report = await request('backup.import', { document: await file.text() });
        setImportResult({ ok: true, report, file: file.name });
        await load();
      } catch (err) {
        setImportResult({ ok: false, message: errorText(err), file: file.name });
      } finally {
        input.value = ''; // the same file can be chosen again
      }
    });
  };

  return (
    <main data-testid="carebar-report">
      <header>
        <h1>Carebar reports</h1>
        <div class="controls">
          <label>
            Channel{' '}
            <select
              data-testid="carebar-report-channel"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value as Channel | 'all')}
            >
              <option value="all">All</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Per{' '}
            <select data-testid="carebar-report-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as ReportPeriod)}>
              <option value="day">Day</option>
              <option value="week">Week</option>
            </select>
          </label>
          <label>
            Range{' '}
            <select
              data-testid="carebar-report-range"
              value={String(days)}
              onChange={(e) => setDays(Number(e.currentTarget.value) as RangeDays)}
            >
              {RANGES.map((d) => (
                <option key={d} value={String(d)}>
                  Last {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="hint">
          Days and weeks in {timeZone}. Items count in the period they were posted; first response and SLA leave out ignored items and items
          whose post time is estimated.
        </p>
      </header>

      {(actionError ?? error) ? (
        <p role="alert" class="error" data-testid="carebar-report-error">
          {actionError ?? error}
        </p>
      ) : null}

      {!report ? <p>Loading…</p> : <ReportBody report={report} />}
      <TeamReport />

      <section class="backup" aria-labelledby="carebar-backup-title">
        <h2 id="carebar-backup-title">Backup</h2>
        <p class="hint">
          Export every item and its full history. A JSON export can be imported back here or into a colleague’s Carebar: it is merged
          (nothing is deleted; for an item known on both sides the more recently changed one is kept). CSV is for spreadsheets.
        </p>
        <div class="buttons">
          <button type="button" data-testid="carebar-report-export-json" disabled={busy} onClick={exportJson}>
            Export JSON
          </button>
          <button type="button" data-testid="carebar-report-export-csv" disabled={busy} onClick={exportCsv}>
            Export CSV
          </button>
          <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
            Import JSON…
          </button>
          <button type="button" class="danger" data-testid="carebar-report-wipe" disabled={busy} onClick={wipe}>
            Delete all work data…
          </button>
          <input
            ref={fileInput}
            class="visually-hidden"
            type="file"
            accept=".json,application/json"
            data-testid="carebar-report-import"
            aria-label="Import a Carebar JSON export"
            onChange={importFile}
          />
        </div>
        {wipeResult ? (
          <p data-testid="carebar-report-wipe-result" role="status">
            {wipeResult}
          </p>
        ) : null}
        {importResult ? (
          <p
            data-testid="carebar-report-import-result"
            data-ok={String(importResult.ok)}
            class={importResult.ok ? 'ok' : 'error'}
            role={importResult.ok ? 'status' : 'alert'}
          >
            {importResult.ok
              ? `Imported ${importResult.file}: ${importResult.report.itemsAdded} items added, ${importResult.report.itemsUpdated} updated, ` +
                `${importResult.report.itemsKept} kept as they were; ${importResult.report.eventsAdded} history entries added, ` +
                `${importResult.report.eventsSkipped} already known.`
              : `${importResult.file} was not imported (nothing was changed): ${importResult.message}`}
          </p>
        ) : null}
      </section>
    </main>
  );
}

function ReportBody({ report }: { report: Report }) {
  const { total } = report;
  return (
    <>
      <section aria-label="Summary" class="summary" data-testid="carebar-report-totals">
        <Figure
          label="Received"
          value={String(total.received)}
          note={total.estimated ? `${total.estimated} with estimated time` : undefined}
        />
        <Figure label="Unanswered" value={String(total.unanswered)} />
        <Figure label="First response, median" value={formatDuration(total.frtMedianSec)} />
        <Figure label="First response, p90" value={formatDuration(total.frtP90Sec)} />
        <Figure label="SLA met" value={pct(total.slaPercent)} note={total.frtCount ? `${total.slaMet} of ${total.frtCount}` : undefined} />
        <Figure label="Moved to DM" value={String(total.dmMoves)} />
      </section>

      <Chart report={report} />

      <h2>Per {report.period}</h2>
      <table data-testid="carebar-report-table">
        <thead>
          <tr>
            <th scope="col">{report.period === 'day' ? 'Day' : 'Week'}</th>
            <th scope="col">Received</th>
            <th scope="col">FRT median</th>
            <th scope="col">FRT p90</th>
            <th scope="col">SLA met</th>
            <th scope="col">DM moves</th>
          </tr>
        </thead>
        <tbody>
          {[...report.periods].reverse().map((p) => (
            <PeriodRow key={p.key} label={periodLabel(p.key, report.period)} stats={p} />
          ))}
        </tbody>
        <tfoot>
          <PeriodRow label="Total" stats={total} />
        </tfoot>
      </table>

      <div class="columns">
        <section>
          <h2>By state now</h2>
          <table data-testid="carebar-report-states">
            <tbody>
              {ITEM_STATES.map((s) => (
                <tr key={s} data-state={s}>
                  <th scope="row">{s}</th>
                  <td>{report.byState[s]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>By agent</h2>
          {report.agents.length === 0 ? (
            <p class="hint">No changes in this range.</p>
          ) : (
            <table data-testid="carebar-report-agents">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Changes</th>
                  <th scope="col">Responded</th>
                  <th scope="col">FRT median</th>
                </tr>
              </thead>
              <tbody>
                {report.agents.map((a) => (
                  <tr key={a.agent ?? ''} data-testid="carebar-report-agent">
                    <th scope="row">{a.agent ?? '(no name set)'}</th>
                    <td>{a.changes}</td>
                    <td>{a.responded}</td>
                    <td>{formatDuration(a.frtMedianSec)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="figure">
      <span class="value">{value}</span>
      <span class="label">{label}</span>
      {note ? <span class="note">{note}</span> : null}
    </div>
  );
}

function PeriodRow({ label, stats }: { label: string; stats: PeriodStats }) {
  return (
    <tr data-testid="carebar-report-row" data-period={stats.key}>
      <th scope="row">{label}</th>
      <td>
        {stats.received}
        {stats.estimated ? (
          <span class="note" title="with an estimated post time">
            {' '}
            ({stats.estimated}~)
          </span>
        ) : null}
      </td>
      <td>{formatDuration(stats.frtMedianSec)}</td>
      <td>{formatDuration(stats.frtP90Sec)}</td>
      <td title={stats.frtCount ? `${stats.slaMet} of ${stats.frtCount}` : undefined}>{pct(stats.slaPercent)}</td>
      <td>{stats.dmMoves}</td>
    </tr>
  );
}

/** Bars: items received per period (left scale). Line: SLA met % (right scale, 0–100); gaps where nothing was answered. */
function Chart({ report }: { report: Report }) {
  const periods = report.periods;
  if (periods.length === 0) return null;
  const W = 720;
  const H = 200;
  const pad = { top: 12, right: 40, bottom: 28, left: 36 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const max = Math.max(1, ...periods.map((p) => p.received));
  const step = plotW / periods.length;
  const barW = Math.max(2, Math.round(step * 7) / 10);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const x = (i: number) => r1(pad.left + i * step + step / 2);
  const yCount = (n: number) => r1(pad.top + plotH - (n / max) * plotH);
  const yPct = (p: number) => r1(pad.top + plotH - (p / 100) * plotH);
  const labelEvery = Math.ceil(periods.length / 10);

  // SLA line: one polyline per run of periods that have a value.
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
        <line class="axis" x1={pad.left} x2={W - pad.right} y1={pad.top + plotH} y2={pad.top + plotH} />
        <text class="tick" x={pad.left - 6} y={pad.top + 4} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={pad.left - 6} y={pad.top + plotH} text-anchor="end">
          0
        </text>
        <text class="tick sla" x={W - pad.right + 6} y={pad.top + 4}>
          100%
        </text>
        <text class="tick sla" x={W - pad.right + 6} y={pad.top + plotH}>
          0%
        </text>
        {periods.map((p, i) => (
          <g key={p.key}>
            <rect class="bar" x={r1(x(i) - barW / 2)} y={yCount(p.received)} width={barW} height={r1(pad.top + plotH - yCount(p.received))}>
              <title>{`${periodLabel(p.key, report.period)}: ${p.received} received, SLA met ${pct(p.slaPercent)}`}</title>
            </rect>
            {i % labelEvery === 0 ? (
              <text class="tick" x={x(i)} y={H - 10} text-anchor="middle">
                {periodLabel(p.key, report.period, true)}
              </text>
            ) : null}
          </g>
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
