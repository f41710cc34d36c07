import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../../lib/shared/messaging/client';
import type { SigningKeyInfo } from '../../../lib/shared/snippets/types';
import { lintPack } from '../../../lib/shared/snippets/pack-format';
import { downloadText } from '../download';
import { errorText } from '../reports/Backup';
import { StatusText } from './fields';
import { newPack, nowIso, PackEditor } from './PackEditor';

type Status = { kind: 'ok' | 'error'; text: string } | null;

const readFileText = (input: HTMLInputElement | null) => input?.files?.[0]?.text() ?? Promise.resolve(null);

/**
 * Supervisors: signing keys (non-extractable in this browser, backed up only encrypted), and the pack editor: write
 * the team's approved replies, sign them, export the file the team installs or serves at a pack URL.
 */
export function Supervisor(props: { agentName: string; onChanged: () => Promise<void> }) {
  const [keys, setKeys] = useState<SigningKeyInfo[]>([]);
  const [draft, setDraft] = useState(() => JSON.stringify(newPack(props.agentName), null, 2));
  const [status, setStatus] = useState<Status>(null);
  const keyFile = useRef<HTMLInputElement>(null);
  const keyPassword = useRef<HTMLInputElement>(null);
  const load = async () => setKeys((await request('supervisor.keys', {})).keys);
  useEffect(() => void load().catch((err) => setStatus({ kind: 'error', text: errorText(err) })), []);
  const run = async (work: () => Promise<string | void>) => {
    try {
      const text = await work();
      if (text) setStatus({ kind: 'ok', text });
      await load();
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  };
  const lint = lintPack(draft);

  return (
    <div data-testid="carebar-supervisor">
      <h3>Signing keys</h3>
      <p class="hint">
        A pack is trusted by the key that signed it. The private key stays in this browser and cannot be copied out; keep its encrypted
        backup and password safe, and give agents (or your IT team) the public key.
      </p>
      {keys.length ? (
        <ul class="plain-list">
          {keys.map((k) => (
            <li key={k.keyId}>
              <span>
                <b>{k.label}</b> <code title={k.keyId}>{k.keyId.slice(0, 12)}…</code>
              </span>
              <span class="row-actions">
                <button
                  type="button"
                  class="cb-btn small"
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
                  class="cb-btn small"
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
                  class="cb-btn small"
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
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">No signing key in this browser yet.</p>
      )}
      <div class="two-col">
        <form
          class="subform"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            void run(async () => {
              await request('supervisor.generateKey', {
                label: String(data.get('label') ?? ''),
                password: String(data.get('password') ?? ''),
              });
              form.reset();
              return 'Key created. Export its encrypted backup and keep the password safe: the key cannot be recovered otherwise.';
            });
          }}
        >
          <h4>New key</h4>
          <label>
            Key name
            <input name="label" maxLength={120} required placeholder="e.g. Care team lead" />
          </label>
          <label>
            Backup password <span class="hint">(10 characters or more)</span>
            <input name="password" type="password" minLength={10} required autoComplete="new-password" />
          </label>
          <button type="submit" class="cb-btn">
            Generate key pair
          </button>
        </form>
        <div class="subform">
          <h4>Restore a key</h4>
          <label>
            Encrypted key file
            <input type="file" accept=".json" ref={keyFile} />
          </label>
          <label>
            Its password
            <input type="password" ref={keyPassword} />
          </label>
          <button
            type="button"
            class="cb-btn"
            onClick={() =>
              run(async () => {
                const text = await readFileText(keyFile.current);
                if (text === null) return 'Choose a key file first';
                return `Imported ${(await request('supervisor.importKey', { file: text, password: keyPassword.current?.value ?? '' })).key.label}`;
              })
            }
          >
            Import key
          </button>
        </div>
      </div>

      <h3>Write a pack</h3>
      <label class="inline-file">
        Start from a pack file{' '}
        <input type="file" accept=".json" onChange={(e) => void readFileText(e.currentTarget).then((t) => t !== null && setDraft(t))} />
      </label>
      <PackEditor json={draft} onJson={setDraft} />
      <div class="savebar">
        {keys.map((k) => (
          <button
            type="button"
            class="cb-btn primary"
            key={k.keyId}
            disabled={lint.errors.length > 0}
            onClick={() =>
              run(async () => {
                const pack = JSON.parse(draft);
                pack.publishedAt = nowIso();
                const signed = (await request('supervisor.sign', { keyId: k.keyId, pack })).pack as { id: string; version: string };
                setDraft(JSON.stringify(signed, null, 2));
                return `Signed ${signed.id} ${signed.version} with ${k.label}. Export the pack file next.`;
              })
            }
          >
            Sign with {k.label}
          </button>
        ))}
        <button
          type="button"
          class="cb-btn"
          disabled={lint.errors.length > 0}
          onClick={() =>
            run(
              async () => (
                downloadText(`${lint.pack?.id ?? 'pack'}-${lint.pack?.version ?? ''}.json`, draft, 'application/json'),
                lint.pack?.signature ? 'Pack file saved' : 'Pack file saved, not signed yet: agents will refuse it until it is'
              ),
            )
          }
        >
          Export pack file
        </button>
        <StatusText status={status} />
      </div>
    </div>
  );
}
