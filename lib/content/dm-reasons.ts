import type { DetectReason } from '../shared/detect/types';
import type { RequestInput } from '../shared/messaging/protocol';
import type { PostInfo } from '../shared/model';
import { createItemClassifier, normalizeAccount } from '../shared/item-verdict';
import { createRequestBatcher } from './request-batcher';
import type { PageContext } from './feature';
import type { SettingsStore } from './settings-store';

// The resting half of "move to DM": what the detectors found in each drawn toolbar's post (the DM chip's reasons),
// asked for in batches. The move and close-the-loop steps and the reply guard are the interactive half
// (lib/content/dm-flow.ts, loaded on first use), with the hints it shows in the toolbars.

const norm = normalizeAccount;
const CONVERSATION_PAGES: ReadonlySet<string> = new Set(['post', 'page-post', 'comments', 'group-post']);
const DETECT_BATCH = 100;
const DETECT_WINDOW_MS = 50;

/** One of the DM controls in a toolbar's actions slot (a flag, a hint, or a button), drawn as plain DOM. */
export function dmControl(doc: Document, tag: 'span' | 'button', testid: string, cls: string, text: string, tip: string): HTMLElement {
  const el = doc.createElement(tag);
  if (tag === 'button') (el as HTMLButtonElement).type = 'button';
  el.className = cls;
  el.setAttribute('data-testid', testid);
  el.setAttribute('data-tip', tip);
  el.textContent = text;
  return el;
}

/**
 * The threads of the page as it shows them, read once and shared by every post asked about (a batch of toolbars):
 * for a post, its thread in page order as c = the post's author, b = a brand account; posts of other people are left
 * out. X post pages and Facebook comment lists show one conversation per page section; a thread is the posts that
 * share the post's conversation root (inReplyToKey chain). Each post's root and brand verdict is worked out once, so
 * a batch of n toolbars over a page of m posts costs O(m + n × thread), not O(n × m).
 */
export function pageThreads(posts: PostInfo[], isBrand: (p: PostInfo) => boolean): (post: PostInfo) => string {
  const byKey = new Map(posts.map((p) => [p.key, p]));
  const roots = new Map<string, string>();
  const rootOf = (p: PostInfo) => {
    let root = roots.get(p.key);
    if (root === undefined) {
      let current = p;
      for (let i = 0; i < 50 && current.inReplyToKey && byKey.has(current.inReplyToKey); i++) current = byKey.get(current.inReplyToKey)!;
      root = current.inReplyToKey ?? current.key;
      roots.set(p.key, root);
    }
    return root;
  };
  const members = new Map<string, { post: PostInfo; brand: boolean }[]>();
  const membersOf = (root: string) => {
    let list = members.get(root);
    if (!list) {
      list = posts.filter((p) => rootOf(p) === root || p.key === root).map((p) => ({ post: p, brand: isBrand(p) }));
      members.set(root, list);
    }
    return list;
  };
  return (post) => {
    const author = norm(post.authorHandle ?? post.authorName);
    let shape = '';
    for (const { post: p, brand } of membersOf(rootOf(post))) {
      if (brand) shape += 'b';
      else if (author && norm(p.authorHandle ?? p.authorName) === author) shape += 'c';
      if (shape.length >= 400) break;
    }
    return shape;
  };
}

/**
 * What the detectors found in a post (reasons, contract order; [] when nothing), asked for once per post text.
 * Toolbars drawn together (a scroll, a page load) ask in one message, and the page's posts are read once for that
 * message, not once per toolbar.
 */
export function createDmReasons(
  options: Pick<PageContext, 'adapter' | 'doc' | 'request' | 'onError' | 'readPost'> & { settings: Pick<SettingsStore, 'get'> },
): (post: PostInfo) => Promise<DetectReason[]> {
  const { adapter, doc, request } = options;
  const found = new Map<string, { text: string; reasons: Promise<DetectReason[]> }>();

  /** The threads of the page now: only conversation pages show one (timelines, search, notifications never do). */
  const threads = (): ((post: PostInfo) => string) => {
    if (!CONVERSATION_PAGES.has(adapter.pageKind(doc.location, doc))) return () => '';
    const signedIn = adapter.signedInAccount(doc);
    const brands = options.settings.get()?.brandAccounts[adapter.channel] ?? [];
    const posts = adapter
      .findPosts(doc)
      // The page context's readings: the scanner's latest, not read again per batch.
      .map(options.readPost)
      .filter((p): p is PostInfo => p !== null);
    const verdict = createItemClassifier(brands, signedIn);
    return pageThreads(posts, (p) => verdict(p) === 'brand');
  };

  type DetectInput = RequestInput<'detect.posts'>['posts'][number];
  const detect = createRequestBatcher<{ post: PostInfo; resolve: (reasons: DetectReason[]) => void }>({
    windowMs: DETECT_WINDOW_MS,
    limit: DETECT_BATCH,
    send: async (slice) => {
      const threadOf = threads();
      const posts = slice.map(({ post }): DetectInput => ({
        key: post.key,
        text: post.text.slice(0, 20_000),
        channel: post.channel,
        thread: threadOf(post),
      }));
      const { reasons } = await request('detect.posts', { posts });
      for (const q of slice) q.resolve(reasons[q.post.key] ?? []);
    },
    onError: (err, slice) => {
      options.onError(err);
      for (const q of slice) {
        found.delete(q.post.key); // asked again when the toolbar mounts again
        q.resolve([]);
      }
    },
  });

  return (post) => {
    const cached = found.get(post.key);
    if (cached && cached.text === post.text) return cached.reasons;
    const reasons = new Promise<DetectReason[]>((resolve) => detect.add(post.key, { post, resolve }));
    found.set(post.key, { text: post.text, reasons });
    return reasons;
  };
}
