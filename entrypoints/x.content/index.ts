import { startOverlay } from '../../lib/overlay';
import { X_MATCHES } from '../../lib/sites/matches';
import { xAdapter } from '../../lib/sites/x';

// One content script per site, so each page loads only its own adapter.
export default defineContentScript({
  matches: X_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const stop = startOverlay(xAdapter);
    ctx.onInvalidated(() => stop('invalidated'));
  },
});
