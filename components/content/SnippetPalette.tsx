import { useEffect, useRef, useState } from 'preact/hooks';
import type { ResponseData } from '../../lib/shared/messaging/protocol';
import type { LengthReport } from '../../lib/shared/snippets/length';

type SnippetOption = ResponseData['snippets.search']['results'][number];

export interface SnippetPaletteProps {
  /** Search snippets for this post (the background holds the index). */
  search: (query: string) => Promise<SnippetOption[]>;
  /** Fill the snippet with the answers; `asks` lists questions still open. */
  render: (id: string, answers: Record<string, string>) => Promise<{ text: string; asks: string[]; length: LengthReport }>;
  /** Insert into the site's composer; resolves false when the editor did not take it. */
  insert: (text: string, id: string) => Promise<boolean>;
  onClose: (refocusComposer: boolean) => void;
  channelLabel: string;
  /** The team's language (e.g. "en"): its snippets (and those without a language) come first. */
  teamLanguage: string;
  /** Whom the reply goes to, when the palette opened a comment's own reply box ("Reply to Jane"). */
  replyTo?: string | null;
}

const primary = (locale: string | null | undefined) => (locale ?? '').toLowerCase().split('-')[0];

/** Team language first (and snippets with no language), then the other languages grouped by language. */
export function groupByLanguage(options: SnippetOption[], team: string): { team: SnippetOption[]; other: SnippetOption[] } {
  const t = primary(team);
  const mine: SnippetOption[] = [];
  const other: SnippetOption[] = [];
  for (const o of options) (!o.locale || primary(o.locale) === t ? mine : other).push(o);
  // A stable sort keeps the search's own order inside each language.
  other.sort((a, b) => primary(a.locale).localeCompare(primary(b.locale)));
  return { team: mine, other };
}

