// The Facebook site adapter: the SiteAdapter over the folder's parts (selectors, permalinks, time, reading,
// composer). Facebook's markup as of 2025 is described in selectors.ts.
import { itemKey, type PostInfo } from '../../../shared/model';
import type { FacebookPageKind, SignedInAccount, SiteAdapter, ToolbarAnchor } from '../../../shared/sites/types';
import { postAnsweredBy } from '../composer-post';
import { composerLabel, findComposer, findSubmitButton } from './composer';
import { loadFacebookReplyBox } from '../../overlay-ui-loader';
import { facebookBrandAccount, parseFacebookPermalink, parseFacebookProfile, HOSTS } from '../../../shared/sites/facebook-urls';
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

function safe<T>(fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/**
 * The Facebook site adapter. `now` is the clock relative times ("3h", "Yesterday at 10:02") are read against
 * (tests pass a fixed one).
 */
export function createFacebookAdapter(options: { now?: () => number } = {}): SiteAdapter {
  const now = options.now ?? (() => Date.now());
  return {
    channel: 'facebook',
    submitsOnEnter: true,

    brandAccount: facebookBrandAccount,
    matchesHost(hostname) {
      return HOSTS.has(hostname.toLowerCase());
    },

    findPosts(root) {
      return safe([], () => {
        const href = (root as Node).ownerDocument?.location?.href ?? (root as Document).location?.href ?? '';
        return Array.from(root.querySelectorAll(ARTICLE)).filter((el) => !isSponsored(el) && identify(el, href) !== null);
      });
    },

    postFor(node) {
      return safe(null, () => {
        const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
        const article = start?.closest(ARTICLE) ?? null;
        const href = article?.ownerDocument?.location?.href ?? '';
        return article && !isSponsored(article) && identify(article, href) !== null ? article : null;
      });
    },

    keyOf(el, location) {
      return safe(null, () => {
        const id = identify(el, location.href);
        return id ? itemKey('facebook', postIdOf(id)) : null;
      });
    },

    batchReads: (work) => work(),

    readPost(el, location) {
      return safe(null, () => {
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
      });
    },

    authorElement(el) {
      return safe(null, () => {
        const id = identify(el, el.ownerDocument?.location?.href ?? '');
        return id ? (authorLink(el, id) ?? null) : null;
      });
    },

    toolbarAnchor(el) {
      return safe<ToolbarAnchor | null>(null, () => {
        const href = el.ownerDocument?.location?.href ?? '';
        const id = identify(el, href);
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
      });
    },

    findComposer: (el, doc) => safe(null, () => findComposer(el, doc)),

    postAnsweredBy(node, posts, doc) {
      return safe(null, () => postAnsweredBy(findComposer, node, posts, doc));
    },

    findSubmitButton: (composer) => safe(null, () => findSubmitButton(composer)),

    // Only the snippet palette opens a reply box: the opener comes in its own script, loaded then.
    openReplyBox: (el, doc) =>
      loadFacebookReplyBox()
        .then((open) => open(el, doc))
        .catch(() => null),

    pageKind(location, doc) {
      return safe<FacebookPageKind>('other', () => {
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
      });
    },

    signedInAccount(doc) {
      return safe<SignedInAccount | null>(null, () => {
        let name: string | null = null;
        for (const box of Array.from(doc.querySelectorAll(LEXICAL_TEXTBOX))) {
          const m = ACTING_AS_LABEL.exec(composerLabel(box));
          if (m) {
            name = m[1].trim();
            break;
          }
        }
        if (!name) {
          // The account button in the top bar carries the acting profile's picture, labelled with its name.
          for (const button of Array.from(doc.querySelectorAll(ACCOUNT_BUTTON))) {
            const labelled = Array.from(button.querySelectorAll('[aria-label], img[alt], title'))
              .map((e) =>
                e.tagName === 'IMG'
                  ? e.getAttribute('alt')
                  : e.tagName.toLowerCase() === 'title'
                    ? e.textContent
                    : e.getAttribute('aria-label'),
              )
              .map((s) => (s ?? '').trim())
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
        for (const a of Array.from(doc.querySelectorAll('a[href][aria-label], [role="banner"] a[href], [role="navigation"] a[href]'))) {
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
      });
    },

    theme(doc) {
      return safe<'dark' | 'light'>('light', () => {
        const cls = doc.documentElement.classList;
        if (cls.contains('__fb-dark-mode')) return 'dark';
        if (cls.contains('__fb-light-mode')) return 'light';
        const view = doc.defaultView;
        const bg = view && doc.body ? view.getComputedStyle(doc.body).backgroundColor : '';
        const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(bg ?? '');
        return m && 0.2126 * +m[1] + 0.7152 * +m[2] + 0.0722 * +m[3] < 128 ? 'dark' : 'light';
      });
    },
  };
}

export const facebookAdapter = createFacebookAdapter();
