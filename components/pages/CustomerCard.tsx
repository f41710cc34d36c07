import { useEffect, useState } from 'preact/hooks';
import { formatAmount, type CustomerCard, type HistoryEntry } from '../../lib/shared/customer-card';
import type { CrmRecordRef, CustomerRow } from '../../lib/shared/records';
import { isOpenStatus, type MatchKind } from '../../lib/shared/crm/connector';
import { request, subscribeToChanges } from '../../lib/shared/messaging/client';
import { formatDuration } from '../../lib/shared/duration';

const CHANNEL_LABEL = { x: 'X', facebook: 'Facebook' } as const;
const CARD_PAINTED_MARK = 'carebar:card-painted';

const MATCH_LABEL: Record<MatchKind, string> = {
  handle: 'matched by exact handle',
  id: 'matched by numeric id',
  linked: 'linked by hand',
  name: 'matched by name only: check before relying on it',
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `x:handle` → "X @handle", `facebook:id:1` → "Facebook id 1", `email:a@b` → "a@b". */
export function identityLabel(key: string): string {
  const [channel, ...rest] = key.split(':');
  const value = rest.join(':');
  if (channel === 'x') return `X @${value}`;
  if (channel === 'facebook') return value.startsWith('id:') ? `Facebook id ${value.slice(3)}` : `Facebook ${value}`;
  if (channel === 'email') return value;
  return key;
}

function Records(props: { label: string; records: CrmRecordRef[] | undefined }) {
  if (!props.records?.length) return null;
  const open = props.records.filter((r) => isOpenStatus(r.status));
  const shown = open.length ? open : props.records.slice(0, 3);
  return (
    <>
      <dt>{open.length ? `Open ${props.label}` : props.label}</dt>
      <dd>
        <ul class="records">
          {shown.map((r) => (
            <li key={r.id} data-testid="carebar-customer-record" data-status={r.status}>
              {r.url ? (
                <a href={r.url} target="_blank" rel="noopener noreferrer">
                  {r.id}
                </a>
              ) : (
                r.id
              )}{' '}
              <span class="status">{r.status}</span>
              {r.title ? <span class="muted"> · {r.title}</span> : null}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}

function CustomerFields(props: { customer: CustomerRow }) {
  const c = props.customer;
  return (
    <dl>
      {c.handles.length ? (
        <>
          <dt>Identities</dt>
          <dd data-testid="carebar-customer-identities">{c.handles.map(identityLabel).join(' · ')}</dd>
        </>
      ) : null}
      {c.lifetimeValue !== null && c.lifetimeValue !== undefined ? (
        <>
          <dt>Lifetime value</dt>
          <dd data-testid="carebar-customer-ltv">{formatAmount(c.lifetimeValue, c.currency)}</dd>
        </>
      ) : null}
      <Records label="orders" records={c.orders} />
      <Records label="tickets" records={c.tickets} />
      {c.tags.length ? (
        <>
          <dt>Tags</dt>
          <dd>{c.tags.join(', ')}</dd>
        </>
      ) : null}
      {c.lastContactAt ? (
        <>
          <dt>Last contact</dt>
          <dd>{when(c.lastContactAt)}</dd>
        </>
      ) : null}
      {c.notes ? (
        <>
          <dt>Notes</dt>
          <dd class="notes">{c.notes}</dd>
        </>
      ) : null}
    </dl>
  );
}

function HistoryRow(props: { row: HistoryEntry }) {
  const { row } = props;
  return (
    <li data-testid="carebar-history-row" data-carebar-id={row.key} data-state={row.state}>
      <span class="when">{new Date(row.postedAt).toLocaleDateString()}</span> <span class="channel">{CHANNEL_LABEL[row.channel]}</span>{' '}
      <span class="state">{row.state}</span>
      {row.agent ? <span class="muted"> · {row.agent}</span> : null}
      {row.responseSec !== null ? <span class="muted"> · answered in {formatDuration(row.responseSec, 1)}</span> : null}
      {row.dmAt ? <span class="muted"> · moved to DM {when(row.dmAt)}</span> : null}
      <a href={row.permalink} target="_blank" rel="noopener noreferrer" class="excerpt" title={row.excerpt}>
        {row.excerpt || '(no text)'}
      </a>
    </li>
  );
}

/** Link this post's author to a local-CRM customer found by name or handle. */
function LinkSearch(props: { identityKey: string; onDone: () => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ id: string; name: string; tier: string | null }[]>([]);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    const t = setTimeout(
      () =>
        request('customers.search', { query }).then(
          (r) => setFound(r.customers),
          () => setFound([]),
        ),
      150,
    );
    return () => clearTimeout(t);
  }, [query]);
  return (
    <div class="link-search">
      <input
        data-testid="carebar-customer-link-search"
        placeholder="Link to a customer: name or handle"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        maxLength={100}
      />
      <ul>
        {found.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              data-testid="carebar-customer-link"
              onClick={() => request('customers.link', { customerId: c.id, identityKey: props.identityKey }).then(props.onDone)}
            >
              Link to {c.name}
              {c.tier ? ` (${c.tier})` : ''}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The customer card: who the author is in our CRM and our history with them. All outside data renders as text. */

/** The note box: the text goes to `onNote`; the box is cleared once it is saved, kept when it was not. */
function NoteForm(props: { onNote: (note: string) => Promise<boolean> }) {
  return (
    <form
      class="note"
      onSubmit={(e) => {
        e.preventDefault();
        const input = (e.currentTarget as HTMLFormElement).elements.namedItem('note') as HTMLInputElement;
        if (input.value.trim()) void props.onNote(input.value).then((saved) => saved && (input.value = ''));
      }}
    >
      <input name="note" maxLength={2000} placeholder="Add a note" data-testid="carebar-customer-note" />
    </form>
  );
}

export function CustomerCardView(props: { itemKey: string }) {
  const [card, setCard] = useState<CustomerCard | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);

  useEffect(() => {
    let cancelled = false;
    request('customers.card', { key: props.itemKey })
      .then((r) => {
        if (cancelled) return;
        setCard(r.card);
        setError(null);
        // A stale remote answer is being refreshed in the background: look again shortly.
        if (r.card?.remote?.stale && version < 3) setTimeout(() => !cancelled && reload(), 1500);
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, [props.itemKey, version]);

  // Our history changes while the card is open (a state change on another post by the same author): refresh.
  useEffect(
    () =>
      subscribeToChanges({
        onChange: (notice) => {
          if (notice.type === 'items.changed') reload();
        },
        onReconnect: reload,
      }),
    [],
  );

  // A User Timing mark when the card is painted (visible in DevTools' performance panel; `npm run bench` reads it).
  useEffect(() => {
    if (card) requestAnimationFrame(() => performance.mark(CARD_PAINTED_MARK));
  }, [card]);

  if (error && !card)
    return (
      <p role="alert" class="error">
        Could not load the customer: {error}
      </p>
    );
  if (card === undefined) return <p class="muted">Loading…</p>;
  if (card === null) return <p class="muted">Carebar has not stored this post yet.</p>;

  const { item, customer, match, history, remote, identityKey } = card;
  const shown = remote?.customer ?? customer;
  const postName = item.authorName ?? item.authorHandle ?? 'Unknown author';
  const name = shown?.name ?? postName;
  const postIdentity = item.authorHandle
    ? `${CHANNEL_LABEL[item.channel]} ${item.channel === 'x' ? '@' : ''}${item.authorHandle}`
    : item.authorId
      ? `${CHANNEL_LABEL[item.channel]} id ${item.authorId}`
      : CHANNEL_LABEL[item.channel];
  const act = (work: Promise<unknown>, done: string) =>
    work.then(
      () => {
        setNotice(done);
        reload();
        return true;
      },
      (err: Error) => {
        setNotice(err.message);
        return false;
      },
    );

  return (
    <section data-testid="carebar-customer-card" aria-label="Customer" data-match={match ?? 'none'}>
      <header>
        <strong data-testid="carebar-customer-name">{name}</strong>
        <span class="tier" data-testid="carebar-customer-tier">
          {shown ? (shown.tier ?? 'No tier') : 'Not in CRM'}
        </span>
      </header>
      <p class="muted" data-testid="carebar-customer-identity">
        {shown && shown.name !== postName ? `${postName} · ` : ''}
        {postIdentity}
        {match ? ` · ${MATCH_LABEL[match]}` : ''}
      </p>
      {remote ? (
        <p class={remote.error ? 'error' : 'muted'} data-testid="carebar-customer-remote" data-stale={String(remote.stale)}>
          {remote.connector}
          {remote.asOf ? `, as of ${when(remote.asOf)}` : ''}
          {remote.stale ? ' (refreshing)' : ''}
          {remote.error ? `: ${remote.error}` : remote.customer ? '' : ': no match'}
        </p>
      ) : null}
      {shown ? <CustomerFields customer={shown} /> : null}
      {identityKey ? (
        <div class="actions">
          {customer && match === 'name' ? (
            <>
              <button
                type="button"
                data-testid="carebar-customer-link"
                onClick={() =>
                  act(
                    request('customers.link', { customerId: customer.id, identityKey }),
                    `Linked ${identityLabel(identityKey)} to ${customer.name}.`,
                  )
                }
              >
                Yes, this is {customer.name}
              </button>
              <button
                type="button"
                data-testid="carebar-customer-unlink"
                onClick={() => act(request('customers.unlink', { customerId: customer.id, identityKey }), 'Noted: not this customer.')}
              >
                Not this person
              </button>
            </>
          ) : customer ? (
            <button
              type="button"
              data-testid="carebar-customer-unlink"
              onClick={() =>
                act(request('customers.unlink', { customerId: customer.id, identityKey }), `Unlinked ${identityLabel(identityKey)}.`)
              }
            >
              Unlink {identityLabel(identityKey)}
            </button>
          ) : (
            <LinkSearch
              identityKey={identityKey}
              onDone={() => {
                setNotice('Linked.');
                reload();
              }}
            />
          )}
        </div>
      ) : null}
      {remote?.customer ? (
        // The card shows the remote CRM's customer: a note goes to that CRM, through the background.
        remote.notes === 'writable' ? (
          <NoteForm
            onNote={(note) => act(request('customers.remoteNote', { key: item.key, note }), `Note saved in ${remote.connector}.`)}
          />
        ) : (
          <p class="muted" data-testid="carebar-customer-note-unavailable">
            {remote.notes}
          </p>
        )
      ) : customer && match !== 'name' ? (
        <NoteForm onNote={(note) => act(request('customers.note', { customerId: customer.id, note }), 'Note saved.')} />
      ) : null}
      {notice ? (
        <p role="status" class="muted">
          {notice}
        </p>
      ) : null}
      <h3>History with us</h3>
      {history.length === 0 ? <p class="muted">No earlier interactions.</p> : null}
      <ol class="history">
        {history.map((row) => (
          <HistoryRow key={row.key} row={row} />
        ))}
      </ol>
      <p>
        <button
          type="button"
          class="forget"
          data-testid="carebar-customer-forget"
          onClick={() => {
            if (confirm(`Forget ${name}? Their posts, history${customer ? ', CRM record' : ''} and cached data are deleted from Carebar.`))
              act(
                request(
                  'customers.forget',
                  customer && match !== 'name' ? { customerId: customer.id } : { identityKey: identityKey ?? undefined },
                ),
                'Forgotten.',
              );
          }}
        >
          Forget this customer
        </button>
      </p>
    </section>
  );
}
