// The Facebook site adapter: the SiteAdapter over the folder's parts (selectors, permalinks, time, reading,
// composer). Facebook's markup as of 2025 is described in selectors.ts.
import { itemKey, type PostInfo } from '../../../shared/model';
import type { FacebookPageKind, SignedInAccount, SiteAdapter, ToolbarAnchor } from '../../../shared/sites/types';
import { postAnsweredBy } from '../composer-post';
import { composerLabel, findComposer, findSubmitButton } from './composer';
import { loadFacebookReplyBox } from '../../overlay-ui-loader';
import { parseFacebookPermalink, parseFacebookProfile, HOSTS } from '../../../shared/sites/facebook-urls';
import {
  authorLink,
  identify,
  isSponsored,
  own,
  postIdOf,
  readAddressees,
  readAuthor,
  readBody,
  readPostedAt,
  readText,
  topmost,
} from './reading';
import { ACCOUNT_BUTTON, ACTING_AS_LABEL, ARTICLE, FEED, LEXICAL_TEXTBOX, POST_MESSAGE, TEXT_BLOCK } from './selectors';

export { parseFacebookPermalink, parseFacebookProfile, type FacebookPermalink } from '../../../shared/sites/facebook-urls';
export { parseFacebookTime } from './time';

// ---- the adapter ----------------------------------------------------------------------------------------------

/** `fn`, answering `fallback` when it throws: Facebook's markup may be anything, and a read must never break the page. */
const safe =
  <A extends unknown[], T>(fallback: T, fn: (...args: A) => T) =>
  (...args: A): T => {
    try {
      return fn(...args);
    } catch {
      return fallback;
    }
  };

/** The address of the page an element is in. */
const hrefOf = (node: Node) => node.ownerDocument?.location?.href ?? '';

/**
 * The Facebook site adapter. `now` is the clock relative times ("3h", "Yesterday at 10:02") are read against
 * (tests pass a fixed one).
 */
