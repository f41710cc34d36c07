import type { SiteAdapter } from '../shared/sites/types';

/** One submission of a site reply composer that answers a post carrying a toolbar. */
export interface Submission {
  event: Event;
  post: Element;
  composer: HTMLElement;
  /** The site's submit button that was clicked, or null for a key press. */
  button: HTMLElement | null;
  /** The key press that submitted (Ctrl/Cmd+Enter, or Enter where the site posts on Enter), or null for a click. */
  key: KeyboardEvent | null;
}

/** A guard returns 'stop' when it held the submission back: nothing after it sees it. */
export type SubmitGuard = (submission: Submission) => 'stop' | void;

export interface SubmitDetector {
  /** Runs first, and may stop the submission (the reply guard). */
  guard(handler: SubmitGuard): void;
  /** Runs after every guard let the submission through (reply detection, close-the-loop). */
  watch(handler: (submission: Submission) => void): void;
}

/**
 * Notices the agent submitting the site's own reply composer (a click on its Reply / Comment button,
 * Ctrl/Cmd+Enter, or Enter where the site posts on Enter). One pair of window capture listeners, so it runs before
 * the site; guards run before watchers in that order, whatever order features were started in.
 */
export function createSubmitDetector(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** Post elements that carry a toolbar. */
  posts: () => Element[];
  signal: AbortSignal;
}): SubmitDetector {
  const { adapter, doc } = options;
  const guards: SubmitGuard[] = [];
  const watchers: ((submission: Submission) => void)[] = [];
  const hasText = (composer: HTMLElement) => (composer.textContent ?? '').trim().length > 0;

  const dispatch = (submission: Submission) => {
    for (const guard of guards) if (guard(submission) === 'stop') return;
    for (const watcher of watchers) watcher(submission);
  };

  const onClick = (event: MouseEvent) => {
    const button = (event.target as Element | null)?.closest?.('button, [role="button"]');
    if (!(button instanceof HTMLElement)) return;
    for (const post of options.posts()) {
      const composer = adapter.findComposer(post, doc);
      if (!composer || !hasText(composer)) continue;
      const submit = adapter.findSubmitButton(composer, doc);
      if (submit && (submit === button || submit.contains(button))) {
        dispatch({ event, post, composer, button: submit, key: null });
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.isComposing || event.shiftKey) return;
    if (!(event.ctrlKey || event.metaKey) && !adapter.submitsOnEnter) return;
    const editor = (event.target as Element | null)?.closest?.('[contenteditable="true"]');
    if (!(editor instanceof HTMLElement) || !hasText(editor)) return;
    const answered = adapter.postAnsweredBy(editor, options.posts(), doc);
    if (answered) dispatch({ event, post: answered.post, composer: answered.composer, button: null, key: event });
  };

  const win = doc.defaultView!;
  win.addEventListener('click', onClick, { capture: true, signal: options.signal });
  win.addEventListener('keydown', onKeyDown, { capture: true, signal: options.signal });
  return {
    guard: (handler) => void guards.push(handler),
    watch: (handler) => void watchers.push(handler),
  };
}