let languageNames: Intl.DisplayNames | null = null;
function languageName(locale: string): string {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return languageNames.of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/**
 * The snippet palette: search, arrows + Enter (or a click) to insert at once, the highlighted option's filled text
 * in a preview, questions for `{{prompt:…}}` and values the post does not show, the team's language first and the
 * others grouped, key hints. Everything from the page or a pack is rendered as text.
 */
export function SnippetPalette(props: SnippetPaletteProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<SnippetOption[]>([]);
  const [selected, setSelected] = useState(0);
  const [asking, setAsking] = useState<{ option: SnippetOption; labels: string[] } | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const firstAskRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const sequence = useRef(0);

  useEffect(() => searchRef.current?.focus(), []);
  useEffect(() => {
    const mine = ++sequence.current;
    props
      .search(query)
      .then((results) => {
        // A slower answer to an older keystroke must not replace a newer one.
        if (mine !== sequence.current) return;
        setFound(results);
        setSelected(0);
        setError(null);
      })
      .catch((err) => mine === sequence.current && setError((err as Error).message));
  }, [query]);
  useEffect(() => {
    if (asking) firstAskRef.current?.focus();
  }, [asking]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const groups = groupByLanguage(found, props.teamLanguage);
  const options = [...groups.team, ...groups.other];

  const choose = async (option: SnippetOption | undefined, given: Record<string, string> = answers) => {
    if (!option || busy) return;
    setBusy(true);
    setError(null);
    try {
      const filled = await props.render(option.id, given);
      if (filled.asks.length) {
        setAsking({ option, labels: filled.asks });
        return;
      }
      // Inserted at once, even when it runs over the channel's limit: the counter beside the reply box says so.
      const ok = await props.insert(filled.text, option.id);
      if (ok) props.onClose(false);
      else setError('The reply box did not accept the text. Click into it and try again.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onSearchKey = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    if (event.key === 'ArrowDown') setSelected((i) => Math.min(options.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') void choose(options[selected]);
    else if (event.key === 'Escape') props.onClose(true);
    else return;
    event.preventDefault();
  };

  const onPanelKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (asking) {
        setAsking(null);
        searchRef.current?.focus();
      } else props.onClose(true);
    }
  };

  const submitAnswers = (event: Event) => {
    event.preventDefault();
    if (event.isTrusted && asking) void choose(asking.option, answers);
  };

  const current = options[selected];
  const optionRow = (option: SnippetOption, i: number) => (
    <li
      key={option.id}
      id={`snippet-${i}`}
      role="option"
      aria-selected={i === selected}
      class={i === selected ? 'option selected' : 'option'}
      data-testid="carebar-snippet-option"
      data-snippet-id={option.id}
      data-locale={option.locale ?? ''}
      onMouseMove={() => i !== selected && setSelected(i)}
      onMouseDown={(e) => e.preventDefault() /* keep the focus (and the caret) where it is */}
      onClick={(e) => e.isTrusted && void choose(option)}
    >
      <span class="title">
        {option.locale && primary(option.locale) !== primary(props.teamLanguage) ? <span class="tag">{option.locale}</span> : null}
        <span class="t">{option.title}</span>
        {option.approved ? null : <span class="unapproved">not approved</span>}
        {i === selected ? <kbd class="enter">↵</kbd> : null}
      </span>
      <span class="line">{option.preview}</span>
    </li>
  );

  return (
    <div
      class="palette"
      data-testid="carebar-snippet-palette"
      role="dialog"
      aria-label={props.replyTo ? `Snippets: ${props.replyTo}` : 'Snippets'}
      onKeyDown={onPanelKey}
    >
      {props.replyTo ? (
        <div class="reply-to" data-testid="carebar-snippet-reply-to">
          {props.replyTo}
        </div>
      ) : null}
      <input
        ref={searchRef}
        class="search"
        data-testid="carebar-snippet-search"
        type="search"
        placeholder={`Search snippets for ${props.channelLabel}…`}
        aria-controls="carebar-snippet-list"
        aria-activedescendant={current ? `snippet-${selected}` : undefined}
        value={query}
        maxLength={200}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={onSearchKey}
        disabled={!!asking}
      />
      {asking ? (
        <form class="asks" data-testid="carebar-snippet-prompts" onSubmit={submitAnswers}>
          <p class="hint">“{asking.option.title}” needs:</p>
          {asking.labels.map((label, i) => (
            <label key={label}>
              {label}
              <input
                ref={i === 0 ? firstAskRef : undefined}
                data-testid="carebar-snippet-prompt"
                data-label={label}
                maxLength={2000}
                required
                value={answers[label] ?? ''}
                onInput={(e) => setAnswers({ ...answers, [label]: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
          ))}
          <button type="submit" disabled={busy}>
            Insert
          </button>
        </form>
      ) : (
        <>
          <ul id="carebar-snippet-list" class="options" role="listbox" ref={listRef}>
            {groups.team.length ? (
              <li role="presentation" class="group" data-group="team">
                {languageName(primary(props.teamLanguage) || 'en')}
              </li>
            ) : null}
            {groups.team.map((o, i) => optionRow(o, i))}
            {groups.other.length ? (
              <li role="presentation" class="group" data-group="other">
                Other languages
              </li>
            ) : null}
            {groups.other.map((o, i) => optionRow(o, groups.team.length + i))}
            {options.length === 0 && !error ? <li class="empty">No snippet matches.</li> : null}
          </ul>
          {current ? (
            <div class="preview" data-testid="carebar-snippet-preview" data-for={current.id} aria-live="polite">
              {current.preview}
              {current.asks.length ? <span class="asks-note"> (asks: {current.asks.join(', ')})</span> : null}
            </div>
          ) : null}
        </>
      )}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="keys" data-testid="carebar-snippet-keys" aria-hidden="true">
        <span>
          <kbd>↑</kbd>
          <kbd>↓</kbd> choose
        </span>
        <span>
          <kbd>Enter</kbd> insert
        </span>
        <span>
          <kbd>Esc</kbd> close
        </span>
        <span class="shortcut">
          <kbd>Alt+Shift+S</kbd> in a reply box
        </span>
      </div>
    </div>
  );
}

export const SNIPPET_PALETTE_CSS = `
:host { all: initial; }
.palette { position: fixed; z-index: 2147483646; width: min(440px, calc(100vw - 16px)); max-height: min(420px, calc(100vh - 16px)); display: flex; flex-direction: column;
  box-sizing: border-box; border-radius: 12px; background: #fff; color: #0f1419; overflow: hidden;
  box-shadow: rgba(101,119,134,.2) 0 0 15px, rgba(101,119,134,.15) 0 0 3px 1px; font: 14px/1.4 TwitterChirp, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
:host([data-site='facebook']) .palette { font-family: 'Segoe UI Historic', 'Segoe UI', Helvetica, Arial, sans-serif; box-shadow: 0 12px 28px rgba(0,0,0,.2), 0 2px 4px rgba(0,0,0,.1); }
:host([data-theme='dark']) .palette { background: #000; color: #e7e9ea; box-shadow: rgba(255,255,255,.2) 0 0 15px, rgba(255,255,255,.15) 0 0 3px 1px; }
:host([data-site='facebook'][data-theme='dark']) .palette { background: #242526; color: #e4e6eb; }
.reply-to { padding: 10px 14px 0; font-size: 13px; font-weight: 700; opacity: .75; }
.search { margin: 10px 12px 6px; box-sizing: border-box; padding: 8px 12px; font: inherit; color: inherit; background: rgba(128,128,128,.12); border: 1px solid transparent; border-radius: 999px; outline: none; }
.search:focus { border-color: #1d9bf0; background: transparent; }
.options { list-style: none; margin: 0; padding: 0 0 4px; overflow: auto; flex: 1 1 auto; min-height: 60px; }
.group { padding: 8px 14px 2px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; opacity: .6; }
.option { padding: 6px 14px; cursor: pointer; display: flex; flex-direction: column; gap: 1px; }
.option.selected { background: rgba(29,155,240,.12); }
.title { display: flex; align-items: center; gap: 6px; font-weight: 700; }
.title .t { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.line { font-size: 13px; opacity: .7; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.preview { flex: none; max-height: 7.5em; overflow: auto; margin: 0; padding: 8px 14px; border-top: 1px solid rgba(128,128,128,.25); white-space: pre-wrap; font-size: 13px; }
.unapproved { font-size: 11px; font-weight: 600; color: #b06000; border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; }
.tag { font-size: 11px; font-weight: 700; padding: 0 5px; border-radius: 4px; background: rgba(128,128,128,.18); text-transform: uppercase; }
kbd { font: 600 11px/16px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 0 4px; border: 1px solid rgba(128,128,128,.4); border-radius: 4px; }
.enter { opacity: .7; }
.keys { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 6px 14px 8px; border-top: 1px solid rgba(128,128,128,.25); font-size: 12px; opacity: .75; }
.keys .shortcut { margin-left: auto; }
.asks { display: flex; flex-direction: column; gap: 6px; padding: 4px 14px 10px; }
.asks label { display: flex; flex-direction: column; gap: 2px; }
.asks input { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid rgba(128,128,128,.4); background: transparent; color: inherit; }
.asks button { align-self: flex-end; padding: 4px 14px; border-radius: 999px; border: 0; background: #1d9bf0; color: #fff; font: inherit; font-weight: 700; cursor: pointer; }
.error { color: #dc1e2d; margin: 0; padding: 4px 14px; }
.empty, .hint { opacity: .7; padding: 6px 14px; margin: 0; }
`;
