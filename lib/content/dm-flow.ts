import type { EventRow } from '../shared/records';
import type { DetectReason } from '../shared/detect/types';
import type { RequestInput } from '../shared/messaging/protocol';
import type { PostInfo } from '../shared/model';
import type { SiteAdapter } from '../shared/sites/types';
import { classifyPost, normalizeAccount } from '../shared/customer-items';
import { insertIntoComposer } from './insert-text';
import { createRequestBatcher } from './request-batcher';
import type { Request } from './request';

// The content script's half of "move to DM" and "close the loop": it asks the background what was found and which
// approved reply to use, puts that reply into the site's composer, and opens the private conversation. Detection and
// its libraries stay in the background.

const norm = normalizeAccount;
const CONVERSATION_PAGES: ReadonlySet<string> = new Set(['post', 'page-post', 'comments', 'group-post']);
const DETECT_BATCH = 100;
const DETECT_WINDOW_MS = 50;

/**
 * The thread around a post as the page shows it, in page order: c = the post's author, b = a brand account. Posts of
 * other people are left out. X post pages and Facebook comment lists show one conversation per page section; we take
 * the posts that share the post's conversation root (inReplyToKey chain), or all posts on a single-post page.
 */
export function threadShape(posts: PostInfo[], post: PostInfo, isBrand: (p: PostInfo) => boolean): string {
  const byKey = new Map(posts.map((p) => [p.key, p]));
  const rootOf = (p: PostInfo) => {
    let current = p;
    for (let i = 0; i < 50 && current.inReplyToKey && byKey.has(current.inReplyToKey); i++) current = byKey.get(current.inReplyToKey)!;
    return current.inReplyToKey ?? current.key;
  };
  const root = rootOf(post);
  const author = norm(post.authorHandle ?? post.authorName);
  let shape = '';
  for (const p of posts) {
    if (rootOf(p) !== root && p.key !== root) continue;
    if (isBrand(p)) shape += 'b';
    else if (author && norm(p.authorHandle ?? p.authorName) === author) shape += 'c';
  }
  return shape.slice(0, 400);
}

export interface DmController {
  /** What the detectors found in the post (reasons, contract order); [] when nothing. */
  reasons(postEl: Element, post: PostInfo): Promise<DetectReason[]>;
  /** Insert the approved DM request into the composer, open the DM, set the item to dm. Returns the state event. */
  moveToDm(postEl: Element, post: PostInfo, options?: { insert?: boolean }): Promise<EventRow>;
  /** Insert the approved closing reply; the item closes once the agent posts it (or confirms). */
  offerClose(postEl: Element, post: PostInfo): Promise<void>;
  /** The agent submitted the reply box of this post: a pending closing reply is posted. */
  replySubmitted(postEl: Element): void;
  /** Messages for a post's toolbar (hints, "post the reply to close"). */
  subscribe(key: string, listener: (status: DmStatus) => void): () => void;
  confirmClosed(key: string): Promise<EventRow>;
}

export interface DmStatus {
  message: string | null;
  /** A closing reply is in the composer, waiting to be posted. */
  closePending: boolean;
}

