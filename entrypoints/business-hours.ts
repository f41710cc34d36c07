import { HOURS_MATH } from '../lib/shared/sla';
import { BUSINESS_HOURS_KEY } from '../lib/content/overlay-ui-loader';

// The SLA clock's business-hours arithmetic, loaded by the content scripts only when the team's business hours are
// set, before their toolbars read a clock (lib/content/toolbar-mount.ts). Web-accessible to the sites' pages only
// (wxt.config.ts).
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[BUSINESS_HOURS_KEY] = HOURS_MATH;
});
