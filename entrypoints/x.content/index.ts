import { startOverlay } from '../../lib/content';
import { X_MATCHES } from '../../lib/shared/sites/matches';
import { xAdapter } from '../../lib/content/sites/x';

// One content script per site, so each page loads only its own adapter.
export default defineContentScript({
  matches: X_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startOverlay(xAdapter, { signal: ctx.signal });
  },
});