export function createDmController(options: {
  adapter: SiteAdapter;
  doc: Document;
  request: Request;
  brands: () => string[];
  setState: (key: string, to: 'dm' | 'closed', note?: string) => Promise<EventRow>;
  /** Open a URL in a new tab (window.open from the click). */
  openTab: (url: string) => void;
  onError: (err: unknown) => void;
}): DmController {
  const { adapter, doc, request } = options;
  const found = new Map<string, { text: string; reasons: Promise<DetectReason[]> }>();
  const statuses = new Map<string, DmStatus>();
  const listeners = new Map<string, Set<(status: DmStatus) => void>>();
  const pendingClose = new Set<string>();
  const inFlight = new Set<string>();

  const setStatus = (key: string, patch: Partial<DmStatus>) => {
    const next = { ...(statuses.get(key) ?? { message: null, closePending: false }), ...patch };
    statuses.set(key, next);
    for (const l of listeners.get(key) ?? []) l(next);
  };

  const isBrand = (p: PostInfo) => classifyPost(p, options.brands(), adapter.signedInAccount(doc)) === 'brand';
  // Reading every post is costly: a thread only shows on conversation pages, and one read serves a whole batch of
  // toolbars mounted together (timelines, search and notifications never carry a thread).
  let postsRead: { at: number; posts: PostInfo[] } | null = null;
  const pagePosts = (): PostInfo[] => {
    if (!CONVERSATION_PAGES.has(adapter.pageKind(doc.location, doc))) return [];
    const now = performance.now();
    if (!postsRead || now - postsRead.at > 500) {
      const posts = adapter
        .findPosts(doc)
        .map((el) => adapter.readPost(el, doc.location))
        .filter((p): p is PostInfo => p !== null);
      postsRead = { at: now, posts };
    }
    return postsRead.posts;
  };

  // Toolbars mounted together (a scroll, a page load) ask in one message: a message per post costs the page more
  // than the detection itself.
  type DetectInput = RequestInput<'detect.posts'>['posts'][number];
  const detect = createRequestBatcher<{ input: DetectInput; resolve: (reasons: DetectReason[]) => void }>({
    windowMs: DETECT_WINDOW_MS,
    limit: DETECT_BATCH,
    send: async (slice) => {
      const { reasons } = await request('detect.posts', { posts: slice.map((q) => q.input) });
      for (const q of slice) q.resolve(reasons[q.input.key] ?? []);
    },
    onError: (err, slice) => {
      options.onError(err);
      for (const q of slice) {
        found.delete(q.input.key); // asked again when the toolbar mounts again
        q.resolve([]);
      }
    },
  });

  const insertReply = async (postEl: Element, text: string): Promise<boolean> => {
    const composer = adapter.findComposer(postEl, doc);
    if (!composer) return false;
    return insertIntoComposer(composer, text);
  };

  const copy = (text: string) => {
    // Best effort: the clipboard may be refused (no focus / permission); the hint then carries the text.
    void navigator.clipboard?.writeText(text).catch(() => {});
  };

  return {
    reasons(_postEl, post) {
      const cached = found.get(post.key);
      if (cached && cached.text === post.text) return cached.reasons;
      const reasons = new Promise<DetectReason[]>((resolve) => {
        detect.add(post.key, {
          input: {
            key: post.key,
            text: post.text.slice(0, 20_000),
            channel: post.channel,
            thread: threadShape(pagePosts(), post, isBrand),
          },
          resolve,
        });
      });
      found.set(post.key, { text: post.text, reasons });
      return reasons;
    },

    async moveToDm(postEl, post, { insert = true } = {}) {
      if (inFlight.has(post.key)) throw new Error('Already moving this conversation to DM');
      inFlight.add(post.key);
      try {
        // The DM tab opens first, while the click still counts as the agent's gesture (popup blockers).
        const plan = await request('dm.open', { key: post.key });
        if (plan.url) options.openTab(plan.url);
        if (plan.via !== 'x-compose' && plan.opener) copy(plan.opener);
        let note = `DM via ${plan.via}`;
        let message = plan.hint;
        if (insert) {
          const { text, source } = await request('dm.reply', { key: post.key, kind: 'dm-request' });
          const inserted = await insertReply(postEl, text);
          note += inserted ? `; public DM request inserted (${source})` : '; no reply box open for the public DM request';
          if (!inserted) message = `${message} Open the reply box to post the public "please DM us" reply.`;
        }
        const event = await options.setState(post.key, 'dm', note);
        setStatus(post.key, { message });
        return event;
      } finally {
        inFlight.delete(post.key);
      }
    },

    async offerClose(postEl, post) {
      const { text } = await request('dm.reply', { key: post.key, kind: 'close-the-loop' });
      const inserted = await insertReply(postEl, text);
      if (inserted) pendingClose.add(post.key);
      setStatus(post.key, {
        closePending: inserted,
        message: inserted
          ? 'Closing reply inserted: post it and the item closes.'
          : 'Open the reply box of the original post, then try again.',
      });
    },

    replySubmitted(postEl) {
      const key = postEl.getAttribute('data-carebar-id');
      if (!key || !pendingClose.has(key)) return;
      pendingClose.delete(key);
      options
        .setState(key, 'closed', 'closing reply posted')
        .then(() => setStatus(key, { closePending: false, message: 'Loop closed.' }))
        .catch(options.onError);
    },

    async confirmClosed(key) {
      pendingClose.delete(key);
      const event = await options.setState(key, 'closed', 'closed by the agent');
      setStatus(key, { closePending: false, message: 'Loop closed.' });
      return event;
    },

    subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      const current = statuses.get(key);
      if (current) listener(current);
      return () => set!.delete(listener);
    },
  };
}
