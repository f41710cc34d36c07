import { startOverlay } from '../lib/overlay';
import { adapterForHost } from '../lib/sites';
import { SITE_MATCHES } from '../lib/sites/matches';

export default defineContentScript({
  matches: SITE_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterForHost(location.hostname);
    if (!adapter) return;
    const stop = startOverlay(adapter);
    ctx.onInvalidated(() => stop('invalidated'));
  },
});
