import * as v from 'valibot';
import { defineRequests } from './define';

// The background itself: is it up, and since when.

export const systemRequests = defineRequests({
  ping: { privileged: false, input: v.object({}) },
  /** Open Carebar's options page (the toolbar's "Finish setup" link: a content script cannot open it itself). */
  'options.open': { privileged: false, input: v.object({}) },
});

export interface SystemResponses {
  ping: { version: string; startedAt: string };
  'options.open': { ok: true };
}
