import { ENGAGEMENT_KEY, type Engagement, type EngagementReader } from '../lib/content/engagement';
import { readFacebookEngagement } from '../lib/content/sites/facebook/engagement';
import { viralBadge } from '../lib/content/viral-badge';

// Facebook's engagement reader for viral risk and the viral badge, loaded by facebook.js on the first reading or badge
// (lib/content/engagement.ts). Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  const read: EngagementReader = (el) => {
    try {
      return readFacebookEngagement(el);
    } catch {
      return null; // unreadable markup: no reading, as every adapter read
    }
  };
  const engagement: Engagement = { read, badge: viralBadge };
  (globalThis as Record<string, unknown>)[ENGAGEMENT_KEY] = engagement;
});
