// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSubmitDetector } from '../../lib/content/submit-detector';
import { findComposer, replyPostAdapter } from './helpers/reply-post';

const adapter = replyPostAdapter;

function setup() {
  document.body.innerHTML = '<div class="post"><div contenteditable="true">Thanks, we are on it</div><button>Reply</button></div>';
  const post = document.querySelector('.post')!;
  const controller = new AbortController();
  const detector = createSubmitDetector({ adapter, doc: document, posts: () => [post], signal: controller.signal });
  return { post, controller, detector, button: post.querySelector('button')!, composer: findComposer(post)! };
}

describe('submit detector', () => {
  it('runs guards before watchers, whatever order they were added in, and a stopping guard hides the submit', () => {
    const { detector, button } = setup();
    const calls: string[] = [];
    let stop = true;
    detector.watch(() => calls.push('watch'));
    detector.guard(() => {
      calls.push('guard');
      return stop ? 'stop' : undefined;
    });
    button.click();
    expect(calls).toEqual(['guard']);
    stop = false;
    button.click();
    expect(calls).toEqual(['guard', 'guard', 'watch']);
  });

  it('notices Ctrl+Enter in the composer and tells which post it answers; nothing after the signal aborts', () => {
    const { detector, composer, post, controller, button } = setup();
    const seen: Element[] = [];
    detector.watch((s) => seen.push(s.post));
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); // X: a bare Enter adds a line
    expect(seen).toEqual([post]);
    controller.abort();
    button.click();
    expect(seen).toEqual([post]);
  });

  it('ignores a submit of an empty composer', () => {
    const { detector, composer, button } = setup();
    const seen: unknown[] = [];
    detector.watch((s) => seen.push(s));
    composer.textContent = '  ';
    button.click();
    expect(seen).toEqual([]);
  });
});
