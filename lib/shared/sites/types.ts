import type { Channel, PostInfo } from '../model';

export type XPageKind = 'timeline' | 'post' | 'notifications' | 'search' | 'profile' | 'messages' | 'other';
export type FacebookPageKind = 'page-post' | 'comments' | 'group-post' | 'feed' | 'page' | 'other';
export type PageKind = XPageKind | FacebookPageKind;

/** Where the overlay toolbar of a post is inserted: as a child of `parent`, before `before` (null = append). */
export interface ToolbarAnchor {
  parent: Element;
  before: Node | null;
}

/** The account the agent is acting as, when the page shows it. */
export interface SignedInAccount {
  handle: string | null;
  name: string | null;
  id: string | null;
}

/**
 * All knowledge of one site's DOM. Nothing outside lib/sites names a selector of X or Facebook.
 * Every method is tolerant: unreadable markup yields null / [] — never an exception.
 */
export interface SiteAdapter {
  channel: Channel;
  /** Does this adapter handle pages on this hostname? */
  matchesHost(hostname: string): boolean;
  /** The post/comment elements under root that can carry an overlay (ads and non-posts excluded). */
  findPosts(root: ParentNode): Element[];
  /** The post element (as findPosts returns it) that contains this node, or null: lets the overlay rescan only what changed. */
  postFor(node: Node): Element | null;
  /** The item key of the post this element shows now, without reading the rest of it: tells a reused node apart. */
  keyOf(el: Element, location: { href: string }): string | null;
  /**
   * Run a batch of reads (findPosts, postFor, keyOf, readPost) over a DOM that does not change meanwhile: what one
   * read learns about a post element (e.g. its permalink) serves the others.
   */
  batchReads<T>(work: () => T): T;
  /** Read one post element; null when its id cannot be read (it then gets no overlay). */
  readPost(el: Element, location: { href: string }): PostInfo | null;
  /** The element showing the post's author (name / handle), where hovering opens the customer card. */
  authorElement(el: Element): Element | null;
  /** Where to insert the toolbar inside the post element. */
  toolbarAnchor(el: Element): ToolbarAnchor | null;
  /** The reply composer (a contenteditable editor root) that answers this post, if one is on the page. */
  findComposer(el: Element, doc: Document): HTMLElement | null;
  /**
   * The post (one of `posts`) whose reply composer is `node` or contains it, with that composer; null when the node
   * is in no composer answering one of them.
   */
  postAnsweredBy(node: Node, posts: Iterable<Element>, doc: Document): { post: Element; composer: HTMLElement } | null;
  /** Does a bare Enter in the composer post the reply (Facebook), rather than add a line (X)? */
  submitsOnEnter: boolean;
  /** The button that submits the composer, if present. */
  findSubmitButton(composer: HTMLElement, doc: Document): HTMLElement | null;
  /**
   * Open (or find) the reply box that answers this post or comment as a reply to it: on Facebook a comment's own
   * reply box (its "Reply" action), on X the post's reply box or reply dialog. Null when the page offers none.
   */
  openReplyBox(el: Element, doc: Document): Promise<HTMLElement | null>;
  pageKind(location: { href: string }, doc: Document): PageKind;
  signedInAccount(doc: Document): SignedInAccount | null;
  /** 'dark' or 'light', from the site's own theme. */
  theme(doc: Document): 'dark' | 'light';
  // The post's public engagement (issue 17) is read by the site's engagement module (x-engagement.ts,
  // facebook/engagement.ts), loaded apart on the first reading: lib/content/engagement.ts.
}
