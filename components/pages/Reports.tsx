import { useEffect, useMemo, useState } from 'preact/hooks';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import { request, subscribeToChanges } from '../../lib/shared/messaging/client';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/settings';
import { CHANNELS, ITEM_STATES, type Channel } from '../../lib/shared/model';
import { formatDuration } from '../../lib/shared/duration';
import {
  buildReport,
  lastDaysRange,
  lastHoursRange,
  localTimeZone,
  type AgentStats,
  type PeriodStats,
  type Report,
  type ReportPeriod,
} from '../../lib/shared/reports';
import { CHANNEL_LABEL, STATE_WORDS } from './ui/labels';
import { Backup, errorText } from './reports/Backup';
import { FrtChart, VolumeChart, periodLabel, pct } from './reports/Charts';
import { TeamReport } from './TeamReport';
import { QaScores } from './reports/QaScores';

type RangeId = '24h' | '7d' | '30d' | '90d';
const RANGES: { id: RangeId; label: string; of: (nowMs: number, timeZone: string) => { from: string; to: string } }[] = [
  { id: '24h', label: 'Last 24 hours', of: (now) => lastHoursRange(24, now) },
  { id: '7d', label: 'Last 7 days', of: (now, tz) => lastDaysRange(7, now, tz) },
  { id: '30d', label: 'Last 30 days', of: (now, tz) => lastDaysRange(30, now, tz) },
  { id: '90d', label: 'Last 90 days', of: (now, tz) => lastDaysRange(90, now, tz) },
];

/** Reports on response times, SLA and workload, with export and import (backup / restore / merge). */
export function Reports() {
  const [channel, setChannel] = useState<Channel | 'all'>('all');
  const [period, setPeriod] = useState<ReportPeriod>('day');
  const [rangeId, setRangeId] = useState<RangeId>('7d');
  const [data, setData] = useState<{ items: ItemRow[]; events: EventRow[]; range: { from: string; to: string }; at: number } | null>(null);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [error, setError] = useState<string | null>(null);
  const timeZone = useMemo(() => localTimeZone(), []);

  const load = async () => {
    try {
      const now = Date.now();
      const range = RANGES.find((r) => r.id === rangeId)!.of(now, timeZone);
      const [rows, { settings }] = await Promise.all([request('reports.data', range), request('settings.get', {})]);
      setData({ ...rows, range, at: now });
      setSettings(settings);
      setError(null);
    } catch (err) {
      setError(`Could not load the report: ${errorText(err)}`);
    }
  };

  useEffect(() => {
    void load();
    // Refresh when items change elsewhere (a burst of changes is folded into one reload), and each minute: items
    // still waiting pass their breach time as time goes by.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void load(), 500);
    };
    const minute = setInterval(reload, 60_000);
    const unsubscribe = subscribeToChanges({ onChange: reload, onReconnect: reload });
    return () => {
      clearTimeout(pending);
      clearInterval(minute);
      unsubscribe();
    };
  }, [rangeId]);

  const report = useMemo(
    () =>
      data
        ? buildReport({ items: data.items, events: data.events, settings }, { period, channel, timeZone, nowMs: data.at, ...data.range })
        : null,
    [data, settings, period, channel, timeZone],
  );

  return (
    <main class="reports" data-testid="carebar-report">
      <header class="head">
        <div>
          <h1>Reports</h1>
          <p class="hint">
            {RANGES.find((r) => r.id === rangeId)!.label.toLowerCase()}, {channel === 'all' ? 'all channels' : CHANNEL_LABEL[channel]} ·
            days in {timeZone}
          </p>
        </div>
        <div class="controls">
          <div class="segmented" role="radiogroup" aria-label="Period" data-testid="carebar-report-range" data-value={rangeId}>
            {RANGES.map((r) => (
              <button
                key={r.id}
                type="button"
                role="radio"
                aria-checked={r.id === rangeId}
                class={r.id === rangeId ? 'on' : ''}
                onClick={() => setRangeId(r.id)}
              >
                {r.label.replace('Last ', '')}
              </button>
            ))}
          </div>
          <label>
            <span class="visually-hidden">Channel</span>
            <select
              data-testid="carebar-report-channel"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value as Channel | 'all')}
            >
              <option value="all">All channels</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class="visually-hidden">Group by</span>
            <select data-testid="carebar-report-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as ReportPeriod)}>
              <option value="day">Per day</option>
              <option value="week">Per week</option>
            </select>
          </label>
        </div>
      </header>

      {error ? (
        <p role="alert" class="cb-error" data-testid="carebar-report-error">
          {error}{' '}
          <button type="button" class="cb-btn small" onClick={() => void load()}>
            Try again
          </button>
        </p>
      ) : null}

      {!report ? <p class="hint">Loading…</p> : <ReportBody report={report} />}
      <TeamReport />
      <QaScores range={data?.range ?? null} />

      <Backup onChanged={load} />
    </main>
  );
}

