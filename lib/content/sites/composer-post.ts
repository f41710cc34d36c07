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
