import { ENGAGEMENT_KEY, type EngagementReader } from '../lib/content/engagement';
import { readXPostEngagement } from '../lib/content/sites/x-engagement';

// X's engagement reader for viral risk, loaded by x.js on the first reading (lib/content/engagement.ts).
// Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  const reader: EngagementReader = readXPostEngagement;
  (globalThis as Record<string, unknown>)[ENGAGEMENT_KEY] = reader;
});
