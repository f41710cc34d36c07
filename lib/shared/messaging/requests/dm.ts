import * as v from 'valibot';
import { ItemKeySchema } from '../../item-schemas';
import type { DmOpenPlan } from '../../dm-plan';
import { defineRequests } from './define';

// Move to DM and close the loop (issue 6).

export const dmRequests = defineRequests({
  /** The team's approved public reply asking the customer to DM, or closing the loop, filled for the item. */
  'dm.reply': { privileged: false, input: v.object({ key: ItemKeySchema, kind: v.picklist(['dm-request', 'close-the-loop']) }) },
  /** Where to open the private conversation with the item's author (records a Facebook private reply). */
  'dm.open': { privileged: false, input: v.object({ key: ItemKeySchema }) },
});

export interface DmResponses {
  'dm.reply': { text: string; source: 'snippet' | 'built-in'; snippetId: string | null };
  'dm.open': DmOpenPlan;
}
