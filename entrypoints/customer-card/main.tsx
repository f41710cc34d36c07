import { render } from 'preact';
import { CustomerCardView } from '../../components/pages/CustomerCard';
import { CARD_TOKEN_MESSAGE, setCardToken } from '../../lib/shared/messaging/client';
import '../../components/pages/customer-card.css';

// Loaded in an iframe inside the post's toolbar: an extension-origin document, so the site's scripts cannot read
// the CRM data it shows. The item key comes in the URL fragment; the token that lets it act (bound to this tab and
// item by the background) comes by postMessage from the toolbar that framed it — never in the URL the page can read.
const key = new URLSearchParams(location.hash.slice(1)).get('key') ?? '';
const theme = new URLSearchParams(location.hash.slice(1)).get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.dataset.theme = theme;

// The frame sizes to the card (lib/content/features/customer-card.ts clamps it): the card tells its parent how tall
// it is whenever that changes. The message is a bare number — nothing about the customer — so any target origin is
// fine; a hidden frame (no width yet) has no meaningful height and says nothing.
let told = 0;
const tellHeight = () => {
  if (window.parent === window || document.documentElement.clientWidth === 0) return;
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === told || height <= 0) return;
  told = height;
  window.parent.postMessage(height, '*');
};
new ResizeObserver(tellHeight).observe(document.body);
window.addEventListener('resize', tellHeight);

const start = (event: MessageEvent) => {
  const data = event.data as { type?: unknown; token?: unknown } | null;
  if (event.source !== window.parent || data?.type !== CARD_TOKEN_MESSAGE || typeof data.token !== 'string') return;
  window.removeEventListener('message', start);
  setCardToken(data.token);
  render(<CustomerCardView itemKey={key} />, document.getElementById('app')!);
};
window.addEventListener('message', start);
