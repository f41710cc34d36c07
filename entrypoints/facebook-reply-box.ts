import { FACEBOOK_REPLY_BOX_KEY } from '../lib/content/overlay-ui-loader';
import { openReplyBox } from '../lib/content/sites/facebook/reply-box';

// Facebook's reply-box opener for the snippet palette, loaded by facebook.js when Snippets is first asked for
// (lib/content/sites/facebook/index.ts). Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[FACEBOOK_REPLY_BOX_KEY] = openReplyBox;
});
