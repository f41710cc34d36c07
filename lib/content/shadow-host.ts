import type { ComponentChild } from 'preact';
import type { OverlayUi } from './overlay-ui';

export const HOST_TAG = 'carebar-overlay';

/**
 * Events that must not bubble out of our UI into the site: X and Facebook open the post (or start a drag, or run a
 * keyboard shortcut) on events that reach the post element, and a click on our button is not a click on the post.
 */
const CONTAINED_EVENTS = [
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'keydown',
  'keyup',
  'keypress',
  'input',
  'beforeinput',
  'paste',
  'copy',
  'cut',
  'focusin',
  'focusout',
] as const;

/** Keeps an event inside our UI (one function for every host: nothing allocated per host). */
const contain = (event: Event) => event.stopPropagation();

/**
 * Events that come before any other a person can send into a host: the pointer arrives (pointerover), a touch or
 * press starts, the focus enters. Containment is armed on a host by the first of them, in the document's capture
 * phase, so it is in place before that same event reaches the host (#13: 20 listeners per toolbar at rest cost more
 * than the rest of mounting it; most toolbars are never touched).
 */
const ARMING_EVENTS = ['pointerover', 'mouseover', 'pointerdown', 'mousedown', 'touchstart', 'focusin', 'keydown'] as const;
const armed = new WeakSet<Element>();
const watchedDocs = new WeakSet<Document>();

function armContainment(host: Element) {
  if (armed.has(host)) return;
  armed.add(host);
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, contain);
}

/** One capture listener per document and arming event, for every host in it. */
function watchForArming(doc: Document) {
  if (watchedDocs.has(doc)) return;
  watchedDocs.add(doc);
  const arm = (event: Event) => {
    // Hosts nest (a panel inside a toolbar's root): arm every host the event will pass through.
    for (const node of event.composedPath()) if (isShadowHost(node as Node)) armContainment(node as Element);
  };
  for (const type of ARMING_EVENTS) doc.addEventListener(type, arm, { capture: true, passive: true });
}

/**
 * A host element with an open shadow root (tests drive the overlay through it) that the site's CSS cannot reach:
 * the inline style beats any page rule aimed at the host, and the shadow boundary stops the rest. `style` adds to
 * the host's inline style (e.g. a fixed height reserved before anything is drawn inside). Its own styles come with
 * styleShadow, when its content does: a toolbar off screen gets them when it is drawn, so a page whose posts are all
 * below the fold parses no toolbar CSS while it loads.
 */
export function prepareHost(doc: Document, attrs: Record<string, string>, style = '') {
  const host = blankHost(doc, style);
  for (const name in attrs) host.setAttribute(name, attrs[name]);
  watchForArming(doc);
  return { host, shadow: host.attachShadow({ mode: 'open' }) };
}

/** Give a shadow root its styles: the page's one parsed sheet for this CSS, or a <style> where sheets cannot go. */
export function styleShadow(shadow: ShadowRoot, css: string): void {
  if (adoptSheet(shadow, css)) return;
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = css;
  shadow.append(style);
}

/**
 * An empty host with its inline style, cloned from one kept per document and style: parsing `all: initial` (every
 * CSS property) once per toolbar cost more than the rest of preparing its host (#13).
 */
const blankHosts = new WeakMap<Document, Map<string, HTMLElement>>();
function blankHost(doc: Document, style: string): HTMLElement {
  let byStyle = blankHosts.get(doc);
  if (!byStyle) blankHosts.set(doc, (byStyle = new Map()));
  let blank = byStyle.get(style);
  if (!blank) {
    blank = doc.createElement(HOST_TAG);
    blank.setAttribute('style', `all: initial; display: block;${style}`);
    byStyle.set(style, blank);
  }
  return blank.cloneNode(false) as HTMLElement;
}

/** A shadow host whose content Preact renders (floating panels, dialogs): the loaded interactive UI's Preact. */
export function createShadowHost(ui: Pick<OverlayUi, 'render'>, doc: Document, css: string, attrs: Record<string, string>) {
  const { render } = ui;
  const { host, shadow } = prepareHost(doc, attrs);
  styleShadow(shadow, css);
  const container = doc.createElement('div');
  shadow.append(container);
  return {
    host,
    render(node: ComponentChild) {
      render(node, container);
    },
    destroy() {
      render(null, container);
      host.remove();
    },
  };
}

// One parsed stylesheet per CSS text, shared by every shadow root: a page with 50 toolbars parses our CSS once.
const sheets = new Map<string, CSSStyleSheet | null>();

function adoptSheet(shadow: ShadowRoot, css: string): boolean {
  let sheet = sheets.get(css);
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    } catch {
      sheet = null; // no constructable stylesheets here: fall back to a <style> per root
    }
    sheets.set(css, sheet);
  }
  if (!sheet) return false;
  try {
    shadow.adoptedStyleSheets = [sheet];
    return true;
  } catch {
    // Firefox content scripts may not hand their sheets to the page's shadow roots.
    sheets.set(css, null);
    return false;
  }
}

export function isShadowHost(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).localName === HOST_TAG;
}