function ReportBody({ report }: { report: Report }) {
  const { total } = report;
  return (
    <>
      <section aria-label="Summary" class="summary" data-testid="carebar-report-totals">
        <div
          class={`figure sla${total.slaPercent === null ? '' : total.slaPercent >= 90 ? ' good' : total.slaPercent >= 70 ? ' fair' : ' poor'}`}
          data-testid="carebar-report-sla"
          data-met={total.slaMet}
          data-total={total.slaTotal}
        >
          <span class="label">SLA met</span>
          <span class="value">{pct(total.slaPercent)}</span>
          <span class="note">
            {total.slaTotal ? `${total.slaMet} of ${total.slaTotal}` : 'nothing to count yet'}
            {total.slaMissedUnanswered ? ` · ${total.slaMissedUnanswered} still unanswered past breach` : ''}
          </span>
        </div>
        <Figure
          label="First response, median"
          value={formatDuration(total.frtMedianSec)}
          note={total.frtCount ? `${total.frtCount} answered with a known post time` : undefined}
        />
        <Figure label="First response, 90th percentile" value={formatDuration(total.frtP90Sec)} note="9 in 10 answered within this" />
        <Figure
          label="Received"
          value={String(total.received)}
          note={total.estimated ? `${total.estimated} with an estimated post time` : undefined}
        />
        <Figure
          label="Unanswered"
          value={String(total.unanswered)}
          note={total.unanswered ? `${total.slaMissedUnanswered} past breach` : 'none waiting'}
          testid="carebar-report-unanswered"
        />
        <Figure
          label="Replies"
          value={String(total.repliedSeen + total.repliedManual)}
          note={`${total.repliedSeen} seen by Carebar · ${total.repliedManual} marked by hand`}
          testid="carebar-report-replies"
          data={{ 'data-seen': total.repliedSeen, 'data-manual': total.repliedManual }}
        />
        <Figure label="Moved to DM" value={String(total.dmMoves)} />
      </section>
      <p class="hint how" data-testid="carebar-report-sla-how">
        <b>How SLA is counted:</b> an item meets it when its first response came before the channel’s breach time. It counts answered items
        and items still unanswered once they are past their breach time (those are misses). Items still within their time wait to be
        counted; ignored items are neither met nor missed. Answered items whose post time Carebar had to estimate are left out of response
        times and SLA.
      </p>

      <div class="charts">
        <section class="card">
          <h2>First response time</h2>
          <FrtChart report={report} />
        </section>
        <section class="card">
          <h2>Volume and SLA</h2>
          <VolumeChart report={report} />
        </section>
      </div>

      <section class="card">
        <h2>By channel</h2>
        <table data-testid="carebar-report-channels">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Received</th>
              <th scope="col">Answered</th>
              <th scope="col">Unanswered</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
              <th scope="col">SLA met</th>
              <th scope="col">Seen / by hand</th>
            </tr>
          </thead>
          <tbody>
            {report.channels.map((c) => (
              <tr key={c.channel} data-testid="carebar-report-channel-row" data-channel={c.channel}>
                <th scope="row">{CHANNEL_LABEL[c.channel]}</th>
                <td>{c.received}</td>
                <td>{c.responded}</td>
                <td>{c.unanswered}</td>
                <td>{formatDuration(c.frtMedianSec)}</td>
                <td>{formatDuration(c.frtP90Sec)}</td>
                <Sla met={c.slaMet} total={c.slaTotal} />
                <td>
                  {c.repliedSeen} / {c.repliedManual}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="card">
        <h2>By agent</h2>
        {report.agents.length === 0 ? (
          <p class="hint">Nobody changed anything in this period.</p>
        ) : (
          <table data-testid="carebar-report-agents">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">First responses</th>
                <th scope="col">Marked by hand</th>
                <th scope="col">Median</th>
                <th scope="col">p90</th>
                <th scope="col">SLA met</th>
                <th scope="col">All changes</th>
              </tr>
            </thead>
            <tbody>
              {report.agents.map((a) => (
                <tr key={`${a.source}:${a.agent ?? ''}`} data-testid="carebar-report-agent" data-source={a.source}>
                  <th scope="row">{agentLabel(a)}</th>
                  <td>{a.responded}</td>
                  <td>{a.manual}</td>
                  <td>{formatDuration(a.frtMedianSec)}</td>
                  <td>{formatDuration(a.frtP90Sec)}</td>
                  <Sla met={a.slaMet} total={a.slaCounted} />
                  <td>{a.changes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card">
        <h2>Per {report.period}</h2>
        <table data-testid="carebar-report-table">
          <thead>
            <tr>
              <th scope="col">{report.period === 'day' ? 'Day' : 'Week'}</th>
              <th scope="col">Received</th>
              <th scope="col">Unanswered</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
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
      </section>

      <section class="card">
        <h2>Where items are now</h2>
        <table data-testid="carebar-report-states" class="states">
          <tbody>
            {ITEM_STATES.map((s) => (
              <tr key={s} data-state={s}>
                <th scope="row">{STATE_WORDS[s]}</th>
                <td>{report.byState[s]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function agentLabel(a: AgentStats): string {
  if (a.source === 'brand') return 'Brand account (reply seen in the thread)';
  if (a.source === 'unnamed') return 'Agent with no name set';
  return a.agent ?? '';
}

function Sla({ met, total }: { met: number; total: number }) {
  return (
    <td title={total ? `${met} of ${total}` : 'nothing to count'}>
      {total ? `${Math.round((met / total) * 100)}%` : '—'}
      {total ? (
        <span class="note">
          {' '}
          {met}/{total}
        </span>
      ) : null}
    </td>
  );
}

function Figure({
  label,
  value,
  note,
  testid,
  data,
}: {
  label: string;
  value: string;
  note?: string;
  testid?: string;
  data?: Record<string, number>;
}) {
  return (
    <div class="figure" data-testid={testid} {...data}>
      <span class="label">{label}</span>
      <span class="value">{value}</span>
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
      <td>{stats.unanswered}</td>
      <td>{formatDuration(stats.frtMedianSec)}</td>
      <td>{formatDuration(stats.frtP90Sec)}</td>
      <Sla met={stats.slaMet} total={stats.slaTotal} />
      <td>{stats.dmMoves}</td>
    </tr>
  );
}
