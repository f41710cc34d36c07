import { defineFeature } from '../feature';
import { loadOverlayUi } from '../overlay-ui-loader';
import type { ShortcutKeys } from '../shortcut-keys';

function isEditable(target: EventTarget | undefined): boolean {
  const el = target as HTMLElement | undefined;
  if (!el || el.nodeType !== 1) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.getAttribute('role') === 'textbox';
}

/**
 * Keyboard triage: j / k select the next / previous toolbar post (a visible ring, scrolled into view), ? lists every
 * key beside the selected post, and every key the features declare sends its command to the selected post's
 * toolbar. Keys typed into any editor (the site's composer, our own forms) are left alone; handled keys stop there
 * so the site does not act on them too (X binds j/k/r itself).
 *
 * This is the keydown listener only: what the keys do (lib/content/shortcut-keys.ts) is part of the interactive UI,
 * loaded on the first key that is ours; that key, and any typed while it loads, act once it is there.
 */
export const shortcuts = defineFeature({
  id: 'shortcuts',
  init(ctx) {
    const { adapter, doc, toolbars, signal, onError, shortcuts: declared } = ctx;
    let keys: ShortcutKeys | null = null;
    const load = () => loadOverlayUi().then((ui) => (keys ??= ui.createShortcutKeys(ctx)));

    // A command acts on the selected post; until the keys are loaded nothing is selected but a post holding the
    // focus (without one, the site keeps the key).
    const postHasFocus = () => {
      const active = doc.activeElement;
      return !!active && adapter.findPosts(doc).some((p) => toolbars.has(p) && p.contains(active));
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.isTrusted || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isEditable(event.composedPath()[0])) return;
      const { key } = event;
      if (keys) {
        if (!keys.onKey(key)) return;
      } else {
        if (key !== '?' && key !== 'j' && key !== 'k' && !(declared().some((s) => s.key === key) && postHasFocus())) return;
        load().then((k) => k.onKey(key), onError);
      }
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    doc.defaultView?.addEventListener('keydown', onKeyDown, { capture: true, signal });
  },
});
