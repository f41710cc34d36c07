import { SITE_MATCHES } from '../lib/shared/sites/matches';

// Firefox only: a synthetic paste dispatched from a content script reaches the page with an empty clipboardData
// (Mozilla bug 1654724), so Carebar's isolated script asks this main-world script to dispatch it instead.
// It does nothing the page could not do itself, so the page sending the same request is harmless.
// Kept free of imports at run time: it is injected into every X / Facebook page.
const PASTE_REQUEST_EVENT = 'carebar:paste-request'; // = lib/content/insert-text.ts

export default defineContentScript({
  matches: SITE_MATCHES,
  world: 'MAIN',
  include: ['firefox'],
  runAt: 'document_idle',
  main() {
    document.addEventListener(
      PASTE_REQUEST_EVENT,
      (event) => {
        const text = (event as CustomEvent).detail;
        const target = event.composedPath()[0];
        if (typeof text !== 'string' || !(target instanceof HTMLElement)) return;
        event.stopImmediatePropagation();
        const data = new DataTransfer();
        data.setData('text/plain', text);
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
      },
      true,
    );
  },
});
