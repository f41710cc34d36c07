import { useRef, useState } from 'preact/hooks';
import { ASK_LABEL, KNOWN_VARIABLES, parseTemplate } from '../../../lib/shared/snippets/template';
import { bumpVersion, lintPack, SEMVER } from '../../../lib/shared/snippets/pack-format';

// The supervisor's pack editor: a form (pack details, then each snippet: title, text with variable chips, channels,
// tags), with the pack's JSON as an advanced view. Both edit one draft; the JSON is what gets signed and exported.

type SnippetChannel = 'x' | 'facebook' | 'dm';
export interface DraftSnippet {
  id: string;
  title: string;
  body: string;
  channels: SnippetChannel[];
  tags: string[];
  locale?: string;
}
export interface DraftPack {
  id: string;
  name: string;
  version: string;
  publishedAt: string;
  publisher: string;
  expiresAt?: string;
  replacesStarter?: boolean;
  snippets: DraftSnippet[];
  [other: string]: unknown;
}

const CHANNEL_NAMES: Record<SnippetChannel, string> = { x: 'X', facebook: 'Facebook', dm: 'DM' };

export const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'snippet';

export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function newPack(publisher: string): DraftPack {
  return {
    id: 'team-replies',
    name: 'Team replies',
    version: '1.0.0',
    publishedAt: nowIso(),
    publisher: publisher || 'Our care team',
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
  };
}

/** A unique id for a new snippet from its title. */
function uniqueId(base: string, taken: string[]): string {
  let id = slug(base);
  for (let n = 2; taken.includes(id); n++) id = `${slug(base)}-${n}`;
  return id;
}

