import type { FloatingPanels, PanelView } from './feature';
import type { OverlayUi } from './overlay-ui';
import { loadOverlayUi } from './overlay-ui-loader';
import { createShadowHost } from './shadow-host';

/**
 * Single floating panels (shortcut help) toggled by name, drawn by the interactive UI (loaded on first use; toggles
 * asked for while it loads run in order once it is there); all removed when the signal aborts.
 */
export function createFloatingPanels(doc: Document, signal: AbortSignal, onError: (err: unknown) => void): FloatingPanels {
  const open = new Map<string, ReturnType<typeof createShadowHost>>();
  let queue: Promise<unknown> = Promise.resolve();
  const panels: FloatingPanels = {
    toggle(name, view, show) {
      queue = queue
        .then(loadOverlayUi)
        .then((ui) => {
          if (!signal.aborted) draw(ui, name, view, show);
        })
        .catch(onError);
    },
  };
  const draw = (ui: OverlayUi, name: string, view: PanelView, show: boolean | undefined) => {
    {
      const existing = open.get(name);
      if (existing && show !== true) {
        existing.destroy();
        open.delete(name);
        return;
      }
      if (existing || show === false || !doc.body) return;
      const { css, node } = view(ui, () => panels.toggle(name, view, false));
      const host = createShadowHost(ui, doc, css, { 'data-testid': `${name}-host` });
      host.render(node);
      doc.body.append(host.host);
      open.set(name, host);
    }
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