export function createFacebookAdapter(options: { now?: () => number } = {}): SiteAdapter {
  const now = options.now ?? (() => Date.now());
  return {
    channel: 'facebook',
    submitsOnEnter: true,

    matchesHost(hostname) {
      return HOSTS.has(hostname.toLowerCase());
    },

    findPosts: safe([], (root: ParentNode) => {
      const href = (root as Document).location?.href ?? hrefOf(root as Node);
      return [...root.querySelectorAll(ARTICLE)].filter((el) => !isSponsored(el) && identify(el, href) !== null);
    }),

    postFor: safe(null, (node: Node) => {
      const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
      const article = start?.closest(ARTICLE) ?? null;
      return article && !isSponsored(article) && identify(article, hrefOf(article)) !== null ? article : null;
    }),

    keyOf: safe(null, (el: Element, location: Location) => {
      const id = identify(el, location.href);
      return id ? itemKey('facebook', postIdOf(id)) : null;
    }),

    batchReads: (work) => work(),

    readPost: safe(null, (el: Element, location: { href: string }): PostInfo | null => {
      const id = identify(el, location.href);
      if (!id) return null;
      const postId = postIdOf(id);
      let permalink = id.postUrl;
      if (id.kind === 'comment') {
        permalink += `${permalink.includes('?') ? '&' : '?'}comment_id=${id.commentId}`;
        if (id.replyCommentId) permalink += `&reply_comment_id=${id.replyCommentId}`;
      }
      const author = readAuthor(el, id);
      const time = readPostedAt(id.timeLink, now());
      const inReplyToKey =
        id.kind === 'post'
          ? null
          : id.replyCommentId
            ? itemKey('facebook', `${id.postId}_${id.commentId}`)
            : itemKey('facebook', id.postId);
      const info: PostInfo = {
        channel: 'facebook',
        postId,
        key: itemKey('facebook', postId),
        permalink,
        authorHandle: author.handle,
        authorName: author.name,
        authorId: author.authorId,
        text: readBody(el, id.kind),
        postedAt: time.postedAt,
        postedAtSource: time.source,
        kind: id.kind,
        inReplyToKey,
        addressees: readAddressees(el, id, location.href),
      };
      return info;
    }),

    authorElement: safe(null, (el: Element) => {
      const id = identify(el, hrefOf(el));
      return id ? (authorLink(el, id) ?? null) : null;
    }),

    toolbarAnchor: safe(null, (el: Element): ToolbarAnchor | null => {
      const id = identify(el, hrefOf(el));
      if (!id) return null;
      if (id.kind === 'post') {
        // After the story's message (before reactions and comments).
        const msg = own(el, '[data-ad-rendering-role="story_message"]')[0] ?? topmost(own(el, POST_MESSAGE))[0];
        if (msg?.parentElement) return { parent: msg.parentElement, before: msg.nextSibling };
        return { parent: el, before: null };
      }
      // A comment: after its actions row (Like · Reply · 3h), inside the comment's content column.
      const body = topmost(own(el, TEXT_BLOCK))[0] ?? null;
      const time = id.timeLink;
      if (time) {
        for (let row: Element = time; row.parentElement && row.parentElement !== el; row = row.parentElement) {
          const parent = row.parentElement;
          if (body ? parent.contains(body) : parent.parentElement === el) return { parent, before: row.nextSibling };
        }
      }
      return { parent: el, before: null };
    }),

    findComposer: safe(null, findComposer),

    postAnsweredBy: safe(null, (node: Node, posts: Iterable<Element>, doc: Document) => postAnsweredBy(findComposer, node, posts, doc)),

    findSubmitButton: safe(null, findSubmitButton),

    // Only the snippet palette opens a reply box: the opener comes in its own script, loaded then.
    openReplyBox: (el, doc) =>
      loadFacebookReplyBox()
        .then((open) => open(el, doc))
        .catch(() => null),

    pageKind: safe('other', (location: { href: string }, doc: Document): FacebookPageKind => {
      const url = new URL(location.href);
      const segs = url.pathname.split('/').filter(Boolean);
      const first = (segs[0] ?? '').toLowerCase();
      const permalink = parseFacebookPermalink(url.href);
      if (permalink?.commentId || (permalink && url.searchParams.has('comment_id'))) return 'comments';
      if (first === 'groups' && permalink) return 'group-post';
      if (permalink) return 'page-post';
      if (segs.length === 0 || first === 'home.php' || (first === '?' && segs.length === 1)) return 'feed';
      if (parseFacebookProfile(url.href) || (first === 'people' && segs.length >= 2) || (first === 'pages' && segs.length >= 2))
        return 'page';
      if (first === 'groups' && segs.length <= 2 && segs[1]) return doc.querySelector(FEED) ? 'feed' : 'other';
      return 'other';
    }),

    signedInAccount: safe(null, (doc: Document): SignedInAccount | null => {
      let name: string | null = null;
      for (const box of doc.querySelectorAll(LEXICAL_TEXTBOX)) {
        const m = ACTING_AS_LABEL.exec(composerLabel(box));
        if (m) {
          name = m[1].trim();
          break;
        }
      }
      if (!name) {
        // The account button in the top bar carries the acting profile's picture, labelled with its name.
        for (const button of doc.querySelectorAll(ACCOUNT_BUTTON)) {
          const labelled = [...button.querySelectorAll('[aria-label], img[alt], title')]
            .map((e) =>
              (
                (e.tagName === 'IMG'
                  ? e.getAttribute('alt')
                  : e.tagName.toLowerCase() === 'title'
                    ? e.textContent
                    : e.getAttribute('aria-label')) ?? ''
              ).trim(),
            )
            .find((s) => s && !/^(your profile|account|account controls and settings)$/i.test(s));
          if (labelled) {
            name = labelled;
            break;
          }
        }
      }
      if (!name) return null;
      // Handle and id: a link to that profile labelled with the name (account menu, composer avatar, shortcuts).
      let handle: string | null = null;
      let id: string | null = null;
      for (const a of doc.querySelectorAll('a[href][aria-label], [role="banner"] a[href], [role="navigation"] a[href]')) {
        const label = (a.getAttribute('aria-label') ?? readText(a)).trim();
        if (label !== name) continue;
        const profile = parseFacebookProfile(a.getAttribute('href'));
        if (profile) {
          handle = profile.handle;
          id = profile.id;
          break;
        }
      }
      return { name, handle, id };
    }),

    theme: safe('light', (doc: Document): 'dark' | 'light' => {
      const cls = doc.documentElement.classList;
      if (cls.contains('__fb-dark-mode')) return 'dark';
      if (cls.contains('__fb-light-mode')) return 'light';
      const view = doc.defaultView;
      const bg = view && doc.body ? view.getComputedStyle(doc.body).backgroundColor : '';
      const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(bg ?? '');
      return m && 0.2126 * +m[1] + 0.7152 * +m[2] + 0.0722 * +m[3] < 128 ? 'dark' : 'light';
    }),
  };
}

export const facebookAdapter = createFacebookAdapter();
