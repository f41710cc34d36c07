// Facebook URLs: which hosts are Facebook, what a post, comment or profile link points to, where a Page's private
// conversations open, and which forms of a brand Page the setup accepts. Shared by the adapter (lib/content/sites/
// facebook) and the background (permalink checks, DM plans, brand accounts).

export const HOSTS = new Set(['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com']);
export const ORIGIN = 'https://www.facebook.com';

/** First path segments that are Facebook features, not a Page's or person's vanity name. */
export const RESERVED = new Set(
  // One string split once: shorter in the content script than an array of strings (#13.7).
  'groups profile.php permalink.php story.php photo.php photo photos watch events pages hashtag people stories reel reels marketplace gaming home.php notifications messages friends bookmarks saved search settings help login login.php ads business privacy policies legal sharer sharer.php share l.php video.php videos live memories fundraisers latest feeds me plugins dialog media ufi composer comment checkpoint'.split(
    ' ',
  ),
);

export function parseUrl(href: string | null | undefined, base = ORIGIN): URL | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    if (!/^https?:$/.test(url.protocol)) return null;
    return HOSTS.has(url.hostname.toLowerCase()) ? url : null;
  } catch {
    return null;
  }
}

/** A Facebook URL (null when it is not one), its path's segments and its first segment in lower case. */
function parts(href: string | null | undefined, base?: string): [URL | null, string[], string] {
  const url = parseUrl(href, base);
  const segs = url ? url.pathname.split('/').filter(Boolean) : [];
  return [url, segs, (segs[0] ?? '').toLowerCase()];
}

export const NUMERIC = /^\d{1,25}$/;
export const POST_ID = /^(?:pfbid[0-9A-Za-z]{10,120}|\d{1,25})$/;

/** The post a permalink points to: path/query → id and a canonical permalink without tracking. */
export interface FacebookPermalink {
  postId: string;
  commentId: string | null;
  replyCommentId: string | null;
  /** Canonical post permalink (no comment params, no tracking). */
  postUrl: string;
}

/** Parse a Facebook post or comment permalink. Null for anything else (profiles, photos, hashtags, outside links). */
export function parseFacebookPermalink(href: string | null | undefined, base?: string): FacebookPermalink | null {
  const [url, segs, first] = parts(href, base);
  if (!url) return null;
  const q = url.searchParams;
  let postId: string | null = null;
  let postUrl = '';
  if ((first === 'permalink.php' || first === 'story.php') && segs.length === 1) {
    const story = q.get('story_fbid');
    const owner = q.get('id');
    if (story && POST_ID.test(story)) {
      postId = story;
      postUrl = `${ORIGIN}/${first}?story_fbid=${story}${owner && NUMERIC.test(owner) ? `&id=${owner}` : ''}`;
    }
  } else if (first === 'groups' && segs.length >= 4 && (segs[2] === 'posts' || segs[2] === 'permalink')) {
    if (POST_ID.test(segs[3]) && /^[\w.-]+$/.test(segs[1])) {
      postId = segs[3];
      postUrl = `${ORIGIN}/groups/${segs[1]}/${segs[2]}/${segs[3]}/`;
    }
  } else if (segs.length >= 3 && segs[1] === 'posts' && !RESERVED.has(first)) {
    if (POST_ID.test(segs[2]) && /^[\w.-]+$/.test(segs[0])) {
      postId = segs[2];
      postUrl = `${ORIGIN}/${segs[0]}/posts/${segs[2]}`;
    }
  } else if (q.get('comment_id')) {
    // The photo and video viewers: their comments' timestamp links carry the photo's or video's id and the comment's.
    // Only comment links count here: a post's photo or video link is an attachment, not the post's permalink.
    const media = mediaId(first, segs, q);
    if (media) {
      postId = media.id;
      postUrl = media.url;
    }
  }
  if (!postId) return null;
  const commentId = q.get('comment_id');
  const replyId = q.get('reply_comment_id');
  return {
    postId,
    commentId: commentId && NUMERIC.test(commentId) ? commentId : null,
    replyCommentId: replyId && NUMERIC.test(replyId) ? replyId : null,
    postUrl,
  };
}

