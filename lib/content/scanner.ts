import type { PostInfo } from '../shared/model';
import type { SiteAdapter } from '../shared/sites/types';

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
  /**
   * How long to hold back new overlays (ms, 0 = now), e.g. while the agent scrolls: posts that fly past cost nothing,
   * and the page stays smooth. Held-back posts are mounted when it says 0, or after `maxHoldMs` at the latest.
   */
  holdNewPosts?: () => number;
  maxHoldMs?: number;
  /** Each reading of a post, mounted or not (others may reuse it rather than read the post again). */
  onRead?(el: Element, post: PostInfo): void;
}

const schedule = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16));

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
  const changedNodes = new Set<Node>(); // a set: one frame's records often share their targets
  /** Text edits: they never make a node show another post, so a hold leaves them for the mounting frame. */
  const textChanges = new Set<Node>();
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

  const location = () => doc.location ?? { href: '' };

  /** A mounted post that changed: keep its overlay when it still shows the same post, else drop it. */
  const verify = (el: Element): boolean => {
    const entry = mounted.get(el);
    if (!entry) return false;
    if (
      el.isConnected &&
      entry.overlay.host.isConnected &&
      el.contains(entry.overlay.host) &&
      adapter.keyOf(el, location()) === entry.key
    ) {
      return true; // unchanged
    }
    unmount(el); // removed, a reused node showing another post, or our host was removed by the site
    return false;
  };

  const visit = (el: Element) => {
    if (verify(el) || !el.isConnected) return;
    const post = adapter.readPost(el, location());
    if (!post) return;
    options.onRead?.(el, post);
    const overlay = mount(el, post);
    if (!overlay) return; // not a customer item
    el.setAttribute(idAttribute, post.key);
    mounted.set(el, { key: post.key, overlay });
  };

  /**
   * While new posts are held back, only mounted posts are checked (a cheap lookup of our own attribute); the rest of
   * the mutations stay for the frame that mounts.
   */
  const collectMounted = () => {
    if (removals) {
      removals = false;
      for (const el of [...mounted.keys()]) if (!el.isConnected) unmount(el);
    }
    for (const node of changedNodes) {
      const el = node.isConnected ? (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest(`[${idAttribute}]`) : null;
      if (el && mounted.has(el)) queue.add(el);
      if (!node.isConnected || (el && mounted.has(el))) changedNodes.delete(node);
    }
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
    for (const nodes of [changedNodes, textChanges]) {
      for (const node of nodes) {
        if (!node.isConnected) continue;
        const post = adapter.postFor(node);
        if (post) queue.add(post);
      }
      nodes.clear();
    }
    addedRoots = [];
  };

  const maxHoldMs = options.maxHoldMs ?? 400;
  let holdingSince: number | null = null;
  /** The hold lasted maxHoldMs: mount the whole backlog before holding again (a long fling still gets toolbars). */
  let draining = false;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Are new overlays held back now? Arms a timer for when they no longer are. */
  const holding = (): boolean => {
    if (draining) return false;
    const wait = options.holdNewPosts?.() ?? 0;
    if (wait <= 0) {
      holdingSince = null;
      return false;
    }
    const now = performance.now();
    holdingSince ??= now;
    if (now - holdingSince >= maxHoldMs) {
      holdingSince = null;
      draining = true;
      return false;
    }
    clearTimeout(holdTimer);
    holdTimer = setTimeout(requestFrame, Math.min(wait, maxHoldMs - (now - holdingSince)) + 1);
    return true;
  };

  const runFrame = () => {
    scheduled = false;
    adapter.batchReads(() => {
      if (holding()) {
        // A stale toolbar must not stay on a node the page reused for another post: mounted posts are checked now.
        collectMounted();
        for (const el of queue) {
          queue.delete(el);
          if (!verify(el) && el.isConnected) changedNodes.add(el); // mounted again once the hold ends
        }
        return;
      }
      collect();
      const start = performance.now();
      for (const el of queue) {
        queue.delete(el);
        visit(el);
        if (queue.size > 0 && performance.now() - start > budgetMs) return requestFrame();
      }
      draining = false;
    });
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
        (r.type === 'characterData' ? textChanges : changedNodes).add(r.target);
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
        changedNodes.add(r.target); // the post around the change, if any, may now read differently
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
      clearTimeout(holdTimer);
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
      adapter.batchReads(() => {
        collect();
        for (const el of queue) {
          queue.delete(el);
          visit(el);
        }
      });
    },
    get mountedCount() {
      return mounted.size;
    },
  };
}
