import type { GuardProblem } from '../shared/detect/types';
import type { SiteAdapter } from '../shared/sites/types';
import type { Submission } from './submit-detector';

/**
 * The reply guard: stops ONE submission of a public reply whose draft has problems (personal data, too long, no
 * initials, too generic) and lets the agent choose: edit, move to DM, or post anyway. It never edits the text and
 * never blocks silently.
 *
 * The check runs in the background (async) but a submit must be stopped synchronously, so the verdict for the
 * composer's current text is computed ahead (debounced, on input) and cached. A submit with a bad verdict, or with
 * no verdict yet for this exact text, is stopped; when the late verdict is clean the submit is replayed at once.
 *
 * It is the submit detector's guard: it runs before the site and before every watcher (reply detection, close the
 * loop), so a stopped submit is not counted as a reply. It is part of the interactive UI (overlay-ui.js): until it
 * is loaded, the content script's gate (lib/content/features/dm.ts) stops every submit with text and hands it over
 * here (`decide(submission, true)`), which replays it at once when the verdict is clean. The gate starts loading it
 * when a reply box gets the focus or input, so it is normally here before Reply is clicked.
 */
export interface GuardChoiceHandlers {
  problems: GuardProblem[];
  edit(): void;
  moveToDm(): void;
  postAnyway(): void;
}

export interface ReplyGuard {
  /**
   * Decide about one submit attempt; 'stop' when it is held back. `stopped`: the content script's gate already
   * stopped it (the guard was not loaded yet): a submit that may go is then replayed.
   */
  decide(submission: Submission, stopped?: boolean): 'stop' | void;
  /** The agent typed into `target` (window input events): keep the verdict for the draft ready. */
  onInput(target: Node): void;
}

export function createReplyGuard(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** Post elements that carry a toolbar. */
  posts: () => Element[];
  signal: AbortSignal;
  check: (text: string) => Promise<GuardProblem[]>;
  /** Show the dialog beside the reply box's submit button; it calls exactly one of the handlers. */
  showDialog: (post: Element, choice: GuardChoiceHandlers, where: { composer: HTMLElement; button: HTMLElement | null }) => void;
  /** The verdict on the draft being typed (debounced), for a quiet hint while it holds personal data. */
  onDraft?: (composer: HTMLElement, problems: GuardProblem[]) => void;
  onPostedAnyway: (post: Element, problems: GuardProblem[]) => void;
  onMoveToDm: (post: Element) => void;
  onError: (err: unknown) => void;
  debounceMs?: number;
}): ReplyGuard {
  const { adapter, doc, signal } = options;
  const verdicts = new Map<string, GuardProblem[] | Promise<GuardProblem[]>>();
  let bypass = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

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

  // Keep the verdict for the current draft ready.
  const onInput = (target: Node) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const answered = adapter.postAnsweredBy(target, options.posts(), doc);
      const text = answered ? textOf(answered.composer) : '';
      if (!answered) return;
      if (!text) return options.onDraft?.(answered.composer, []);
      verdictFor(text).then(
        (problems) => textOf(answered.composer) === text && options.onDraft?.(answered.composer, problems),
        () => {},
      );
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
          new KeyboardEvent('keydown', {
            key: 'Enter',
            code: 'Enter',
            keyCode: 13,
            ctrlKey: how.key.ctrlKey,
            metaKey: how.key.metaKey,
            bubbles: true,
            cancelable: true,
            composed: true,
          } as KeyboardEventInit),
        );
      }
    } finally {
      bypass = false;
    }
  };

  /** Decide about one submit attempt; returns true when it was stopped. */
  const guard = (
    event: Event,
    composer: HTMLElement,
    post: Element,
    how: { button: HTMLElement | null; key: KeyboardEvent | null },
    stopped: boolean,
  ): boolean => {
    const text = textOf(composer);
    const known = text ? verdicts.get(text) : [];
    if (Array.isArray(known) && known.length === 0) {
      // Nothing to hold back; a submit the gate stopped before this was loaded goes now, as the agent asked.
      if (stopped) replay(composer, how);
      return false;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    const decide = (problems: GuardProblem[]) => {
      if (problems.length === 0) return replay(composer, how); // the late verdict is clean: submit as the agent asked
      const where = { composer, button: how.button ?? adapter.findSubmitButton(composer, doc) };
      options.showDialog(
        post,
        {
          problems,
          edit: () => {
            composer.focus();
          },
          moveToDm: () => options.onMoveToDm(post),
          postAnyway: () => {
            options.onPostedAnyway(post, problems);
            replay(composer, how);
          },
        },
        where,
      );
    };
    if (Array.isArray(known)) decide(known);
    else
      verdictFor(text).then(decide, (err) => {
        // The check failed: say so, never block silently.
        options.onError(err);
        decide([
          {
            kind: 'personal-data',
            message: 'Carebar could not check this reply (the extension did not answer). Post anyway only if you are sure.',
          },
        ]);
      });
    return true;
  };

  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return {
    decide: ({ event, post, composer, button, key }, stopped = false) => {
      if (!bypass && guard(event, composer, post, { button, key }, stopped)) return 'stop';
    },
    onInput,
  };
}
