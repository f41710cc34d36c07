import { useEffect, useState } from 'preact/hooks';
import type { CustomerCard } from '../lib/db/customers';
import { request } from '../lib/messaging/client';
import { formatAge } from '../lib/sla';

const CHANNEL_LABEL = { x: 'X', facebook: 'Facebook' } as const;
const MATCH_LABEL = { handle: 'matched by exact handle', id: 'matched by numeric id' } as const;

/** The customer card: who the author is in our CRM and our history with them. All outside data renders as text. */
export function CustomerCardView(props: { itemKey: string }) {
  const [card, setCard] = useState<CustomerCard | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request('customers.card', { key: props.itemKey })
      .then((r) => setCard(r.card))
      .catch((err: Error) => setError(err.message));
  }, [props.itemKey]);

  if (error) return <p role="alert" class="error">Could not load the customer: {error}</p>;
  if (card === undefined) return <p class="muted">Loading…</p>;
  if (card === null) return <p class="muted">Carebar has not stored this post yet.</p>;

  const { item, customer, match, history } = card;
  const name = customer?.name ?? item.authorName ?? item.authorHandle ?? 'Unknown author';
  return (
    <section data-testid="carebar-customer-card" aria-label="Customer">
      <header>
        <strong data-testid="carebar-customer-name">{name}</strong>
        <span class="tier" data-testid="carebar-customer-tier">
          {customer ? (customer.tier ?? 'No tier') : 'Not in CRM'}
        </span>
      </header>
      <p class="muted">
        {item.authorHandle ? `${CHANNEL_LABEL[item.channel]} ${item.channel === 'x' ? '@' : ''}${item.authorHandle}` : CHANNEL_LABEL[item.channel]}
        {match ? ` · ${MATCH_LABEL[match]}` : ''}
      </p>
      {customer ? (
        <dl>
          {customer.handles.length ? (
            <>
              <dt>Identities</dt>
              <dd>{customer.handles.join(', ')}</dd>
            </>
          ) : null}
          {customer.lifetimeValue !== null ? (
            <>
              <dt>Lifetime value</dt>
              <dd>{customer.lifetimeValue.toLocaleString()}</dd>
            </>
          ) : null}
          {customer.tags.length ? (
            <>
              <dt>Tags</dt>
              <dd>{customer.tags.join(', ')}</dd>
            </>
          ) : null}
          {customer.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="notes">{customer.notes}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <h3>History with us</h3>
      {history.length === 0 ? <p class="muted">No earlier interactions.</p> : null}
      <ol class="history">
        {history.map((row) => (
          <li key={row.key} data-testid="carebar-history-row" data-carebar-id={row.key} data-state={row.state}>
            <span class="when">{new Date(row.postedAt).toLocaleDateString()}</span>{' '}
            <span class="state">{row.state}</span>
            {row.agent ? <span class="muted"> · {row.agent}</span> : null}
            {row.firstResponseAt ? (
              <span class="muted"> · answered in {formatAge(Math.max(0, Math.round((Date.parse(row.firstResponseAt) - Date.parse(row.postedAt)) / 1000)))}</span>
            ) : null}
            <a href={row.permalink} target="_blank" rel="noopener noreferrer" class="excerpt">
              {row.excerpt || '(no text)'}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
