import { useEffect, useState } from 'preact/hooks';
import { request } from '../../../lib/shared/messaging/client';
import type { ResponseData } from '../../../lib/shared/messaging/protocol';
import { ScoreTables } from '../qa/ScoreTables';
import { errorText } from './Backup';

/**
 * The reports page's QA section (issue 17.2): scores per agent and week and per criterion for reviews in the report's
 * range, CSV export. Roles are the background's: a team agent asks for (and gets) only their own scores.
 */
export function QaScores({ range }: { range: { from: string; to: string } | null }) {
  const [report, setReport] = useState<ResponseData['qa.report'] | null>(null);
  const [role, setRole] = useState<ResponseData['qa.config']['role'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!range) return;
    const load = async () => {
      const { role } = await request('qa.config', {});
      setRole(role);
      setReport(await request('qa.report', { ...range, mine: role === 'agent' }));
      setError(null);
    };
    load().catch((err) => setError(`Could not load the QA scores: ${errorText(err)}`));
  }, [range?.from, range?.to]);

  return (
    <section class="card qa" data-testid="carebar-report-qa" data-role={role ?? ''} aria-labelledby="carebar-report-qa-title">
      <h2 id="carebar-report-qa-title">Quality (QA reviews)</h2>
      <p class="hint">
        {role === 'agent' ? 'Your own review scores' : 'Review scores of every agent'}, reviews written in this period.{' '}
        <a href="qa.html#review">Open the QA review</a>
      </p>
      {error ? <p role="alert">{error}</p> : null}
      {report ? report.count ? <ScoreTables report={report} heading="h3" /> : <p class="empty">No reviews in this period.</p> : null}
    </section>
  );
}