/** /photo/?fbid=<id>, /photo.php?fbid=<id>, /watch/?v=<id>, /<page>/videos/<id>/, /reel/<id>: the media's id. */
function mediaId(first: string, segs: string[], q: URLSearchParams): { id: string; url: string } | null {
  const fbid = q.get('fbid');
  if ((first === 'photo' || first === 'photo.php') && segs.length === 1 && fbid && NUMERIC.test(fbid)) {
    const set = q.get('set');
    return { id: fbid, url: `${ORIGIN}/photo/?fbid=${fbid}${set && /^[\w.]{1,80}$/.test(set) ? `&set=${set}` : ''}` };
  }
  const v = q.get('v');
  if (first === 'watch' && segs.length === 1 && v && NUMERIC.test(v)) return { id: v, url: `${ORIGIN}/watch/?v=${v}` };
  if (segs.length >= 3 && segs[1] === 'videos' && !RESERVED.has(first) && NUMERIC.test(segs[2]) && /^[\w.-]+$/.test(segs[0])) {
    return { id: segs[2], url: `${ORIGIN}/${segs[0]}/videos/${segs[2]}/` };
  }
  if (first === 'reel' && segs.length === 2 && NUMERIC.test(segs[1])) return { id: segs[1], url: `${ORIGIN}/reel/${segs[1]}/` };
  return null;
}

/** A photo or video link (/photo/?fbid=, /watch/?v=, /<page>/videos/<id>/, /reel/<id>): the media's id. Null otherwise. */
export function parseFacebookMedia(href: string | null | undefined): { id: string; url: string } | null {
  const [url, segs, first] = parts(href);
  return url ? mediaId(first, segs, url.searchParams) : null;
}

/** The person or Page a profile link points to. Null for links that are not profiles. */
export function parseFacebookProfile(href: string | null | undefined): { handle: string | null; id: string | null } | null {
  const [url, segs, first] = parts(href);
  if (!url) return null;
  if (first === 'profile.php' && segs.length === 1) {
    const id = url.searchParams.get('id');
    return id && NUMERIC.test(id) ? { handle: null, id } : null;
  }
  if (first === 'groups' && segs[2] === 'user' && segs[3] && NUMERIC.test(segs[3])) return { handle: null, id: segs[3] };
  if (first === 'people' && segs.length >= 3 && NUMERIC.test(segs[2])) return { handle: null, id: segs[2] };
  if (segs.length === 1 && !RESERVED.has(first) && /^[A-Za-z0-9.]{2,80}$/.test(segs[0]) && !segs[0].endsWith('.php')) {
    return NUMERIC.test(segs[0]) ? { handle: null, id: segs[0] } : { handle: segs[0], id: null };
  }
  return null;
}

/** An item permalink Carebar stores and opens: https on one of Facebook's own hosts. */
export const FACEBOOK_PERMALINK = /^https:\/\/(www|web|m)\.facebook\.com\//;

/** The Page inbox in Meta Business Suite: private conversations as the Page, never from a personal profile. */
export const FACEBOOK_PAGE_INBOX_URL = 'https://business.facebook.com/latest/inbox/all';

/**
 * A brand Page as the setup accepts it: its username ("AcmeSupport", "@AcmeSupport"), its URL
 * (https://www.facebook.com/AcmeSupport, …/profile.php?id=123, …/people/Name/123) or its numeric id. Returns the
 * username (case kept) or the numeric id; null for anything else (a display name is not an identity).
 */
export function facebookBrandAccount(input: string): string | null {
  const s = input.trim().replace(/^@/, '');
  if (NUMERIC.test(s)) return s;
  if (/^[A-Za-z0-9.]{2,80}$/.test(s) && !s.toLowerCase().endsWith('.php') && !RESERVED.has(s.toLowerCase())) return s;
  const href = /^https?:\/\//i.test(s) ? s : /^(?:[a-z]+\.)?facebook\.com\//i.test(s) ? `https://${s}` : null;
  if (!href) return null;
  const profile = parseFacebookProfile(href);
  return profile ? (profile.id ?? profile.handle) : null;
}
