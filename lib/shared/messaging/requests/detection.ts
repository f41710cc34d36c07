import * as v from 'valibot';
import { CHANNELS } from '../../model';
import { ShortText } from '../../schema-fields';
import { ItemKeySchema } from '../../item-schemas';
import type { DetectReason, Finding, GuardProblem } from '../../detect/types';
import { defineRequests } from './define';

// Move to DM and reply guard detection (issue 6): it runs here in the background; nothing leaves it.

export const detectionRequests = defineRequests({
  /** Find personal data, account requests, strong negative sentiment and long threads in a post or a draft. */
  'detect.text': {
    privileged: false,
    input: v.object({
      text: ShortText(50_000),
      role: v.picklist(['post', 'draft']),
      channel: v.picklist(CHANNELS),
      /** Authors of the thread's posts in page order: c = the customer, b = the brand. */
      thread: v.optional(v.pipe(v.string(), v.regex(/^[cb]{0,400}$/))),
    }),
  },
  /** Move-to-DM reasons for the posts toolbars were just mounted on: one message per batch, not one per post. */
  'detect.posts': {
    privileged: false,
    input: v.object({
      posts: v.pipe(
        v.array(
          v.object({
            key: ItemKeySchema,
            text: ShortText(20_000),
            channel: v.picklist(CHANNELS),
            thread: v.optional(v.pipe(v.string(), v.regex(/^[cb]{0,400}$/))),
          }),
        ),
        v.maxLength(100),
      ),
    }),
  },
});

export interface DetectionResponses {
  'detect.text': { findings: Finding[]; problems: GuardProblem[] };
  'detect.posts': { reasons: Record<string, DetectReason[]> };
}
