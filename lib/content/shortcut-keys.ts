import { h } from 'preact';
import { boxOf } from '../../components/content/place';
import { ShortcutHelp, SHORTCUT_HELP_CSS } from '../../components/content/ShortcutHelp';
import type { PageContext, ToolbarCommand } from './feature';
import { createFloatingPanels } from './floating-panels';

/** The selected post wears this attribute and a ring (an inline outline: nothing is added to the page's CSS). */
export const SELECTED_ATTRIBUTE = 'data-carebar-selected';
const RING = ['outline', '2px solid rgb(29, 155, 240)', 'outline-offset', '-2px'] as const;

/**
 * What each command's key does, as `?` lists it (the features declare only the key and its command: these words are
 * needed only when the list is shown).
 */
const COMMAND_HELP: Record<ToolbarCommand, string> = {
  claim: 'claim',
  replied: 'mark replied',
  dm: 'move to DM',
  escalate: 'escalate… (asks why and to whom)',
  ignore: 'no reply needed',
  undo: 'undo the last change (10 s, counted down in the row)',
  menu: 'more actions (the ⋯ menu)',
  snippets: 'snippets for this post (Alt+Shift+S in a reply box)',
  customer: 'open the customer card',
};

export interface ShortcutKeys {
  /** Act on a key the content script's listener let through (no modifier, not typed into an editor); true when handled. */
  onKey(key: string): boolean;
}

/**
 * Keyboard triage, the part that acts: j / k select the next / previous toolbar post (a visible ring, scrolled into
 * view), ? lists every key beside the selected post, and every key the features declare sends its command to the
 * selected post's toolbar. Part of the interactive UI (overlay-ui.js), loaded on the first key by
 * lib/content/features/shortcuts.ts, which keeps the keydown listener.
 */
export function createShortcutKeys(options: Pick<PageContext, 'adapter' | 'doc' | 'toolbars' | 'signal' | 'shortcuts'>): ShortcutKeys {
  const { adapter, doc, toolbars, signal } = options;
  const panels = createFloatingPanels(doc, signal);
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
  signal.addEventListener('abort', () => select(null), { once: true });
  // A click elsewhere on the page ends the keyboard selection's ring (the agent moved on with the mouse).
  doc.addEventListener('pointerdown', (event) => current && !event.composedPath().includes(current) && select(null), {
    capture: true,
    passive: true,
    signal,
  });

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
    ...options.shortcuts().map((s): [string, string] => [s.key, COMMAND_HELP[s.command]]),
    ['Alt+Shift+S', 'snippets, in a reply box'],
    ['Esc', 'close a menu, form or panel'],
    ['?', 'show or hide this list'],
  ];

  return {
    onKey(key) {
      if (signal.aborted) return false;
      if (key === '?') {
        const beside = current?.isConnected ? boxOf(current) : null;
        panels.toggle('carebar-shortcut-help', (close) => ({
          css: SHORTCUT_HELP_CSS,
          node: h(ShortcutHelp, { entries: help(), onClose: close, beside }),
        }));
      } else if (key === 'j' || key === 'k') move(key === 'j' ? 1 : -1);
      else {
        const command = options.shortcuts().find((s) => s.key === key)?.command;
        if (!command) return false;
        const post = focused(posts());
        if (!post) return false; // nothing selected: let the site have the key
        if (post !== current) select(post);
        toolbars.send(post, command);
      }
      return true;
    },
  };
}
