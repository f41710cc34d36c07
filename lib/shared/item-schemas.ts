import * as v from 'valibot';
import { CHANNELS } from './model';
import { IsoTime, NullableShortText, ShortText } from './schema-fields';
import { FACEBOOK_PERMALINK } from './sites/facebook-urls';
import { X_PERMALINK } from './sites/x-urls';

// What an item (a post or comment) looks like on the wire and in a backup file: checked wherever it enters.

export const ItemKeySchema = v.pipe(
  v.string(),
  v.maxLength(200),
  // x:<digits> | facebook:<post id>[_<comment id>]; post ids are numeric or pfbid… tokens.
  v.regex(/^(x:\d{1,25}|facebook:[A-Za-z0-9]{1,120}(_\d{1,25})?)$/, 'not a Carebar item key'),
);

/** Permalinks are opened by agents: only https links to the post's own site. */
export const PERMALINK_HOSTS = { x: X_PERMALINK, facebook: FACEBOOK_PERMALINK } as const;

export const PostInfoSchema = v.pipe(
  v.object({
    channel: v.picklist(CHANNELS),
    postId: ShortText(160),
    key: ItemKeySchema,
    permalink: v.pipe(v.string(), v.maxLength(2000), v.url()),
    authorHandle: NullableShortText(100),
    authorName: NullableShortText(300),
    authorId: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,25}$/))),
    text: ShortText(50_000),
    postedAt: v.nullable(IsoTime),
    postedAtSource: v.picklist(['time-element', 'snowflake', 'parsed-text', 'unknown']),
    kind: v.picklist(['post', 'comment']),
    inReplyToKey: v.nullable(ItemKeySchema),
    addressees: v.pipe(v.array(ShortText(200)), v.maxLength(50)),
  }),
  v.check((p) => p.key === `${p.channel}:${p.postId}`, 'key must be channel:postId'),
  v.check((p) => PERMALINK_HOSTS[p.channel].test(p.permalink), 'permalink must be an https link on the channel’s site'),
);
