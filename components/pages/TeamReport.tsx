import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import { formatDuration } from '../../lib/shared/duration';
import { policyFor } from '../../lib/shared/sla';
import { buildTeamReport, type TeamAgentStats, type TeamReport as Report } from '../../lib/shared/team/report';

// The reports page's team view (issue 16): for supervisors in team mode only (agents see their own reports).

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const dur = (s: number | null) => (s === null ? '—' : formatDuration(s, 2));

export function TeamReport() {
  const [report, setReport] = useState<Report | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = async () => {
      const { status } = await request('team.status', {});
      if (status.state === 'off' || status.role !== 'supervisor') return;
      const [{ rows }, { settings }] = await Promise.all([request('team.report', {}), request('settings.get', {})]);
      setTeam(status.team);
      setReport(buildTeamReport(rows, (channel) => policyFor(settings, channel), Date.now()));
    };
    load().catch((err: Error) => setError(err.message));
    const timer = setInterval(() => void load().catch(() => {}), 10_000);
    return () => clearInterval(timer);
  }, []);

  if (error) return <p role="alert">{error}</p>;
  if (!report) return null;
  const row = (s: TeamAgentStats, label = s.agent) => (
    <tr key={label} data-agent={s.agent}>
      <th scope="row">{label}</th>
      <td>{s.answered}</td>
      <td>{pct(s.attainment)}</td>
      <td>{dur(s.medianSec)}</td>
      <td>{dur(s.p90Sec)}</td>
    </tr>
  );
  return (
    <section data-testid="carebar-team-report" aria-labelledby="carebar-team-report-title">
      <h2 id="carebar-team-report-title">Team {team}</h2>
      <p class="hint">
        First responses across the team (the earliest one counts), SLA attainment against each channel’s target. {report.held} item
        {report.held === 1 ? '' : 's'} claimed now, {report.waiting} waiting for a first response.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">First responses</th>
            <th scope="col">Within target</th>
            <th scope="col">Median</th>
            <th scope="col">p90</th>
          </tr>
        </thead>
        <tbody>
          {report.agents.map((a) => row(a))}
          {row(report.team, 'Whole team')}
        </tbody>
      </table>
    </section>
  );
}
