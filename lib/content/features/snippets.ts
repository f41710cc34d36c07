import { browser } from '../../shared/browser';
import { defineFeature, onAbort } from '../feature';
import { loadOverlayUi } from '../overlay-ui-loader';
import type { SnippetController } from '../snippets';

/**
 * Snippets: every toolbar's Snippets button opens the palette where the agent replies — the post's reply box (on
 * Facebook a comment's own reply box, opened for it), or beside the toolbar for the box the caret is in; also
 * Alt+Shift+S in a reply box, the `s` key, or the browser command; and the live length counter.
 *
 * This is only the triggers: the controller (lib/content/snippets.ts) is part of the interactive UI, loaded when a
 * reply box that answers a post gets the focus (its counter shows then) or on the first gesture; a gesture that
 * comes before it is there acts once it is.
 */
export const snippets = defineFeature({
  id: 'snippets',
  init(ctx) {
    const { adapter, doc, signal } = ctx;
    /** The reply box the caret was last in: where a palette opened beside a toolbar inserts. */
    let lastComposer: HTMLElement | null = null;
    let made: SnippetController | null = null;
    const withController = (use: (controller: SnippetController) => unknown) =>
      loadOverlayUi().then((ui) => {
        if (signal.aborted) return;
        made ??= ui.createSnippetController(ctx, () => lastComposer);
        return use(made);
      }, ctx.onError);

    /** The composer answering a toolbar post that is, or contains, `target`, with that post. */
    const answered = (target: EventTarget | null) => {
      const node = target as Node | null;
      return node ? adapter.postAnsweredBy(node, ctx.toolbars.posts(), doc) : null;
    };
    /** Open for the composer that has the focus (Alt+Shift+S, the browser command); false when none answers a post. */
    const openForFocusedComposer = () => {
      const found = answered(doc.activeElement);
      if (!found) return false;
      const started = performance.now();
      void withController((c) => c.openForComposer(found.post, found.composer, started));
      return true;
    };

    doc.addEventListener(
      'focusin',
      (event) => {
        const node = event.composedPath()[0] as HTMLElement | undefined;
        const editable = node?.closest?.('[contenteditable="true"]');
        if (editable instanceof HTMLElement && !editable.closest('carebar-overlay')) lastComposer = editable;
        const found = answered(node ?? null);
        if (found) void withController((c) => c.showCounter(found.composer));
      },
      { capture: true, signal },
    );
    doc.defaultView?.addEventListener(
      'keydown',
      (event) => {
        if (!(event.altKey && event.shiftKey && event.code === 'KeyS') || event.ctrlKey || event.metaKey) return;
        if (openForFocusedComposer()) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      },
      { capture: true, signal },
    );
    // The remappable browser command (wxt.config.ts `commands`), relayed by the background to this tab.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id === browser.runtime.id && (message as { carebarCommand?: unknown })?.carebarCommand === 'open-snippets')
        openForFocusedComposer();
    };
    browser.runtime.onMessage.addListener(onMessage);
    onAbort(signal, () => browser.runtime.onMessage.removeListener(onMessage));

    return {
      shortcuts: [{ key: 's', command: 'snippets' }],
      toolbar(t) {
        t.handle('snippets', (anchor) => {
          const started = performance.now();
          void withController((c) => c.openFromToolbar(t.postEl, anchor, started));
        });
      },
    };
  },
});
