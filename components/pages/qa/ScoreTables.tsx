import type { ResponseData } from '../../../lib/shared/messaging/protocol';
import { downloadText } from '../download';

/**
 * QA scores per agent and week and per criterion, with every review as CSV (issue 17.2): on the QA page's Scores tab
 * and in the reports page's QA section. What `report` holds is what the background let this reader see (a team
 * agent: their own reviews only).
 */
export function ScoreTables({ report, heading = 'h2' }: { report: ResponseData['qa.report']; heading?: 'h2' | 'h3' }) {
  const H = heading;
  return (
    <section class="scores">
      <div class="actions">
        <span data-testid="carebar-qa-count" data-count={report.count}>
          {report.count} review{report.count === 1 ? '' : 's'}
        </span>
        <button
          type="button"
          data-testid="carebar-qa-export"
          disabled={!report.count}
          onClick={() => downloadText(`carebar-qa-${new Date().toISOString().slice(0, 10)}.csv`, report.csv, 'text/csv')}
        >
          Export CSV
        </button>
      </div>
      <H>Per agent and week</H>
      <table>
        <thead>
          <tr>
            <th>Week</th>
            <th>Agent</th>
            <th>Reviews</th>
            <th>Score</th>
            <th>Fails</th>
          </tr>
        </thead>
        <tbody>
          {report.byAgentWeek.map((r) => (
            <tr key={`${r.week}-${r.agent}`} data-testid="carebar-qa-agent-week" data-agent={r.agent} data-week={r.week}>
              <td>{r.week}</td>
              <td>{r.agent}</td>
              <td>{r.reviews}</td>
              <td>{r.meanScore === null ? '—' : `${r.meanScore}%`}</td>
              <td>{r.fails}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <H>Per criterion</H>
      <table>
        <thead>
          <tr>
            <th>Criterion</th>
            <th>Answered</th>
            <th>Mean</th>
            <th>Fails</th>
          </tr>
        </thead>
        <tbody>
          {report.byCriterion.map((c) => (
            <tr key={c.id} data-testid="carebar-qa-criterion-score" data-criterion={c.id}>
              <td>{c.label}</td>
              <td>{c.answered}</td>
              <td>
                {c.meanPercent === null ? '—' : `${c.meanPercent}%`}
                {c.meanPercent !== null ? <span class="bar" style={{ width: `${c.meanPercent}px` }} /> : null}
              </td>
              <td>{c.fails}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
