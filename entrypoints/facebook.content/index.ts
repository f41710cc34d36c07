import { startOverlay } from '../../lib/content';
import { facebookAdapter } from '../../lib/content/sites/facebook';
import { FACEBOOK_MATCHES } from '../../lib/shared/sites/matches';

// One content script per site, so each page loads only its own adapter.
export default defineContentScript({
  matches: FACEBOOK_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startOverlay(facebookAdapter, { signal: ctx.signal });
  },
});
