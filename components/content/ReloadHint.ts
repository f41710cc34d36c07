import { prepareHost, styleShadow } from '../../lib/content/shadow-host';

/**
 * Shown once, quietly, when the extension was updated or reloaded under this tab. Plain DOM in the content script
 * itself: the interactive UI (overlay-ui.js) cannot be loaded from an extension that is gone.
 */
export function showReloadHint(doc: Document): void {
  if (!doc.body || doc.querySelector('[data-testid="carebar-reload-hint-host"]')) return;
  const { host, shadow } = prepareHost(doc, { 'data-testid': 'carebar-reload-hint-host' });
  styleShadow(shadow, RELOAD_HINT_CSS);
  const hint = doc.createElement('div');
  hint.className = 'hint';
  hint.setAttribute('role', 'status');
  hint.setAttribute('data-testid', 'carebar-reload-hint');
  hint.textContent = 'Carebar was updated — reload this tab to reconnect.';
  const dismiss = doc.createElement('button');
  dismiss.type = 'button';
  dismiss.setAttribute('aria-label', 'Dismiss');
  dismiss.textContent = '✕';
  dismiss.addEventListener('click', () => host.remove());
  hint.append(dismiss);
  shadow.append(hint);
  doc.body.append(host);
}

// Positioned inside the shadow root: the host's inline all: initial overrides any :host rule. (A TypeScript comment,
// not a CSS one: this text ships in every content script; written minified for the same reason.)
const RELOAD_HINT_CSS =
  '.hint{position:fixed;right:16px;bottom:16px;z-index:2147483647;display:flex;gap:8px;align-items:center;padding:8px 12px;' +
  'border-radius:8px;background:#16181c;color:#e7e9ea;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)}' +
  'button{all:unset;cursor:pointer;padding:0 4px}button:focus-visible{outline:2px solid #6cb6ff}';
