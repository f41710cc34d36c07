import * as v from 'valibot';
import { CHANNELS, ITEM_STATES } from '../../model';
import { IsoTime, NullableShortText } from '../../schema-fields';
import { ItemKeySchema, PostInfoSchema } from '../../item-schemas';
import type { EventRow, ItemRow } from '../../records';
import { defineRequests } from './define';

// Items (posts and comments) and their state changes.

export const itemRequests = defineRequests({
  'items.seen': { privileged: false, input: v.object({ posts: v.pipe(v.array(PostInfoSchema), v.maxLength(200)) }) },
  'items.get': { privileged: false, input: v.object({ keys: v.pipe(v.array(ItemKeySchema), v.maxLength(500)) }) },
  'items.setState': {
    privileged: false,
    input: v.object({ key: ItemKeySchema, to: v.picklist(ITEM_STATES), note: v.optional(NullableShortText(2000)) }),
  },
  /** A brand account's reply to an item appeared on the page (or the agent sent one): the item is answered. */
  'items.brandReplied': {
    privileged: false,
    input: v.object({
      key: ItemKeySchema,
      /** thread: the brand's reply is on the page; composer: the agent submitted the site's reply box. */
      source: v.picklist(['thread', 'composer']),
      replyKey: v.nullable(ItemKeySchema),
      by: NullableShortText(200),
      at: v.nullable(IsoTime),
      /** The reply's text as the thread shows it (source thread): kept as an interaction to review (issue 17). */
      text: v.optional(NullableShortText(10_000)),
    }),
  },
  'items.undo': { privileged: false, input: v.object({ eventId: v.pipe(v.string(), v.uuid()) }) },
  'items.history': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** Open items for the queue (side panel), optionally of one channel. */
  'items.queue': { privileged: false, input: v.object({ channel: v.optional(v.picklist(CHANNELS)) }) },
  /** Append a note to an item's history without changing its state (e.g. "posted anyway: …"). */
  'items.note': { privileged: false, input: v.object({ key: ItemKeySchema, note: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)) }) },
});

export interface ItemResponses {
  'items.seen': { items: ItemRow[] };
  'items.get': { items: ItemRow[] };
  'items.setState': { item: ItemRow; event: EventRow };
  'items.brandReplied': { item: ItemRow | null };
  'items.undo': { item: ItemRow; event: EventRow };
  'items.history': { events: EventRow[] };
  'items.queue': { items: ItemRow[] };
  'items.note': { event: EventRow };
}
