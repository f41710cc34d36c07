// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { guardGate, type LoadedGuard } from '../../lib/content/guard-gate';
import { createReplyGuard, type GuardChoiceHandlers, type ReplyGuard } from '../../lib/content/reply-guard';
import { createSubmitDetector } from '../../lib/content/submit-detector';
import type { GuardProblem } from '../../lib/shared/detect/types';
import { findComposer, replyPostAdapter } from './helpers/reply-post';

const adapter = replyPostAdapter;

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(verdict: (text: string) => GuardProblem[]) {
  document.body.innerHTML = '<div class="post"><div contenteditable="true"></div><button>Reply</button></div>';
  const post = document.querySelector('.post')!;
  const button = post.querySelector('button')!;
  const composer = findComposer(post)!;
  const controller = new AbortController();
  const signal = controller.signal;
  const posted: string[] = [];
  const counted: string[] = [];
  const dialogs: GuardChoiceHandlers[] = [];
  button.addEventListener('click', () => posted.push(composer.textContent ?? ''));
  const detector = createSubmitDetector({ adapter, doc: document, posts: () => [post], signal });
  let loaded: ReplyGuard | null = null;
  let finishLoading = () => {};
  const loading = new Promise<void>((resolve) => (finishLoading = resolve));
  const checks: string[] = [];
  const load = () =>
    loading.then(() => {
      loaded ??= createReplyGuard({
        adapter,
        doc: document,
        posts: () => [post],
        signal,
        check: async (text) => (checks.push(text), verdict(text)),
        showDialog: (_post, choice) => dialogs.push(choice),
        onPostedAnyway: () => {},
        onMoveToDm: () => {},
        onError: (err) => {
          throw err;
        },
        debounceMs: 0,
      });
      return asLoaded(loaded);
    });
  const asLoaded = (guard: ReplyGuard): LoadedGuard => ({ guard: (s, stopped) => guard.decide(s, stopped) });
  const errors: unknown[] = [];
  detector.guard(guardGate({ loaded: () => loaded && asLoaded(loaded), load, onError: (e) => errors.push(e) }));
  detector.watch(() => counted.push(composer.textContent ?? ''));
  return { button, composer, posted, counted, dialogs, finishLoading, checks, errors };
}

describe('reply guard gate (the guard loads on first use)', () => {
  it('stops a submit while the guard is not loaded, and posts it once the loaded guard finds the draft clean', async () => {
    const t = setup(() => []);
    t.composer.textContent = 'Thanks, we are on it';
    t.button.click();
    expect(t.posted).toEqual([]); // stopped synchronously: the site never saw it
    expect(t.counted).toEqual([]);
    t.finishLoading();
    await tick();
    await tick();
    expect(t.checks).toEqual(['Thanks, we are on it']);
    expect(t.posted).toEqual(['Thanks, we are on it']); // replayed once, as the agent asked
    expect(t.counted).toEqual(['Thanks, we are on it']);
    expect(t.dialogs).toHaveLength(0);
    expect(t.errors).toEqual([]);
  });

  it('holds a draft with personal data back until the agent chooses, even when it was submitted before loading', async () => {
    const problem: GuardProblem = { kind: 'personal-data', message: 'Holds an email address' };
    const t = setup((text) => (text.includes('@') ? [problem] : []));
    t.composer.textContent = 'Write to ann@example.com';
    t.button.click();
    t.button.click(); // a second press while it loads is held back too
    t.finishLoading();
    await tick();
    await tick();
    expect(t.posted).toEqual([]);
    expect(t.counted).toEqual([]);
    expect(t.dialogs.length).toBeGreaterThan(0);
    t.dialogs[0].postAnyway();
    expect(t.posted).toEqual(['Write to ann@example.com']);
    expect(t.counted).toEqual(['Write to ann@example.com']);
    // Loaded now: the guard decides synchronously (the verdict for this text is known).
    t.button.click();
    expect(t.posted).toHaveLength(1);
  });

  it('lets a reply box with nothing to check through at once (zero-width spaces only)', () => {
    const t = setup(() => []);
    t.composer.textContent = '\u200b';
    t.button.click();
    expect(t.posted).toEqual(['\u200b']);
    expect(t.checks).toEqual([]);
  });
});
