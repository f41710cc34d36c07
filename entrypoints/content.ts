import { startOverlay } from '../lib/overlay';
import { adapterForHost } from '../lib/sites';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*', 'https://www.facebook.com/*', 'https://web.facebook.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterForHost(location.hostname);
    if (!adapter) return;
    const stop = startOverlay(adapter);
    ctx.onInvalidated(() => stop('invalidated'));
  },
});
