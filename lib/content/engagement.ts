import type { Channel } from '../shared/model';
import type { EngagementCounts } from '../shared/viral';
import type { viralBadge } from './viral-badge';

// Viral risk's readings (issue 17) are not in the content scripts: a post's counts are read two seconds after its
// toolbar is drawn or when the pointer rests on its author, so each site's reader (its adapter's engagement module,
// lib/content/sites/x-engagement.ts, lib/content/sites/facebook/engagement.ts) is a script of its own,
// /engagement-<channel>.js (entrypoints/engagement-*.ts), loaded on the first reading. No dependencies here: the
// readers' entrypoints import this too.

/** The public counts of one post element (as the adapter finds it); null when none are shown. */
export type EngagementReader = (el: Element, authorHandle: string | null) => EngagementCounts | null;

/** What a site's engagement script hands over: its reader, and the badge that shows the verdict (./viral-badge.ts). */
export interface Engagement {
  read: EngagementReader;
  badge: typeof viralBadge;
}

/** Where an engagement script leaves what it hands over: a property of the content script's own (isolated) global. */
export const ENGAGEMENT_KEY = '__carebarEngagement';

export const engagementScript = (channel: Channel) => `/engagement-${channel}.js` as const;
