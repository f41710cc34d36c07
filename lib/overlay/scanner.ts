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
  /** Mount an overlay on a post, or return null when it gets none (not a customer item). */
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
 * and client-side navigation swaps whole columns. Page mutations are collected and handled once per frame, in
 * time-boxed slices: only posts that were added or changed are read again (a reused node showing another post is
 * remounted), and overlays whose post left the page are destroyed.
 */
export function createPostScanner(options: ScannerOptions) {
  const { adapter, doc, mount, isOwnNode } = options;
  const budgetMs = options.budgetMs ?? 4;
  const idAttribute = options.idAttribute ?? 'data-carebar-id';
  const mounted = new Map<Element, { key: string; overlay: MountedOverlay }>();
  /** Posts to (re)visit, in arrival order. */
  const queue = new Set<Element>();
  /** Nodes the page added or changed since the last frame; resolved to posts when the frame runs. */
  let addedRoots: Element[] = [];
  let changedNodes: Node[] = [];
  let removals = false;
  let fullPassPending = false;
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
    if (!el.isConnected) return unmount(el);
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

  /** Turn this frame's mutations into the set of posts to visit. */
  const collect = () => {
    if (fullPassPending) {
      fullPassPending = false;
      removals = true;
      for (const el of adapter.findPosts(doc)) queue.add(el);
    }
    if (removals) {
      removals = false;
      for (const el of [...mounted.keys()]) if (!el.isConnected) unmount(el);
    }
    for (const root of addedRoots) {
      if (!root.isConnected) continue;
      for (const el of adapter.findPosts(root)) queue.add(el);
      const around = adapter.postFor(root); // content added inside an existing post
      if (around) queue.add(around);
    }
    for (const node of changedNodes) {
      if (!node.isConnected) continue;
      const post = adapter.postFor(node);
      if (post) queue.add(post);
    }
    addedRoots = [];
    changedNodes = [];
  };

  const runFrame = () => {
    scheduled = false;
    collect();
    const start = performance.now();
    for (const el of queue) {
      queue.delete(el);
      visit(el);
      if (queue.size > 0 && performance.now() - start > budgetMs) {
        requestFrame();
        return;
      }
    }
  };

  const requestFrame = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(runFrame);
  };

  const onMutations = (records: MutationRecord[]) => {
    let relevant = false;
    for (const r of records) {
      if (isOwnNode(r.target)) continue;
      if (r.type !== 'childList') {
        changedNodes.push(r.target);
        relevant = true;
        continue;
      }
      let pageNodes = false;
      for (const n of r.addedNodes) {
        if (isOwnNode(n)) continue;
        pageNodes = true;
        if (n.nodeType === 1) addedRoots.push(n as Element);
      }
      for (const n of r.removedNodes) {
        if (isOwnNode(n)) continue;
        pageNodes = true;
        removals = true;
      }
      if (pageNodes) {
        changedNodes.push(r.target); // the post around the change, if any, may now read differently
        relevant = true;
      }
    }
    if (relevant) requestFrame();
  };

  const fullScan = () => {
    fullPassPending = true;
    requestFrame();
  };

  return {
    start() {
      observer = new MutationObserver(onMutations);
      observer.observe(doc.documentElement, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['href', 'datetime'],
      });
      fullScan();
    },
    stop() {
      observer?.disconnect();
      observer = null;
      queue.clear();
      for (const el of [...mounted.keys()]) unmount(el);
    },
    /** Drop every overlay and mount afresh (the rules for what gets one changed). */
    remountAll() {
      for (const el of [...mounted.keys()]) unmount(el);
      fullScan();
    },
    /** Synchronous full scan (tests, benchmarks). */
    scanNow() {
      fullPassPending = true;
      collect();
      for (const el of queue) {
        queue.delete(el);
        visit(el);
      }
    },
    get mountedCount() {
      return mounted.size;
    },
  };
}
