import type { SubmitGuard, Submission } from './submit-detector';

/** The reply guard once loaded (lib/content/reply-guard.ts, through the DM flow). */
export interface LoadedGuard {
  guard(submission: Submission, stopped?: boolean): 'stop' | void;
}

/**
 * The reply guard's gate in the content script at rest: a submit must be stopped synchronously, and the guard is part
 * of the interactive UI, loaded on first use. Once it is loaded it decides; before, a submit with text is stopped
 * here and handed to it once loaded, which posts it at once when the draft is clean (or shows its dialog). A reply
 * never gets past unchecked.
 */
export function guardGate(options: {
  loaded: () => LoadedGuard | null;
  load: () => Promise<LoadedGuard>;
  onError: (err: unknown) => void;
}): SubmitGuard {
  return (submission) => {
    const guard = options.loaded();
    if (guard) return guard.guard(submission);
    if (!(submission.composer.textContent ?? '').replace(/\u200b/g, '').trim()) return;
    submission.event.preventDefault();
    submission.event.stopImmediatePropagation();
    options.load().then((loaded) => loaded.guard(submission, true), options.onError);
    return 'stop';
  };
}
