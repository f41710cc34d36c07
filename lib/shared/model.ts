// The domain vocabulary shared by the background, content scripts and extension pages.

export const CHANNELS = ['x', 'facebook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ITEM_STATES = ['new', 'claimed', 'replied', 'dm', 'escalated', 'ignored', 'closed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** What a site adapter reads off one post or comment in the page. All strings are untrusted page content. */
export interface PostInfo {
  channel: Channel;
  /** X: the status id. Facebook: `<post id>` or `<post id>_<comment id>`. */
  postId: string;
  /** `channel:postId`, the item key everywhere in Carebar. */
  key: string;
  permalink: string;
  authorHandle: string | null;
  authorName: string | null;
  /** Numeric platform id of the author, when the page shows it. */
  authorId: string | null;
  text: string;
  /** ISO 8601 time the post was made, or null when the page does not tell. */
  postedAt: string | null;
  /** How postedAt was obtained: the permalink's <time datetime>, the X snowflake id, parsed relative/tooltip text, or unknown. */
  postedAtSource: 'time-element' | 'snowflake' | 'parsed-text' | 'unknown';
  /** Facebook: post | comment; X: post. */
  kind: 'post' | 'comment';
  /** Key of the post this one replies to / comments on, when known. */
  inReplyToKey: string | null;
  /**
   * Accounts this post is addressed to, as the page names them (handles, names, numeric ids): X mentions and
   * "Replying to"; on Facebook the author of the post (and comment) it answers, and people it mentions.
   * Decides whether the post is a customer item for the team's brand accounts.
   */
  addressees: string[];
}

export function itemKey(channel: Channel, postId: string): string {
  return `${channel}:${postId}`;
}
