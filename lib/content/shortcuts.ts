import type { ToolbarCommand } from '../../components/content/Toolbar';

const KEYS: Record<string, ToolbarCommand | 'next' | 'prev' | 'help'> = {
  j: 'next',
  k: 'prev',
  c: 'claim',
  r: 'replied',
  e: 'escalate',
  i: 'ignore',
  u: 'undo',
  '?': 'help',
};

export const SHORTCUT_HELP: [string, string][] = [
  ['j / k', 'next / previous post'],
  ['c', 'claim'],
  ['r', 'mark replied'],
  ['e', 'escalate'],
  ['i', 'ignore (no response needed)'],
  ['u', 'undo the last change (10 s)'],
  ['?', 'show this help'],
];

function isEditable(target: EventTarget | undefined): boolean {
  const el = target as HTMLElement | undefined;
  if (!el || el.nodeType !== 1) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.getAttribute('role') === 'textbox';
}

/**
 * In-page keyboard shortcuts on the focused post. Keys typed into any editor (the site's composer, our own forms)
 * are left alone; handled keys stop there so the site does not act on them too (X binds j/k/r itself).
 */
export function installShortcuts(options: {
  doc: Document;
  /** Post elements that carry a toolbar, in page order. */
  posts: () => Element[];
  send: (post: Element, command: ToolbarCommand) => void;
  toggleHelp: () => void;
}): () => void {
  const { doc } = options;
  let current: Element | null = null;

  const focused = (): Element | null => {
    const posts = options.posts();
    const active = doc.activeElement;
    const containing = active ? posts.find((p) => p.contains(active)) : undefined;
    if (containing) return containing;
    return current?.isConnected ? current : null;
  };

  const move = (delta: 1 | -1) => {
    const posts = options.posts();
    if (posts.length === 0) return;
    const from = focused();
    const index = from ? posts.indexOf(from) : -1;
    const target = posts[Math.min(posts.length - 1, Math.max(0, index + delta))] ?? posts[0];
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    (target as HTMLElement).focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
    current = target;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (isEditable(event.composedPath()[0])) return;
    const action = KEYS[event.key];
    if (!action) return;
    if (action === 'help') options.toggleHelp();
    else if (action === 'next' || action === 'prev') move(action === 'next' ? 1 : -1);
    else {
      const post = focused();
      if (!post) return; // nothing focused: let the site have the key
      options.send(post, action);
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  doc.defaultView?.addEventListener('keydown', onKeyDown, true);
  return () => doc.defaultView?.removeEventListener('keydown', onKeyDown, true);
}
