import { boxOf } from '../../../components/content/place';
import { defineFeature, onAbort } from '../feature';

function isEditable(target: EventTarget | undefined): boolean {
  const el = target as HTMLElement | undefined;
  if (!el || el.nodeType !== 1) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.getAttribute('role') === 'textbox';
}

/** The selected post wears this attribute and a ring (an inline outline: nothing is added to the page's CSS). */
export const SELECTED_ATTRIBUTE = 'data-carebar-selected';
const RING = ['outline', '2px solid rgb(29, 155, 240)', 'outline-offset', '-2px'] as const;

/**
 * Keyboard triage: j / k select the next / previous toolbar post (a visible ring, scrolled into view), ? lists every
 * key beside the selected post, and every key the features declare sends its command to the selected post's
 * toolbar. Keys typed into any editor (the site's composer, our own forms) are left alone; handled keys stop there
 * so the site does not act on them too (X binds j/k/r itself).
 */
export const shortcuts = defineFeature({
  id: 'shortcuts',
  init({ adapter, doc, toolbars, panels, signal, shortcuts: declared }) {
    let current: Element | null = null;
    let saved: { outline: string; offset: string } | null = null;
    const posts = () => adapter.findPosts(doc).filter((el) => toolbars.has(el));

    const select = (el: Element | null) => {
      if (current && current !== el && current instanceof HTMLElement) {
        current.removeAttribute(SELECTED_ATTRIBUTE);
        current.style.outline = saved?.outline ?? '';
        current.style.outlineOffset = saved?.offset ?? '';
      }
      if (el instanceof HTMLElement && el !== current) {
        saved = { outline: el.style.outline, offset: el.style.outlineOffset };
        el.setAttribute(SELECTED_ATTRIBUTE, '');
        el.style.setProperty(RING[0], RING[1], 'important');
        el.style.setProperty(RING[2], RING[3], 'important');
      }
      current = el;
    };
    onAbort(signal, () => select(null));

    const focused = (list: Element[]): Element | null => {
      const active = doc.activeElement;
      const containing = active ? list.find((p) => p.contains(active)) : undefined;
      if (containing) return containing;
      return current?.isConnected ? current : null;
    };

    const move = (delta: 1 | -1) => {
      const list = posts();
      if (list.length === 0) return;
      const from = focused(list);
      const index = from ? list.indexOf(from) : -1;
      const target = list[Math.min(list.length - 1, Math.max(0, index + delta))] ?? list[0];
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      (target as HTMLElement).focus({ preventScroll: true });
      target.scrollIntoView({ block: 'center' });
      select(target);
    };

    const help = (): [string, string][] => [
      ['j / k', 'next / previous post'],
      ...declared().map((s): [string, string] => [s.key, s.help]),
      ['Alt+Shift+S', 'snippets, in a reply box'],
      ['Esc', 'close a menu, form or panel'],
      ['?', 'show or hide this list'],
    ];

    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.isTrusted || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isEditable(event.composedPath()[0])) return;
      if (event.key === '?') {
        const beside = current?.isConnected ? boxOf(current) : null;
        panels.toggle('carebar-shortcut-help', (ui, close) => ({
          css: ui.SHORTCUT_HELP_CSS,
          node: ui.h(ui.ShortcutHelp, { entries: help(), onClose: close, beside }),
        }));
      } else if (event.key === 'j' || event.key === 'k') move(event.key === 'j' ? 1 : -1);
      else {
        const command = declared().find((s) => s.key === event.key)?.command;
        if (!command) return;
        const post = focused(posts());
        if (!post) return; // nothing selected: let the site have the key
        if (post !== current) select(post);
        toolbars.send(post, command);
      }
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    doc.defaultView?.addEventListener('keydown', onKeyDown, { capture: true, signal });
    // A click elsewhere on the page ends the keyboard selection's ring (the agent moved on with the mouse).
    doc.addEventListener('pointerdown', (event) => current && !event.composedPath().includes(current) && select(null), {
      capture: true,
      passive: true,
      signal,
    });
  },
});
