import { useEffect, useState } from 'preact/hooks';
import { CarebarRequestError, request } from '../../../lib/shared/messaging/client';
import type { ResponseData } from '../../../lib/shared/messaging/protocol';
import { formatDuration } from '../../../lib/shared/duration';
import { useBusyAction } from '../../shared/use-busy-action';
import { FormEditor } from './FormEditor';
import { ReviewForm } from './ReviewForm';
import { ScoreTables } from './ScoreTables';

type Tab = 'review' | 'coaching' | 'scores' | 'form';
const TABS: [Tab, string][] = [
  ['review', 'Review'],
  ['coaching', 'My coaching'],
  ['scores', 'Scores'],
  ['form', 'Evaluation form'],
];
const REASON_LABEL = { random: 'weekly sample', breached: 'SLA breached', escalated: 'escalated' } as const;

const errorText = (err: unknown) =>
  err instanceof CarebarRequestError ? [err.message, ...err.issues.slice(0, 5)].join(' — ') : String((err as Error)?.message ?? err);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Quality review (issue 17): the sampled interactions scored with the team's evaluation form, coaching notes back to
 * the agent, QA scores per agent and week and per criterion (CSV), and the form itself. Solo mode: the agent
 * reviews their own replies.
 */
export function QaPage() {
  const initial = (location.hash.slice(1) as Tab) || 'review';
  const [tab, setTab] = useState<Tab>(TABS.some(([t]) => t === initial) ? initial : 'review');
  const [queue, setQueue] = useState<ResponseData['qa.queue'] | null>(null);
  const [config, setConfig] = useState<ResponseData['qa.config'] | null>(null);
  const [coaching, setCoaching] = useState<ResponseData['qa.coaching'] | null>(null);
  const [report, setReport] = useState<ResponseData['qa.report'] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();

  const load = async () => {
    try {
      // The background decides what this reader may see: a team agent asks for their own (mine), others for all.
      const c = await request('qa.config', {});
      const mine = c.role === 'agent';
      const [q, n, r] = await Promise.all([request('qa.queue', { mine }), request('qa.coaching', {}), request('qa.report', { mine })]);
      setQueue(q);
      setConfig(c);
      setCoaching(n);
      setReport(r);
      setSelected((s) => s ?? q.entries.find((e) => !e.review)?.interaction.id ?? q.entries[0]?.interaction.id ?? null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => void load(), []);
  useEffect(() => {
    history.replaceState(null, '', `#${tab}`);
    const unread = coaching?.notes.filter((n) => !n.note.readAt).map((n) => n.note.id) ?? [];
    if (tab === 'coaching' && unread.length) request('qa.coachingRead', { ids: unread }).catch(() => {});
  }, [tab, coaching]);

  const entry = queue?.entries.find((e) => e.interaction.id === selected) ?? null;
  const unread = coaching?.notes.filter((n) => !n.note.readAt).length ?? 0;
  // A team agent reads their own reviews and scores; supervisors (and the solo agent) review and edit the form.
  const reviewer = config?.role !== 'agent';
  const tabs = reviewer ? TABS : TABS.filter(([t]) => t !== 'form');

  return (
    <main data-testid="carebar-qa-page">
      <h1>Quality review</h1>
      <nav class="tabs">
        {tabs.map(([t, label]) => (
          <button type="button" key={t} data-testid={`carebar-qa-tab-${t}`} aria-pressed={tab === t} onClick={() => setTab(t)}>
            {label}
            {t === 'coaching' && unread ? <span class="badge">{unread}</span> : null}
          </button>
        ))}
      </nav>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}

      {tab === 'review' && queue && config ? (
        <div class="review">
          <ul class="queue">
            {queue.entries.length === 0 ? (
              <li class="empty">No replies to review yet: replies sent from X or Facebook appear here.</li>
            ) : null}
            {queue.entries.map(({ interaction: i, reasons, review }) => (
              <li key={i.id}>
                <button
                  type="button"
                  data-testid="carebar-qa-item"
                  data-interaction-id={i.id}
                  data-item-key={i.itemKey}
                  data-reviewed={review ? 'true' : 'false'}
                  aria-pressed={i.id === selected}
                  onClick={() => setSelected(i.id)}
                >
                  <strong>{i.agent ?? 'No agent'}</strong> → {i.customerHandle ? `@${i.customerHandle}` : (i.customerName ?? 'customer')}
                  <span class="meta">
                    {i.week} · {reasons.map((r) => REASON_LABEL[r]).join(', ')}
                    {review ? ` · ${review.score ?? '—'}%` : ' · to review'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {entry ? (
            <section class="detail" key={entry.interaction.id}>
              <div class="post">
                <div class="who">
                  {entry.interaction.customerName ?? ''} {entry.interaction.customerHandle ? `@${entry.interaction.customerHandle}` : ''} ·{' '}
                  {when(entry.interaction.postedAt)}{' '}
                  <a href={entry.interaction.permalink} target="_blank" rel="noreferrer noopener">
                    open
                  </a>
                </div>
                <p>{entry.interaction.customerText}</p>
              </div>
              <div class="reply" data-testid="carebar-qa-reply">
                <div class="who">
                  {entry.interaction.agent ?? 'Agent'} replied {when(entry.interaction.repliedAt)}, after{' '}
                  {formatDuration((Date.parse(entry.interaction.repliedAt) - Date.parse(entry.interaction.postedAt)) / 1000)}
                </div>
                <p>{entry.interaction.replyText}</p>
              </div>
              {!reviewer ? (
                <p class="meta" data-testid="carebar-qa-readonly">
                  {entry.review
                    ? `Reviewed by ${entry.review.reviewer ?? 'a supervisor'}: ${entry.review.score ?? '—'}%`
                    : 'Not reviewed yet.'}{' '}
                  In team mode, supervisors review replies.
                </p>
              ) : null}
              {reviewer ? (
                <ReviewForm
                  form={config.form}
                  interaction={entry.interaction}
                  review={entry.review}
                  busy={busy}
                  onSave={(r) =>
                    void run(async () => {
                      try {
                        await request('qa.review', { interactionId: entry.interaction.id, ...r });
                      } catch (err) {
                        throw new Error(errorText(err));
                      }
                      await load();
                    })
                  }
                />
              ) : null}
            </section>
          ) : null}
        </div>
      ) : null}

      {tab === 'coaching' && coaching ? (
        <section class="coaching-list">
          <p>Notes to {coaching.agent ?? 'you'} from reviews of your replies.</p>
          {coaching.notes.length === 0 ? <p class="empty">No coaching notes yet.</p> : null}
          {coaching.notes.map(({ note, interaction, review }) => (
            <article key={note.id} data-testid="carebar-coaching-note" data-unread={note.readAt ? 'false' : 'true'}>
              <div class="who">
                {note.from ?? 'Reviewer'} · {when(note.at)}
                {review ? ` · score ${review.score ?? '—'}%` : ''}
              </div>
              <p class="note">{note.text}</p>
              {interaction ? <blockquote>{interaction.replyText}</blockquote> : null}
            </article>
          ))}
        </section>
      ) : null}

      {tab === 'scores' && report ? <ScoreTables report={report} /> : null}

      {tab === 'form' && config && reviewer ? (
        <FormEditor
          form={config.form}
          perAgentPerWeek={config.perAgentPerWeek}
          busy={busy}
          onSave={(form, perAgentPerWeek) =>
            void run(async () => {
              try {
                setConfig(await request('qa.setConfig', { form, perAgentPerWeek }));
              } catch (err) {
                throw new Error(errorText(err));
              }
            })
          }
        />
      ) : null}
    </main>
  );
}
