// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { PostInfo } from '../../lib/shared/model';
import { createPostScanner } from '../../lib/content/scanner';
import type { SiteAdapter } from '../../lib/shared/sites/types';

// A minimal adapter over <div class="post" data-id>: the scanner is site-independent.
const adapter: SiteAdapter = {
  channel: 'x',
  matchesHost: () => true,
  submitsOnEnter: false,
  findPosts: (root) => [...(root instanceof Element && root.matches('.post') ? [root] : []), ...root.querySelectorAll('.post')],
  postFor: (node) => (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest('.post') ?? null,
  keyOf: (el) => (el.getAttribute('data-id') ? `x:${el.getAttribute('data-id')}` : null),
  batchReads: (work) => work(),
  readPost: (el) => {
    const id = el.getAttribute('data-id');
    if (!id) return null;
    return {
      channel: 'x',
      postId: id,
      key: `x:${id}`,
      permalink: `https://x.com/a/status/${id}`,
      authorHandle: 'a',
      authorName: 'A',
      authorId: null,
      text: el.textContent ?? '',
      postedAt: null,
      postedAtSource: 'unknown',
      kind: 'post',
      inReplyToKey: null,
      addressees: [],
    } satisfies PostInfo;
  },
  authorElement: () => null,
  toolbarAnchor: (el) => ({ parent: el, before: null }),
  findComposer: () => null,
  postAnsweredBy: () => null,
  findSubmitButton: () => null,
  pageKind: () => 'timeline',
  signedInAccount: () => null,
  theme: () => 'light',
  openReplyBox: async () => null,
};

function setup(hold?: { holdNewPosts: () => number; maxHoldMs?: number }) {
  document.body.innerHTML = '';
  const destroyed: string[] = [];
  const scanner = createPostScanner({
    ...hold,
    adapter,
    doc: document,
    isOwnNode: (n) => (n as Element).localName === 'x-toolbar',
    mount(el, post) {
      const host = document.createElement('x-toolbar');
      host.setAttribute('data-carebar-id', post.key);
      el.append(host);
      return {
        host,
        destroy: () => {
          destroyed.push(post.key);
          host.remove();
        },
      };
    },
  });
  const add = (id: string | null) => {
    const el = document.createElement('div');
    el.className = 'post';
    if (id) el.setAttribute('data-id', id);
    document.body.append(el);
    return el;
  };
  const toolbars = () => [...document.querySelectorAll('x-toolbar')].map((t) => t.getAttribute('data-carebar-id'));
  return { scanner, add, destroyed, toolbars };
}

describe('post scanner', () => {
  it('mounts one toolbar per readable post and none on unreadable ones', () => {
    const { scanner, add, toolbars } = setup();
    add('1');
    add('2');
    add(null);
    scanner.scanNow();
    scanner.scanNow();
    expect(toolbars()).toEqual(['x:1', 'x:2']);
    expect(document.querySelector('[data-id="1"]')?.getAttribute('data-carebar-id')).toBe('x:1');
  });

  it('destroys the overlay of a removed post, and remounts a reused node that shows another post', () => {
    const { scanner, add, destroyed, toolbars } = setup();
    const a = add('1');
    const b = add('2');
    scanner.scanNow();
    a.remove();
    b.setAttribute('data-id', '3'); // a virtualized list reusing the node for another post
    scanner.scanNow();
    expect(destroyed.sort()).toEqual(['x:1', 'x:2']);
    expect(toolbars()).toEqual(['x:3']);
    expect(b.getAttribute('data-carebar-id')).toBe('x:3');
    expect(a.querySelector('x-toolbar')).toBeNull(); // nothing left on the removed node
    expect(scanner.mountedCount).toBe(1);
  });

  it('remounts when the site wiped our toolbar out of a post it re-rendered', () => {
    const { scanner, add, toolbars } = setup();
    const a = add('1');
    scanner.scanNow();
    a.innerHTML = 'rerendered';
    scanner.scanNow();
    expect(toolbars()).toEqual(['x:1']);
  });

  it('on its own, remounts a node reused in place and drops a removed one, touching only what changed', async () => {
    const { scanner, add, toolbars, destroyed } = setup();
    const a = add('1');
    add('2');
    scanner.start();
    await vi.waitFor(() => expect(toolbars()).toEqual(['x:1', 'x:2']));
    a.setAttribute('data-id', '9');
    a.append(document.createElement('span')); // a page change inside the post
    document.querySelector('[data-id="2"]')!.remove();
    await vi.waitFor(() => expect(toolbars()).toEqual(['x:9']));
    expect(destroyed.sort()).toEqual(['x:1', 'x:2']);
    scanner.stop();
  });

  it('reacts to page mutations on its own, once per frame', async () => {
    const { scanner, add, toolbars } = setup();
    scanner.start();
    for (let i = 0; i < 30; i++) add(String(i + 1));
    await vi.waitFor(() => expect(toolbars()).toHaveLength(30));
    document.body.innerHTML = '';
    await vi.waitFor(() => expect(scanner.mountedCount).toBe(0));
    scanner.stop();
  });

  it('holds new posts back while told to (a scroll), but drops a stale toolbar on a reused node at once', async () => {
    let holding = false;
    const { scanner, add, toolbars, destroyed } = setup({ holdNewPosts: () => (holding ? 50 : 0), maxHoldMs: 60_000 });
    const a = add('1');
    scanner.scanNow(); // mounted before the scroll
    scanner.start();
    holding = true; // the agent scrolls
    try {
      add('2');
      add('3');
      a.setAttribute('data-id', '7'); // the page reused the mounted node for another post
      a.append(document.createElement('span'));
      await vi.waitFor(() => expect(destroyed).toEqual(['x:1'])); // x:1 is gone from the reused node at once
      await new Promise((r) => setTimeout(r, 60));
      expect(toolbars()).toEqual([]); // x:2, x:3 and x:7 wait
      holding = false; // the scroll rested
      await vi.waitFor(() => expect(toolbars().sort()).toEqual(['x:2', 'x:3', 'x:7']));
    } finally {
      scanner.stop();
    }
  });

  it('during a long hold, mounts the backlog every maxHoldMs, and skips posts that came and went', async () => {
    const { scanner, add, toolbars } = setup({ holdNewPosts: () => 1_000, maxHoldMs: 1_000 });
    scanner.start();
    const gone = add('1');
    add('2');
    await new Promise((r) => setTimeout(r, 40));
    gone.remove();
    expect(toolbars()).toEqual([]);
    try {
      await vi.waitFor(() => expect(toolbars()).toEqual(['x:2']), { timeout: 5_000 });
    } finally {
      scanner.stop();
    }
  });
});
