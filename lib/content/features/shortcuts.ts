import { h } from 'preact';
import { ShortcutHelp, SHORTCUT_HELP_CSS } from '../../../components/content/ShortcutHelp';
import { defineFeature } from '../feature';

function isEditable(target: EventTarget | undefined): boolean {
  const el = target as HTMLElement | undefined;
  if (!el || el.nodeType !== 1) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.getAttribute('role') === 'textbox';
}

/**
 * Keyboard shortcuts on the focused post: j / k move between toolbar posts, ? shows the help, and every key the
 * features declare sends its command to the focused post's toolbar. Keys typed into any editor (the site's
 * composer, our own forms) are left alone; handled keys stop there so the site does not act on them too (X binds
 * j/k/r itself).
 */
export const shortcuts = defineFeature({
  id: 'shortcuts',
  init({ adapter, doc, toolbars, panels, signal, shortcuts: declared }) {
    let current: Element | null = null;
    const posts = () => adapter.findPosts(doc).filter((el) => toolbars.has(el));

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
      current = target;
    };

    const help = (): [string, string][] => [
      ['j / k', 'next / previous post'],
      ...declared().map((s): [string, string] => [s.key, s.help]),
      ['?', 'show this help'],
    ];

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isEditable(event.composedPath()[0])) return;
      if (event.key === '?')
        panels.toggle('carebar-shortcut-help', SHORTCUT_HELP_CSS, (close) => h(ShortcutHelp, { entries: help(), onClose: close }));
      else if (event.key === 'j' || event.key === 'k') move(event.key === 'j' ? 1 : -1);
      else {
        const command = declared().find((s) => s.key === event.key)?.command;
        if (!command) return;
        const post = focused(posts());
        if (!post) return; // nothing focused: let the site have the key
        toolbars.send(post, command);
      }
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    doc.defaultView?.addEventListener('keydown', onKeyDown, { capture: true, signal });
  },
});
