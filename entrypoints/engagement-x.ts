import { ENGAGEMENT_KEY, type Engagement } from '../lib/content/engagement';
import { readXPostEngagement } from '../lib/content/sites/x-engagement';
import { viralBadge } from '../lib/content/viral-badge';

// X's engagement reader for viral risk and the viral badge, loaded by x.js on the first reading or badge
// (lib/content/engagement.ts). Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  const engagement: Engagement = { read: readXPostEngagement, badge: viralBadge };
  (globalThis as Record<string, unknown>)[ENGAGEMENT_KEY] = engagement;
});
