import type { ComponentChild } from 'preact';
import type { FloatingPanels } from './feature';
import { createShadowHost } from './shadow-host';

/** Single floating panels (reload hint, shortcut help) toggled by name; all removed when the signal aborts. */
export function createFloatingPanels(doc: Document, signal: AbortSignal): FloatingPanels {
  const open = new Map<string, ReturnType<typeof createShadowHost>>();
  const panels: FloatingPanels = {
    toggle(name, css, render: (close: () => void) => ComponentChild, show) {
      const existing = open.get(name);
      if (existing && show !== true) {
        existing.destroy();
        open.delete(name);
        return;
      }
      if (existing || show === false || !doc.body) return;
      const ui = createShadowHost(doc, css, { 'data-testid': `${name}-host` });
      ui.render(render(() => panels.toggle(name, css, render, false)));
      doc.body.append(ui.host);
      open.set(name, ui);
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
