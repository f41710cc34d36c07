import type { GuardProblem } from '../shared/detect/types';
import type { SiteAdapter } from '../shared/sites/types';

/**
 * The reply guard: stops ONE submission of a public reply whose draft has problems (personal data, too long, no
 * initials, too generic) and lets the agent choose: edit, move to DM, or post anyway. It never edits the text and
 * never blocks silently.
 *
 * The check runs in the background (async) but a submit must be stopped synchronously, so the verdict for the
 * composer's current text is computed ahead (debounced, on input) and cached. A submit with a bad verdict, or with
 * no verdict yet for this exact text, is stopped; when the late verdict is clean the submit is replayed at once.
 *
 * Listens on the window in the capture phase, so it runs before the site and before reply-detection (which listens
 * on the document): a stopped submit is not counted as a reply.
 */
export interface GuardChoiceHandlers {
  problems: GuardProblem[];
  edit(): void;
  moveToDm(): void;
  postAnyway(): void;
}

export function installReplyGuard(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** Post elements that carry a toolbar. */
  posts: () => Element[];
  check: (text: string) => Promise<GuardProblem[]>;
  /** Show the dialog; it calls exactly one of the handlers. */
  showDialog: (post: Element, choice: GuardChoiceHandlers) => void;
  onPostedAnyway: (post: Element, problems: GuardProblem[]) => void;
  onMoveToDm: (post: Element) => void;
  onError: (err: unknown) => void;
  debounceMs?: number;
}): () => void {
  const { adapter, doc } = options;
  const win = doc.defaultView!;
  const verdicts = new Map<string, GuardProblem[] | Promise<GuardProblem[]>>();
  let bypass = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const textOf = (composer: HTMLElement) => (composer.textContent ?? '').replace(/\u200b/g, '').trim();

  const verdictFor = (text: string): Promise<GuardProblem[]> => {
    const known = verdicts.get(text);
    if (known) return Promise.resolve(known);
    const pending = options.check(text).then(
      (problems) => {
        verdicts.set(text, problems);
        if (verdicts.size > 50) verdicts.delete(verdicts.keys().next().value!);
        return problems;
      },
      (err) => {
        verdicts.delete(text);
        throw err;
      },
    );
    verdicts.set(text, pending);
    return pending;
  };

  /** The toolbar post whose composer is `composer`, if any. */
  const postFor = (composer: HTMLElement): Element | null => options.posts().find((post) => adapter.findComposer(post, doc) === composer) ?? null;

  const composerOf = (target: EventTarget | null): HTMLElement | null => {
    const el = (target as Element | null)?.closest?.('[contenteditable="true"]');
    return el instanceof HTMLElement ? el : null;
  };

  // Keep the verdict for the current draft ready.
  const onInput = (event: Event) => {
    const composer = composerOf(event.target);
    if (!composer) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const text = textOf(composer);
      if (text && postFor(composer)) verdictFor(text).catch(() => {});
    }, options.debounceMs ?? 250);
  };

  const replay = (composer: HTMLElement, how: { button: HTMLElement | null; key: KeyboardEvent | null }) => {
    bypass = true;
    try {
      // The site's own button is the most faithful replay of either gesture; a key press only where there is none.
      const button = how.button ?? adapter.findSubmitButton(composer, doc);
      if (button) button.click();
      else if (how.key) {
        composer.focus();
        composer.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, ctrlKey: how.key.ctrlKey, metaKey: how.key.metaKey, bubbles: true, cancelable: true, composed: true } as KeyboardEventInit),
        );
      }
    } finally {
      bypass = false;
    }
  };

  /** Decide about one submit attempt; returns true when it was stopped. */
  const guard = (event: Event, composer: HTMLElement, post: Element, how: { button: HTMLElement | null; key: KeyboardEvent | null }): boolean => {
    const text = textOf(composer);
    if (!text) return false;
    const known = verdicts.get(text);
    if (Array.isArray(known) && known.length === 0) return false;
    event.preventDefault();
    event.stopImmediatePropagation();
    const decide = (problems: GuardProblem[]) => {
      if (problems.length === 0) return replay(composer, how); // the late verdict is clean: submit as the agent asked
      options.showDialog(post, {
        problems,
        edit: () => {
          composer.focus();
        },
        moveToDm: () => options.onMoveToDm(post),
        postAnyway: () => {
          options.onPostedAnyway(post, problems);
          replay(composer, how);
        },
      });
    };
    if (Array.isArray(known)) decide(known);
    else
      verdictFor(text).then(decide, (err) => {
        // The check failed: say so, never block silently.
        options.onError(err);
        decide([{ kind: 'personal-data', message: 'Carebar could not check this reply (the extension did not answer). Post anyway only if you are sure.' }]);
      });
    return true;
  };

  const onClick = (event: MouseEvent) => {
    if (bypass) return;
    const button = (event.target as Element | null)?.closest?.('button, [role="button"]');
    if (!(button instanceof HTMLElement)) return;
    for (const post of options.posts()) {
      const composer = adapter.findComposer(post, doc);
      if (!composer || !textOf(composer)) continue;
      const submit = adapter.findSubmitButton(composer, doc);
      if (submit && (submit === button || submit.contains(button))) {
        guard(event, composer, post, { button: submit, key: null });
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (bypass || event.key !== 'Enter' || event.isComposing || event.shiftKey) return;
    const modified = event.ctrlKey || event.metaKey;
    if (!modified && !adapter.submitsOnEnter) return;
    const composer = composerOf(event.target);
    if (!composer || !textOf(composer)) return;
    const post = postFor(composer);
    if (post) guard(event, composer, post, { button: null, key: event });
  };

  win.addEventListener('click', onClick, true);
  win.addEventListener('keydown', onKeyDown, true);
  win.addEventListener('input', onInput, true);
  return () => {
    if (timer) clearTimeout(timer);
    win.removeEventListener('click', onClick, true);
    win.removeEventListener('keydown', onKeyDown, true);
    win.removeEventListener('input', onInput, true);
  };
}
