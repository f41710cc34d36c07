import { useState } from 'preact/hooks';
import { normalizeKeywords, xKeywordSearchUrl } from '../../lib/shared/listening';
import { request } from '../../lib/shared/messaging/client';
import type { Settings } from '../../lib/shared/settings';
import { DEFAULT_VIRAL_THRESHOLDS, type ViralThresholds } from '../../lib/shared/viral';

/**
 * Listening beyond the handle and viral-risk thresholds (issue 17): the brand keywords (one per line, every channel)
 * that make a post a customer item without a mention, and the growth at which a post counts as rising.
 */
export function ListeningSettings(props: { settings: Settings; onSaved: (settings: Settings) => void }) {
  const current = props.settings;
  const [keywords, setKeywords] = useState((current.listening?.keywords ?? []).join('\n'));
  const [viral, setViral] = useState<ViralThresholds>(current.viral ?? DEFAULT_VIRAL_THRESHOLDS);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const list = normalizeKeywords(keywords.split('\n'));
  const search = xKeywordSearchUrl(list);
  const save = async () => {
    try {
      const patch: Partial<Settings> = { listening: { keywords: list }, viral };
      const { settings } = await request('settings.update', { settings: patch });
      props.onSaved(settings);
      setKeywords(list.join('\n'));
      setStatus({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${(err as Error).message}` });
    }
  };
  const number = (field: keyof ViralThresholds, label: string, hint: string) => (
    <label>
      {label}{' '}
      <input
        type="number"
        min={1}
        data-testid={`carebar-viral-${field}`}
        value={viral[field]}
        onInput={(e) => setViral({ ...viral, [field]: Number(e.currentTarget.value) || DEFAULT_VIRAL_THRESHOLDS[field] })}
      />{' '}
      <small>{hint}</small>
    </label>
  );
  return (
    <section data-testid="carebar-listening">
      <h2>Listening</h2>
      <p>
        Brand keywords make a post a customer item even when it does not mention your accounts: product names, the brand name without @,
        common misspellings. One per line; matched on whole words, ignoring case, on every channel.
      </p>
      <textarea data-testid="carebar-listen-keywords" rows={5} value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} />
      {search ? (
        <p>
          <a href={search} target="_blank" rel="noopener noreferrer">
            Search X for these keywords
          </a>
        </p>
      ) : null}
      <h3>Going viral</h3>
      <p>A customer post is flagged rising when its engagement grows faster than this, or its author is this widely followed.</p>
      {number('repostsPerHour', 'Reposts / shares per hour', `default ${DEFAULT_VIRAL_THRESHOLDS.repostsPerHour}`)}
      {number('engagementPerHour', 'Replies + reposts + likes per hour', `default ${DEFAULT_VIRAL_THRESHOLDS.engagementPerHour}`)}
      {number('followers', 'Author followers', `default ${DEFAULT_VIRAL_THRESHOLDS.followers.toLocaleString('en-US')}`)}
      <p>
        <button type="button" data-testid="carebar-listen-save" onClick={() => void save()}>
          Save listening
        </button>{' '}
        {status ? (
          <span role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
            {status.text}
          </span>
        ) : null}
      </p>
    </section>
  );
}
