import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import type { PackSummary, SnippetConfig, SnippetView } from '../../lib/shared/snippets/types';
import { ManagedMark } from './options/fields';

type Status = { kind: 'ok' | 'error'; text: string } | null;

const readFileText = (input: HTMLInputElement) => input.files?.[0]?.text() ?? Promise.resolve(null);

/** Run a command (install, subscribe, trust…) at once; say what happened; reload the lists. */
export function useRun(setStatus: (s: Status) => void, after: () => Promise<void>) {
  return async (work: () => Promise<string | void>) => {
    try {
      const text = await work();
      if (text) setStatus({ kind: 'ok', text });
      await after();
    } catch (err) {
      const e = err as Error & { issues?: string[] };
      setStatus({ kind: 'error', text: [e.message, ...(e.issues ?? [])].join(' · ') });
    }
  };
}

/**
 * Snippets for agents: the packs installed (rollback, remove), pack subscriptions, trusted publishers, and personal
 * snippets. Each button acts at once; what is set by the organisation's policy is marked and cannot be removed.
 */
export function SnippetSettings(props: { managed?: ReadonlySet<string>; children?: ComponentChildren }) {
  const approvedOnlyManaged = props.managed?.has('approvedOnly') ?? false;
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [config, setConfig] = useState<SnippetConfig | null>(null);
  const [snippets, setSnippets] = useState<SnippetView[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const load = async () => {
    const [p, s] = await Promise.all([request('packs.list', {}), request('snippets.list', {})]);
    setPacks(p.packs);
    setConfig(p.config);
    setSnippets(s.snippets);
  };
  useEffect(() => void load().catch((e) => setStatus({ kind: 'error', text: (e as Error).message })), []);
  const run = useRun(setStatus, load);
  if (!config)
    return (
      <div data-testid="carebar-snippet-settings">
        <p class="hint">Loading…</p>
      </div>
    );
  const personal = snippets.filter((s) => !s.approved);

  return (
    <div data-testid="carebar-snippet-settings">
      <h3>Installed packs</h3>
      <ul class="plain-list">
        {packs.map((p) => (
          <li key={p.id} data-testid="carebar-pack" data-pack-id={p.id} data-version={p.version}>
            <span>
              <b>{p.name}</b> {p.version}{' '}
              <span class="hint">
                · {p.snippetCount} snippets · {p.publisher}
                {p.expiresAt ? ` · expires ${p.expiresAt.slice(0, 10)}` : ''}
              </span>
            </span>
            <span class="row-actions">
              {p.previousVersion ? (
                <button
                  type="button"
                  class="cb-btn small"
                  onClick={() => run(async () => (await request('packs.rollback', { id: p.id })).message)}
                >
                  Roll back to {p.previousVersion}
                </button>
              ) : null}
              {p.id !== 'carebar-starter' ? (
                <button
                  type="button"
                  class="cb-btn small danger"
                  onClick={() => run(async () => (await request('packs.remove', { id: p.id }), `Removed ${p.name}`))}
                >
                  Remove
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <label class="inline-file">
        Install a pack file
        <input
          type="file"
          accept="application/json,.json"
          onChange={(e) =>
            run(async () => {
              const text = await readFileText(e.currentTarget);
              if (text !== null) return (await request('packs.install', { document: text })).message;
            })
          }
        />
      </label>

      <h3>Subscriptions</h3>
      <p class="hint">
        Packs your team publishes at a web address: Carebar checks them every 15 minutes and installs a newer signed version.
      </p>
      {config.subscriptions.length ? (
        <ul class="plain-list">
          {config.subscriptions.map((s) => (
            <li key={s.url} data-testid="carebar-pack-subscription">
              <span>
                {s.url} {s.managed ? <ManagedMark /> : null}
                <br />
                <span class={s.lastError ? 'field-error' : 'hint'}>{s.lastResult ?? 'not checked yet'}</span>
              </span>
              {!s.managed ? (
                <button
                  type="button"
                  class="cb-btn small"
                  onClick={() => run(async () => (await request('packs.unsubscribe', { url: s.url }), 'Unsubscribed'))}
                >
                  Unsubscribe
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const url = String(new FormData(form).get('url') ?? '').trim();
          void run(async () => {
            await request('packs.subscribe', { url });
            form.reset();
            const { results } = await request('packs.refresh', {});
            return results.find((r) => r.url === url)?.message ?? 'Subscribed';
          });
        }}
      >
        <label>
          Pack address <input name="url" type="url" placeholder="https://packs.example.com/team.json" required />
        </label>
        <button type="submit" class="cb-btn">
          Subscribe
        </button>
        <button
          type="button"
          class="cb-btn"
          onClick={() =>
            run(async () => (await request('packs.refresh', {})).results.map((r) => r.message).join(' · ') || 'No subscriptions')
          }
        >
          Check now
        </button>
      </form>

      <h3>Trusted publishers</h3>
      <p class="hint">Packs are installed only when signed by one of these keys.</p>
      {config.trustedKeys.length ? (
        <ul class="plain-list">
          {config.trustedKeys.map((k) => (
            <li key={k.keyId}>
              <span>
                <b>{k.label}</b> <code title={k.keyId}>{k.keyId.slice(0, 12)}…</code> {k.managed ? <ManagedMark /> : null}
              </span>
              {!k.managed ? (
                <button
                  type="button"
                  class="cb-btn small"
                  onClick={() => run(async () => (await request('packs.untrustKey', { keyId: k.keyId }), 'Key removed'))}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <details class="add">
        <summary>Trust a publisher’s key</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            void run(async () => {
              await request('packs.trustKey', { label: String(data.get('label') ?? ''), jwk: String(data.get('jwk') ?? '') });
              form.reset();
              return 'Publisher key trusted';
            });
          }}
        >
          <label>
            Publisher name <input name="label" maxLength={120} required />
          </label>
          <label>
            Their public key file’s contents{' '}
            <textarea name="jwk" rows={3} required placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…"}' />
          </label>
          <button type="submit" class="cb-btn">
            Trust this key
          </button>
        </form>
      </details>

      <h3>Personal snippets</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={config.approvedOnly}
          disabled={approvedOnlyManaged}
          onChange={(e) => run(async () => (await request('packs.setApprovedOnly', { approvedOnly: e.currentTarget.checked }), 'Saved.'))}
        />
        Approved snippets only: personal snippets are hidden from the palette {approvedOnlyManaged ? <ManagedMark /> : null}
      </label>
      {personal.length ? (
        <ul class="plain-list">
          {personal.map((s) => (
            <li key={s.id}>
              <span>
                {s.title} <span class="hint">not approved</span>
              </span>
              <button
                type="button"
                class="cb-btn small"
                onClick={() => run(async () => (await request('snippets.deletePersonal', { id: s.id }), 'Deleted'))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {!config.approvedOnly ? (
        <details class="add">
          <summary>Add a personal snippet</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget as HTMLFormElement;
              const data = new FormData(form);
              const channels = (['x', 'facebook', 'dm'] as const).filter((c) => data.get(`ch-${c}`));
              void run(async () => {
                await request('snippets.savePersonal', {
                  title: String(data.get('title') ?? ''),
                  body: String(data.get('body') ?? ''),
                  channels,
                  tags: String(data.get('tags') ?? '')
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                });
                form.reset();
                return 'Snippet saved';
              });
            }}
          >
            <label>
              Title <input name="title" maxLength={120} required />
            </label>
            <label>
              Text{' '}
              <textarea name="body" rows={3} maxLength={10_000} required placeholder="Hi {{customer.firstName}}, … ^{{agent.initials}}" />
            </label>
            <label>
              Tags (comma-separated) <input name="tags" />
            </label>
            <fieldset class="channels">
              <legend>Use on</legend>
              {(['x', 'facebook', 'dm'] as const).map((c) => (
                <label class="check" key={c}>
                  <input type="checkbox" name={`ch-${c}`} defaultChecked={c !== 'dm'} />{' '}
                  {c === 'x' ? 'X' : c === 'facebook' ? 'Facebook' : 'DM'}
                </label>
              ))}
            </fieldset>
            <button type="submit" class="cb-btn">
              Add snippet
            </button>
          </form>
        </details>
      ) : null}
      {status ? (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={`save-status ${status.kind}`} data-testid="carebar-snippet-status">
          {status.text}
        </p>
      ) : null}
    </div>
  );
}