function SnippetCard(props: {
  snippet: DraftSnippet;
  index: number;
  count: number;
  takenIds: string[];
  onChange: (s: DraftSnippet) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}) {
  const { snippet: s } = props;
  const body = useRef<HTMLTextAreaElement>(null);
  const templateErrors = parseTemplate(s.body).errors;
  const insert = (token: string) => {
    const el = body.current;
    const at = el ? el.selectionStart : s.body.length;
    const end = el ? el.selectionEnd : s.body.length;
    props.onChange({ ...s, body: s.body.slice(0, at) + token + s.body.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const tooLongForX = s.channels.includes('x') && s.body.length > 280;
  const dupId = props.takenIds.filter((id) => id === s.id).length > 1;
  return (
    <li class="snippet-card" data-testid="carebar-pack-snippet">
      <div class="snippet-head">
        <span class="n">{props.index + 1}</span>
        <input
          class="title"
          aria-label="Snippet title"
          placeholder="Title agents search for, e.g. Order delayed"
          value={s.title}
          maxLength={120}
          onInput={(e) => {
            const title = e.currentTarget.value;
            // The id follows the title until the snippet is published under it (then it must stay).
            const autoId = s.id === slug(s.title) || s.id === 'snippet';
            props.onChange({
              ...s,
              title,
              id: autoId
                ? uniqueId(
                    title,
                    props.takenIds.filter((id) => id !== s.id),
                  )
                : s.id,
            });
          }}
        />
        <span class="move">
          <button type="button" class="cb-btn small" aria-label="Move up" disabled={props.index === 0} onClick={() => props.onMove(-1)}>
            ↑
          </button>
          <button
            type="button"
            class="cb-btn small"
            aria-label="Move down"
            disabled={props.index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button type="button" class="cb-btn small danger" onClick={props.onRemove}>
            Remove
          </button>
        </span>
      </div>
      {!s.title.trim() ? <p class="field-error">A title is needed: agents find snippets by it.</p> : null}
      <div class="chips-row" role="group" aria-label="Insert a variable">
        {KNOWN_VARIABLES.map((v) => (
          <button type="button" key={v} class="var-chip" title={`Inserts ${ASK_LABEL[v].toLowerCase()}`} onClick={() => insert(`{{${v}}}`)}>
            {ASK_LABEL[v]}
          </button>
        ))}
        <button
          type="button"
          class="var-chip ask"
          title="Asks the agent for a value when inserting"
          onClick={() => insert('{{prompt:Order number}}')}
        >
          Ask the agent…
        </button>
      </div>
      <textarea
        ref={body}
        rows={3}
        aria-label="Snippet text"
        value={s.body}
        maxLength={10_000}
        onInput={(e) => props.onChange({ ...s, body: e.currentTarget.value })}
      />
      {templateErrors.map((e) => (
        <p class="field-error" key={e.token}>
          {e.message}
        </p>
      ))}
      {!s.body.trim() ? <p class="field-error">The text is empty.</p> : null}
      {tooLongForX ? <p class="field-warn">{s.body.length} characters: longer than X allows (280).</p> : null}
      <div class="snippet-meta">
        <fieldset class="channels">
          <legend>Use on</legend>
          {(['x', 'facebook', 'dm'] as const).map((c) => (
            <label key={c} class="check">
              <input
                type="checkbox"
                checked={s.channels.includes(c)}
                onChange={(e) =>
                  props.onChange({ ...s, channels: e.currentTarget.checked ? [...s.channels, c] : s.channels.filter((x) => x !== c) })
                }
              />
              {CHANNEL_NAMES[c]}
            </label>
          ))}
        </fieldset>
        <label class="tags">
          Tags
          <input
            value={s.tags.join(', ')}
            placeholder="refund, delivery"
            onInput={(e) =>
              props.onChange({
                ...s,
                tags: e.currentTarget.value
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean),
              })
            }
          />
        </label>
        <label class="id">
          Id
          <input value={s.id} onInput={(e) => props.onChange({ ...s, id: e.currentTarget.value })} spellcheck={false} />
        </label>
      </div>
      {!s.channels.length ? <p class="field-error">Choose at least one place to use it.</p> : null}
      {dupId ? <p class="field-error">Another snippet has the id “{s.id}”: ids must be unique.</p> : null}
    </li>
  );
}

/**
 * Edits `json` (the pack's text). The form view works on the parsed pack; when the JSON does not parse, only the
 * JSON view is offered until it does.
 */
export function PackEditor(props: { json: string; onJson: (json: string) => void }) {
  const [advanced, setAdvanced] = useState(false);
  let pack: DraftPack | null = null;
  let parseError: string | null = null;
  try {
    const parsed = JSON.parse(props.json) as DraftPack;
    if (parsed && typeof parsed === 'object' && Array.isArray(parsed.snippets)) pack = parsed;
    else parseError = 'The JSON is not a pack (it needs a "snippets" list).';
  } catch (err) {
    parseError = `The JSON does not parse: ${(err as Error).message}`;
  }
  const set = (next: DraftPack) => {
    // Any edit invalidates a signature: drop it, the pack is signed again before export.
    const { signature: _signature, ...unsigned } = next as DraftPack & { signature?: unknown };
    props.onJson(JSON.stringify(unsigned, null, 2));
  };
  const lint = lintPack(props.json);
  const showJson = advanced || !pack;

  return (
    <div class="pack-editor" data-testid="carebar-pack-editor">
      <div class="view-switch" role="tablist" aria-label="Editor view">
        <button
          type="button"
          role="tab"
          aria-selected={!showJson}
          class={!showJson ? 'on' : ''}
          disabled={!pack}
          onClick={() => setAdvanced(false)}
        >
          Form
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={showJson}
          class={showJson ? 'on' : ''}
          data-testid="carebar-pack-json-toggle"
          onClick={() => setAdvanced(true)}
        >
          JSON (advanced)
        </button>
      </div>
      {showJson ? (
        <>
          <textarea
            class="json"
            rows={18}
            value={props.json}
            spellcheck={false}
            aria-label="Pack as JSON"
            data-testid="carebar-pack-json"
            onInput={(e) => props.onJson(e.currentTarget.value)}
          />
          {parseError ? <p class="field-error">{parseError}</p> : null}
        </>
      ) : pack ? (
        <>
          <div class="pack-meta">
            <label>
              Pack name
              <input value={pack.name} maxLength={120} onInput={(e) => set({ ...pack!, name: e.currentTarget.value })} />
            </label>
            <label>
              Published by
              <input value={pack.publisher} maxLength={120} onInput={(e) => set({ ...pack!, publisher: e.currentTarget.value })} />
            </label>
            <label>
              Pack id
              <input value={pack.id} spellcheck={false} onInput={(e) => set({ ...pack!, id: e.currentTarget.value })} />
            </label>
            <label>
              Version
              <span class="version">
                <input value={pack.version} spellcheck={false} onInput={(e) => set({ ...pack!, version: e.currentTarget.value })} />
                {(['patch', 'minor', 'major'] as const).map((part) => (
                  <button
                    type="button"
                    key={part}
                    class="cb-btn small"
                    disabled={!SEMVER.test(pack!.version)}
                    onClick={() => set({ ...pack!, version: bumpVersion(pack!.version, part) })}
                    title={`Next ${part} version`}
                  >
                    +{part}
                  </button>
                ))}
              </span>
            </label>
            <label class="check wide">
              <input
                type="checkbox"
                checked={!!pack.replacesStarter}
                onChange={(e) => set({ ...pack!, replacesStarter: e.currentTarget.checked || undefined })}
              />
              Hide Carebar’s starter snippets while this pack is installed
            </label>
          </div>
          <ol class="snippet-list">
            {pack.snippets.map((s, i) => (
              <SnippetCard
                key={i}
                snippet={s}
                index={i}
                count={pack!.snippets.length}
                takenIds={pack!.snippets.map((x) => x.id)}
                onChange={(next) => set({ ...pack!, snippets: pack!.snippets.map((x, j) => (j === i ? next : x)) })}
                onRemove={() => set({ ...pack!, snippets: pack!.snippets.filter((_, j) => j !== i) })}
                onMove={(delta) => {
                  const list = [...pack!.snippets];
                  const [moved] = list.splice(i, 1);
                  list.splice(i + delta, 0, moved);
                  set({ ...pack!, snippets: list });
                }}
              />
            ))}
          </ol>
          <button
            type="button"
            class="cb-btn"
            data-testid="carebar-pack-add-snippet"
            onClick={() =>
              set({
                ...pack!,
                snippets: [
                  ...pack!.snippets,
                  {
                    id: uniqueId(
                      'snippet',
                      pack!.snippets.map((x) => x.id),
                    ),
                    title: '',
                    body: '',
                    channels: ['x', 'facebook'],
                    tags: [],
                  },
                ],
              })
            }
          >
            Add a snippet
          </button>
        </>
      ) : null}
      {lint.errors.length && pack ? (
        <details class="lint" open>
          <summary>
            {lint.errors.length === 1 ? 'One thing to fix before signing' : `${lint.errors.length} things to fix before signing`}
          </summary>
          <ul>
            {lint.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {lint.warnings
        .filter((w) => w !== 'not signed yet')
        .map((w) => (
          <p class="field-warn" key={w}>
            {w}
          </p>
        ))}
    </div>
  );
}
