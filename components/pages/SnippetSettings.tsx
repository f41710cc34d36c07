import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import type { PackSummary, SigningKeyInfo, SnippetConfig, SnippetView } from '../../lib/shared/snippets/types';
import { downloadText } from './download';
import { bumpVersion, lintPack, SEMVER } from '../../lib/shared/snippets/pack-format';

type Status = { kind: 'ok' | 'error'; text: string } | null;

const readFileText = (input: HTMLInputElement) => input.files?.[0]?.text() ?? Promise.resolve(null);

function useRun(setStatus: (s: Status) => void, after: () => Promise<void>) {
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

/** Snippets, packs (install, subscribe, trusted keys, rollback) and personal snippets, for agents. */
export function SnippetSettings() {
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
      <section data-testid="carebar-snippet-settings">
        <h2>Snippets</h2>
        <p>Loading…</p>
      </section>
    );
  const personal = snippets.filter((s) => !s.approved);

  return (
    <section data-testid="carebar-snippet-settings">
      <h2>Snippets</h2>
      <p class="hint">Approved replies in the palette (toolbar “Snippets”, or Alt+Shift+S in a reply box). See docs/snippets.md.</p>
      <h3>Installed packs</h3>
      <ul>
        {packs.map((p) => (
          <li key={p.id} data-testid="carebar-pack" data-pack-id={p.id} data-version={p.version}>
            <strong>{p.name}</strong> {p.version} · {p.snippetCount} snippets · {p.publisher}
            {p.expiresAt ? ` · expires ${p.expiresAt.slice(0, 10)}` : ''}
            {p.previousVersion ? (
              <button type="button" onClick={() => run(async () => (await request('packs.rollback', { id: p.id })).message)}>
                Roll back to {p.previousVersion}
              </button>
            ) : null}
            {p.id !== 'carebar-starter' ? (
              <button type="button" onClick={() => run(async () => (await request('packs.remove', { id: p.id }), `Removed ${p.name}`))}>
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <label>
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
      <ul>
        {config.subscriptions.map((s) => (
          <li key={s.url} data-testid="carebar-pack-subscription">
            {s.url} {s.managed ? '(set by your IT team)' : ''}
            <br />
            <span class={s.lastError ? 'error' : 'hint'}>{s.lastResult ?? 'not checked yet'}</span>
            {!s.managed ? (
              <button type="button" onClick={() => run(async () => (await request('packs.unsubscribe', { url: s.url }), 'Unsubscribed'))}>
                Unsubscribe
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const url = String(new FormData(form).get('url') ?? '').trim();
          run(async () => {
            await request('packs.subscribe', { url });
            form.reset();
            const { results } = await request('packs.refresh', {});
            return results.find((r) => r.url === url)?.message ?? 'Subscribed';
          });
        }}
      >
        <label>
          Pack URL <input name="url" type="url" placeholder="https://packs.example.com/team.json" required />
        </label>
        <button type="submit">Subscribe</button>{' '}
        <button
          type="button"
          onClick={() =>
            run(async () => (await request('packs.refresh', {})).results.map((r) => r.message).join(' · ') || 'No subscriptions')
          }
        >
          Check now
        </button>
      </form>

      <h3>Trusted publishers</h3>
      <ul>
        {config.trustedKeys.map((k) => (
          <li key={k.keyId}>
            {k.label} <code>{k.keyId.slice(0, 12)}…</code> {k.managed ? '(set by your IT team)' : null}
            {!k.managed ? (
              <button type="button" onClick={() => run(async () => (await request('packs.untrustKey', { keyId: k.keyId }), 'Key removed'))}>
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          run(async () => {
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
          Public key (JWK) <textarea name="jwk" rows={3} required placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…"}' />
        </label>
        <button type="submit">Trust this key</button>
      </form>

      <h3>Personal snippets (not approved)</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={config.approvedOnly}
          onChange={(e) => run(async () => (await request('packs.setApprovedOnly', { approvedOnly: e.currentTarget.checked }), 'Saved'))}
        />
        Approved snippets only (hides personal snippets)
      </label>
      <ul>
        {personal.map((s) => (
          <li key={s.id}>
            {s.title} <span class="hint">not approved</span>
            <button type="button" onClick={() => run(async () => (await request('snippets.deletePersonal', { id: s.id }), 'Deleted'))}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {!config.approvedOnly ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            const channels = (['x', 'facebook', 'dm'] as const).filter((c) => data.get(`ch-${c}`));
            run(async () => {
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
          {(['x', 'facebook', 'dm'] as const).map((c) => (
            <label class="inline" key={c}>
              <input type="checkbox" name={`ch-${c}`} defaultChecked={c !== 'dm'} />{' '}
              {c === 'x' ? 'X' : c === 'facebook' ? 'Facebook' : 'DM'}
            </label>
          ))}
          <button type="submit">Add snippet</button>
        </form>
      ) : null}
      {status ? (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind} data-testid="carebar-snippet-status">
          {status.text}
        </p>
      ) : null}
      <SupervisorSection onChanged={load} />
    </section>
  );
}

const NEW_PACK = () =>
  JSON.stringify(
    {
      id: 'my-team',
      name: 'My team replies',
      version: '1.0.0',
      publishedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      publisher: 'My team',
      snippets: [
        {
          id: 'hello',
          title: 'Hello',
          body: 'Hi {{customer.firstName}}, thanks for reaching out! ^{{agent.initials}}',
          channels: ['x', 'facebook'],
          tags: ['greeting'],
          locale: 'en',
        },
      ],
    },
    null,
    2,
  );

/** Supervisors: signing keys (non-extractable, backed up only encrypted), edit, bump, sign and export a pack. */
function SupervisorSection(props: { onChanged: () => Promise<void> }) {
  const [keys, setKeys] = useState<SigningKeyInfo[]>([]);
  const [draft, setDraft] = useState(NEW_PACK);
  const [status, setStatus] = useState<Status>(null);
  const load = async () => setKeys((await request('supervisor.keys', {})).keys);
  useEffect(() => void load().catch(() => {}), []);
  const run = useRun(setStatus, load);
  const lint = lintPack(draft);
  const edit = (change: (pack: Record<string, unknown>) => void) => {
    try {
      const pack = JSON.parse(draft);
      change(pack);
      setDraft(JSON.stringify(pack, null, 2));
    } catch (err) {
      setStatus({ kind: 'error', text: `The pack is not valid JSON: ${(err as Error).message}` });
    }
  };

  return (
    <section data-testid="carebar-supervisor">
      <h2>Supervisor: publish a pack</h2>
      <h3>Signing keys</h3>
      <ul>
        {keys.map((k) => (
          <li key={k.keyId}>
            {k.label} <code>{k.keyId.slice(0, 12)}…</code>
            <button
              type="button"
              onClick={() =>
                run(
                  async () => (
                    downloadText(
                      `${k.label || 'carebar'}-signing-key.json`,
                      JSON.stringify((await request('supervisor.exportKey', { keyId: k.keyId })).file, null, 2),
                      'application/json',
                    ),
                    'Encrypted key file saved'
                  ),
                )
              }
            >
              Export encrypted backup
            </button>
            <button
              type="button"
              onClick={() =>
                run(
                  async () => (
                    downloadText(`${k.label || 'carebar'}-public.jwk`, JSON.stringify(k.publicJwk, null, 2), 'application/json'),
                    'Public key saved: give it to your agents or IT team'
                  ),
                )
              }
            >
              Export public key
            </button>
            <button
              type="button"
              onClick={() =>
                run(
                  async () => (
                    await request('packs.trustKey', { label: k.label, jwk: k.publicJwk }),
                    await props.onChanged(),
                    'Trusted on this browser'
                  ),
                )
              }
            >
              Trust here
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          run(async () => {
            await request('supervisor.generateKey', {
              label: String(data.get('label') ?? ''),
              password: String(data.get('password') ?? ''),
            });
            form.reset();
            return 'Key created. Export its encrypted backup and keep the password safe: the key cannot be recovered otherwise.';
          });
        }}
      >
        <label>
          Key name <input name="label" maxLength={120} required />
        </label>
        <label>
          Backup password (10+ characters) <input name="password" type="password" minLength={10} required autoComplete="new-password" />
        </label>
        <button type="submit">Generate key pair</button>
      </form>
      <label>
        Import an encrypted key file <input type="file" accept=".json" id="carebar-key-file" />
      </label>
      <label>
        Its password <input type="password" id="carebar-key-password" />
      </label>
      <button
        type="button"
        onClick={() =>
          run(async () => {
            const text = await readFileText(document.getElementById('carebar-key-file') as HTMLInputElement);
            if (text === null) return 'Choose a key file first';
            const password = (document.getElementById('carebar-key-password') as HTMLInputElement).value;
            return `Imported ${(await request('supervisor.importKey', { file: text, password })).key.label}`;
          })
        }
      >
        Import key
      </button>
      <h3>Pack</h3>
      <label>
        Open a pack file
        <input type="file" accept=".json" onChange={(e) => void readFileText(e.currentTarget).then((t) => t !== null && setDraft(t))} />
      </label>
      <label>
        Pack (JSON, see schemas/snippet-pack.schema.json)
        <textarea
          rows={16}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          spellcheck={false}
          style="max-width: 100%; font-family: monospace"
        />
      </label>
      {lint.errors.map((e) => (
        <p class="error" key={e}>
          {e}
        </p>
      ))}
      {lint.warnings
        .filter((w) => w !== 'not signed yet')
        .map((w) => (
          <p class="hint" key={w}>
            {w}
          </p>
        ))}
      {(['patch', 'minor', 'major'] as const).map((part) => (
        <button
          type="button"
          key={part}
          onClick={() => edit((p) => SEMVER.test(String(p.version)) && (p.version = bumpVersion(String(p.version), part)))}
        >
          Bump {part}
        </button>
      ))}{' '}
      {keys.map((k) => (
        <button
          type="button"
          key={k.keyId}
          disabled={lint.errors.length > 0}
          onClick={() =>
            run(async () => {
              const pack = JSON.parse(draft);
              pack.publishedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
              const signed = (await request('supervisor.sign', { keyId: k.keyId, pack })).pack as { id: string; version: string };
              setDraft(JSON.stringify(signed, null, 2));
              return `Signed ${signed.id} ${signed.version} with ${k.label}`;
            })
          }
        >
          Sign with {k.label}
        </button>
      ))}{' '}
      <button
        type="button"
        disabled={lint.errors.length > 0}
        onClick={() =>
          run(
            async () => (
              downloadText(`${lint.pack?.id ?? 'pack'}-${lint.pack?.version ?? ''}.json`, draft, 'application/json'),
              'Pack file saved'
            ),
          )
        }
      >
        Export pack file
      </button>
      {status ? (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
          {status.text}
        </p>
      ) : null}
    </section>
  );
}
