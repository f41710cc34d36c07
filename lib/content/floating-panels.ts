import type { ComponentChild } from 'preact';
import { render } from 'preact';
import { createShadowHost } from './shadow-host';

/** A floating panel's content: its CSS and what Preact draws; `close` closes it. */
export type PanelView = (close: () => void) => { css: string; node: ComponentChild };

/** Floating panels (shortcut help), one per name, in Shadow DOM. */
export interface FloatingPanels {
  toggle(name: string, view: PanelView, show?: boolean): void;
}

/**
 * Single floating panels (shortcut help) toggled by name; all removed when the signal aborts. Part of the
 * interactive UI (overlay-ui.js): drawn with its Preact.
 */
export function createFloatingPanels(doc: Document, signal: AbortSignal): FloatingPanels {
  const open = new Map<string, ReturnType<typeof createShadowHost>>();
  const panels: FloatingPanels = {
    toggle(name, view, show) {
      if (signal.aborted) return;
      const existing = open.get(name);
      if (existing && show !== true) {
        existing.destroy();
        open.delete(name);
        return;
      }
      if (existing || show === false || !doc.body) return;
      const { css, node } = view(() => panels.toggle(name, view, false));
      const host = createShadowHost({ render }, doc, css, { 'data-testid': `${name}-host` });
      host.render(node);
      doc.body.append(host.host);
      open.set(name, host);
    },
  };
  // The reload hint is shown after the abort, on purpose: only panels open before it are closed.
  signal.addEventListener(
    'abort',
    () => {
      for (const ui of open.values()) ui.destroy();
      open.clear();
    },
    { once: true },
  );
  return panels;
}
