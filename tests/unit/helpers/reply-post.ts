import { postAnsweredBy } from '../../../lib/content/sites/composer-post';
import type { SiteAdapter } from '../../../lib/shared/sites/types';

// A post with its own reply box and submit button: <div class="post"><div contenteditable>…</div><button>Reply</button></div>
export const findComposer = (el: Element) => el.querySelector<HTMLElement>('[contenteditable="true"]');

/** The part of a site adapter the submit detector and the reply guard use, for that markup. */
export const replyPostAdapter = {
  submitsOnEnter: false,
  findComposer,
  postAnsweredBy: (node: Node, posts: Iterable<Element>, doc: Document) => postAnsweredBy(findComposer, node, posts, doc),
  findSubmitButton: (composer: HTMLElement) => composer.parentElement!.querySelector<HTMLElement>('button'),
} as unknown as SiteAdapter;
