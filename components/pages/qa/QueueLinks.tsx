import { xKeywordSearchUrl } from '../../../lib/shared/listening';
import type { Settings } from '../../../lib/shared/settings';

/** The queue's links for listening and quality (issue 17): the saved X search for the brand keywords, the QA page. */
export function QueueQualityLinks({ settings }: { settings: Settings }) {
  const search = xKeywordSearchUrl(settings.listening.keywords);
  return (
    <p class="links" style={{ display: 'flex', gap: '12px', margin: '4px 0' }}>
      {search ? (
        <a href={search} target="_blank" rel="noopener noreferrer" data-testid="carebar-listen-search">
          Brand keyword search on X
        </a>
      ) : null}
      <a href="./qa.html" target="_blank" rel="noopener noreferrer" data-testid="carebar-qa-link">
        Quality review &amp; coaching
      </a>
    </p>
  );
}
