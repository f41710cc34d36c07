import { ENGAGEMENT_KEY, type EngagementReader } from '../lib/content/engagement';
import { readFacebookEngagement } from '../lib/content/sites/facebook/engagement';

// Facebook's engagement reader for viral risk, loaded by facebook.js on the first reading
// (lib/content/engagement.ts). Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  const reader: EngagementReader = (el) => {
    try {
      return readFacebookEngagement(el);
    } catch {
      return null; // unreadable markup: no reading, as every adapter read
    }
  };
  (globalThis as Record<string, unknown>)[ENGAGEMENT_KEY] = reader;
});
