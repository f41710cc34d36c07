import type { SiteAdapter } from '../../shared/sites/types';

/**
 * Which of `posts` a composer answers: the one whose reply composer is `node` or contains it. Built on the adapter's
 * own findComposer, so "which post does this reply box answer" has one answer everywhere (guard, reply detection,
 * snippets).
 */
export function postAnsweredBy(
  findComposer: SiteAdapter['findComposer'],
  node: Node,
  posts: Iterable<Element>,
  doc: Document,
): { post: Element; composer: HTMLElement } | null {
  if (node.nodeType !== 1) return null;
  for (const post of posts) {
    const composer = findComposer(post, doc);
    if (composer && (composer === node || composer.contains(node))) return { post, composer };
  }
  return null;
}

/**
 * Wait (up to `timeoutMs`) for `find` to return an element after the page reacted to something we did (a reply
 * box opening after a click on Reply). Checks on every DOM change, so it answers as soon as the box is there.
 */
export function waitForElement<T extends Element>(doc: Document, find: () => T | null, timeoutMs: number): Promise<T | null> {
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (found: T | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(found);
    };
    const observer = new MutationObserver(() => {
      const found = find();
      if (found) done(found);
    });
    observer.observe(doc.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-label', 'contenteditable', 'hidden'],
    });
    const timer = setTimeout(() => done(find()), timeoutMs);
  });
}
