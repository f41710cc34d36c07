import { render, type ComponentChild } from 'preact';

export const HOST_TAG = 'carebar-overlay';

/**
 * A host element with an open shadow root (tests drive the overlay through it) that the site's CSS cannot reach:
 * the inline style beats any page rule aimed at the host, and the shadow boundary stops the rest.
 */
export function createShadowHost(doc: Document, css: string, attrs: Record<string, string>) {
  const host = doc.createElement(HOST_TAG);
  for (const [name, value] of Object.entries(attrs)) host.setAttribute(name, value);
  host.setAttribute('style', 'all: initial; display: block;');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  shadow.append(style, container);
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

export function isShadowHost(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).localName === HOST_TAG;
}
