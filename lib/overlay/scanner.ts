import type { PostInfo } from '../model';
import type { SiteAdapter } from '../sites/types';

/** A toolbar mounted on one post element. */
export interface MountedOverlay {
  /** The host element inserted into the post (checked for removal by the site). */
  host: Element;
  destroy(): void;
}

export interface ScannerOptions {
  adapter: SiteAdapter;
  doc: Document;
  mount(postEl: Element, post: PostInfo): MountedOverlay | null;
  /** Our own host elements: their insertion must not trigger another scan. */
  isOwnNode(node: Node): boolean;
  /** Main-thread budget per slice of work, in ms; the rest continues in the next frame. */
  budgetMs?: number;
  /** Attribute that marks a post element with its key (the test contract's data-carebar-id). */
  idAttribute?: string;
}

const schedule = (fn: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16);

/**
 * Keeps exactly one overlay on every post the page shows. Virtualized timelines remove, add and reuse post nodes,
 * and client-side navigation swaps whole columns: every batch of page mutations triggers one rescan per frame, done
 * in time-boxed slices, that mounts new posts, remounts reused nodes whose post changed, and destroys overlays whose
 * post left the page.
 */
export function createPostScanner(options: ScannerOptions) {
  const { adapter, doc, mount, isOwnNode } = options;
  const budgetMs = options.budgetMs ?? 4;
  const idAttribute = options.idAttribute ?? 'data-carebar-id';
  const mounted = new Map<Element, { key: string; overlay: MountedOverlay }>();
  let queue: Element[] = [];
  let scheduled = false;
  let observer: MutationObserver | null = null;

  const unmount = (el: Element) => {
    const entry = mounted.get(el);
    if (!entry) return;
    mounted.delete(el);
    entry.overlay.destroy();
    if (el.getAttribute(idAttribute) === entry.key) el.removeAttribute(idAttribute);
  };

  const visit = (el: Element) => {
    const post = adapter.readPost(el, doc.location ?? { href: '' });
    const entry = mounted.get(el);
    if (entry && post && entry.key === post.key && entry.overlay.host.isConnected && el.contains(entry.overlay.host)) {
      return; // unchanged
    }
    if (entry) unmount(el); // reused node showing another post, or our host was removed by the site
    if (!post) return;
    const overlay = mount(el, post);
    if (!overlay) return; // not a customer item
    el.setAttribute(idAttribute, post.key);
    mounted.set(el, { key: post.key, overlay });
  };

  const runSlice = () => {
    scheduled = false;
    const start = performance.now();
    while (queue.length > 0) {
      visit(queue.shift()!);
      if (performance.now() - start > budgetMs && queue.length > 0) {
        requestScan(false);
        return;
      }
    }
  };

  /** Queue a full pass: drop overlays of posts that left the page, then visit every post the page shows. */
  const fullPass = () => {
    for (const el of [...mounted.keys()]) if (!el.isConnected) unmount(el);
    queue = adapter.findPosts(doc);
  };

  const requestScan = (full = true) => {
    if (full) pendingFull = true;
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      if (pendingFull) {
        pendingFull = false;
        fullPass();
      }
      runSlice();
    });
  };
  let pendingFull = false;

  const relevant = (records: MutationRecord[]) =>
    records.some((r) => {
      if (r.type !== 'childList') return !isOwnNode(r.target);
      if (isOwnNode(r.target)) return false;
      for (const n of r.addedNodes) if (!isOwnNode(n)) return true;
      for (const n of r.removedNodes) if (!isOwnNode(n)) return true;
      return false;
    });

  return {
    start() {
      observer = new MutationObserver((records) => {
        if (relevant(records)) requestScan();
      });
      observer.observe(doc.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['href', 'datetime'],
      });
      requestScan();
    },
    stop() {
      observer?.disconnect();
      observer = null;
      for (const el of [...mounted.keys()]) unmount(el);
    },
    /** Drop every overlay and mount afresh (the rules for what gets one changed). */
    remountAll() {
      for (const el of [...mounted.keys()]) unmount(el);
      requestScan();
    },
    /** Synchronous full scan (tests, benchmarks). */
    scanNow() {
      fullPass();
      while (queue.length > 0) visit(queue.shift()!);
    },
    get mountedCount() {
      return mounted.size;
    },
  };
}
