import * as v from 'valibot';
import { defineRequests } from './define';

// The background itself: is it up, and since when.

export const systemRequests = defineRequests({
  ping: { privileged: false, input: v.object({}) },
});

export interface SystemResponses {
  ping: { version: string; startedAt: string };
}
