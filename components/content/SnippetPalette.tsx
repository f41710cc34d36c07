import { useEffect, useRef, useState } from 'preact/hooks';
import type { SnippetOption } from '../../lib/shared/snippets/types';
import type { LengthReport } from '../../lib/shared/snippets/length';
import { useBusyAction } from '../shared/use-busy-action';

export interface SnippetPaletteProps {
  /** Search snippets for this post (the background holds the index). */
  search: (query: string) => Promise<SnippetOption[]>;
  /** Fill the snippet with the answers; `asks` lists questions still open. */
  render: (id: string, answers: Record<string, string>) => Promise<{ text: string; asks: string[]; length: LengthReport }>;
  /** Insert into the site's composer; resolves false when the editor did not take it. */
  insert: (text: string, id: string) => Promise<boolean>;
  onClose: (refocusComposer: boolean) => void;
  channelLabel: string;
}

/**
 * The snippet palette: search, arrows + Enter, a filled preview, questions for `{{prompt:…}}` and values the post
 * does not show, and a length warning before an insert would go over the channel's limit. Everything from the
 * page or a pack is rendered as text.
 */
export function SnippetPalette(props: SnippetPaletteProps) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<SnippetOption[]>([]);
  const [selected, setSelected] = useState(0);
  const [asking, setAsking] = useState<{ option: SnippetOption; labels: string[] } | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [warning, setWarning] = useState<{ option: SnippetOption; text: string; length: LengthReport } | null>(null);
  const { busy, error, setError, run } = useBusyAction();
  const searchRef = useRef<HTMLInputElement>(null);
  const firstAskRef = useRef<HTMLInputElement>(null);
  const sequence = useRef(0);

  useEffect(() => searchRef.current?.focus(), []);
  useEffect(() => {
    const mine = ++sequence.current;
    props
      .search(query)
      .then((found) => {
        // A slower answer to an older keystroke must not replace a newer one.
        if (mine !== sequence.current) return;
        setOptions(found);
        setSelected(0);
        setError(null);
      })
      .catch((err) => mine === sequence.current && setError((err as Error).message));
  }, [query]);
  useEffect(() => {
    if (asking) firstAskRef.current?.focus();
  }, [asking]);

  const finish = async (option: SnippetOption, text: string) => {
    const ok = await props.insert(text, option.id);
    if (ok) props.onClose(false);
    else setError('The reply box did not accept the text. Click into it and try again.');
  };

  const choose = async (option: SnippetOption | undefined, given: Record<string, string> = answers, confirmed = false) => {
    if (!option || busy) return;
    await run(async () => {
      if (confirmed && warning) {
        await finish(option, warning.text);
        return;
      }
      const filled = await props.render(option.id, given);
      if (filled.asks.length) {
        setAsking({ option, labels: filled.asks });
        return;
      }
      if (filled.length.over) {
        setAsking(null);
        setWarning({ option, text: filled.text, length: filled.length });
        return;
      }
      await finish(option, filled.text);
    });
  };

  const onSearchKey = (event: KeyboardEvent) => {
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
      if (asking || warning) {
        setAsking(null);
        setWarning(null);
        searchRef.current?.focus();
      } else props.onClose(true);
    }
  };

  const submitAnswers = (event: Event) => {
    event.preventDefault();
    if (asking) void choose(asking.option, answers);
  };

  const current = options[selected];
  return (
    <div class="palette" data-testid="carebar-snippet-palette" role="dialog" aria-label="Snippets" onKeyDown={onPanelKey}>
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
        disabled={!!asking || !!warning}
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
      ) : null}
      {warning ? (
        <div class="warning" data-testid="carebar-snippet-too-long" role="alert">
          This reply would be {warning.length.length} of {warning.length.limit} characters.
          <button type="button" onClick={() => void choose(warning.option, answers, true)} disabled={busy}>
            Insert anyway
          </button>
          <button
            type="button"
            onClick={() => {
              setWarning(null);
              searchRef.current?.focus();
            }}
          >
            Back
          </button>
        </div>
      ) : null}
      {!asking && !warning ? (
        <ul id="carebar-snippet-list" class="options" role="listbox">
          {options.map((option, i) => (
            <li
              key={option.id}
              id={`snippet-${i}`}
              role="option"
              aria-selected={i === selected}
              class={i === selected ? 'option selected' : 'option'}
              data-testid="carebar-snippet-option"
              data-snippet-id={option.id}
              onMouseEnter={() => setSelected(i)}
              onMouseDown={(e) => e.preventDefault() /* keep the focus (and the caret) where it is */}
              onClick={() => void choose(option)}
            >
              <span class="title">
                {option.title}
                {option.approved ? null : <span class="unapproved">not approved</span>}
                {option.locale && option.locale !== 'en' ? <span class="tag">{option.locale}</span> : null}
              </span>
              {i === selected ? (
                <span class="preview" data-testid="carebar-snippet-preview">
                  {option.preview}
                  {option.asks.length ? <span class="asks-note"> (asks: {option.asks.join(', ')})</span> : null}
                </span>
              ) : null}
            </li>
          ))}
          {options.length === 0 && !error ? <li class="empty">No snippet matches.</li> : null}
        </ul>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const SNIPPET_PALETTE_CSS = `
:host { all: initial; }
.palette { position: fixed; z-index: 2147483646; width: min(440px, calc(100vw - 16px)); max-height: 360px; overflow: auto;
  box-sizing: border-box; padding: 8px; border: 1px solid #cfd9de; border-radius: 10px; background: #fff; color: #0f1419;
  box-shadow: 0 8px 28px rgba(0,0,0,.22); font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
:host([data-theme='dark']) .palette { background: #16181c; color: #e7e9ea; border-color: #2f3336; }
.search { width: 100%; box-sizing: border-box; padding: 6px 8px; font: inherit; border: 1px solid #cfd9de; border-radius: 6px; }
.options { list-style: none; margin: 6px 0 0; padding: 0; }
.option { padding: 6px 8px; border-radius: 6px; cursor: pointer; display: flex; flex-direction: column; gap: 2px; }
.option.selected { background: rgba(29,111,184,.14); }
.title { font-weight: 600; }
.preview { white-space: pre-wrap; color: inherit; opacity: .85; }
.unapproved { margin-left: 6px; font-size: 11px; font-weight: 500; color: #8a5a00; border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; }
.tag { margin-left: 6px; font-size: 11px; opacity: .7; }
.asks, .warning { display: flex; flex-direction: column; gap: 6px; margin-top: 8px; }
.asks label { display: flex; flex-direction: column; gap: 2px; }
.asks input { font: inherit; padding: 4px 6px; }
.warning { color: #b3261e; }
.error { color: #b3261e; margin: 6px 0 0; }
.empty, .hint { opacity: .7; padding: 6px 8px; margin: 0; }
`;
