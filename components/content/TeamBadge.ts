import type { ToolbarHandle } from '../../lib/content/feature';
import type { TeamStore } from '../../lib/content/team-store';
import { claimedByLabel, presenceLabel } from '../../lib/shared/team/settings';
import { adoptPanelsCss } from './row-panels';

/**
 * Team mode on a post's toolbar: who holds it ("Ana · 2m", `carebar-claimed-by`) and who else is on it ("Ben is
 * typing a reply"). Plain DOM in the row's state slot, drawn only while there is something to say: nothing at all in
 * solo mode or when nobody else is involved. Ends with its toolbar (`toolbar.onDestroy`: no abort signal made per row).
 */
export function mountTeamBadge(
  slot: HTMLElement,
  store: TeamStore,
  itemKey: string,
  permalink: string,
  toolbar: Pick<ToolbarHandle, 'gone' | 'onDestroy' | 'host'>,
): void {
  const doc = slot.ownerDocument;
  const badge = doc.createElement('span');
  badge.className = 'team';
  badge.setAttribute('data-testid', 'carebar-team');
  let error: string | null = null;
  let ticking: ReturnType<typeof setInterval> | undefined;

  const make = (tag: string, attrs: Record<string, string>, text: string) => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.textContent = text;
    return node;
  };

  const draw = () => {
    if (toolbar.gone()) return;
    const view = store.view(itemKey);
    const others = store.presenceOn(itemKey, null);
    const held = !!view && !!view.holder && view.standing !== 'mine';
    if (!held && others.length === 0 && !error) {
      badge.remove();
      clearInterval(ticking);
      ticking = undefined;
      return;
    }
    const parts: Node[] = [];
    if (held) {
      const stale = view.standing === 'stale';
      parts.push(
        make(
          'span',
          {
            class: `claimed-by${stale ? ' stale' : ''}`,
            'data-testid': 'carebar-claimed-by',
            'data-holder': view.holder ?? '',
            'data-standing': view.standing,
            title: stale ? 'Claimed, but the holder has not been seen for a while: it can be taken over' : 'Claimed by a teammate',
          },
          `${claimedByLabel(view)}${stale ? ' (stale)' : ''}`,
        ),
      );
      if (stale) {
        const takeOver = make(
          'button',
          {
            type: 'button',
            'data-testid': 'carebar-take-over',
            title: 'The holder has not been seen for a while: take this item over (logged)',
          },
          'Take over',
        );
        // Only a person's click takes an item over, never the page's synthetic one (as the toolbar row).
        takeOver.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          void store.takeOver(itemKey).then((e) => {
            error = e;
            draw();
          });
        });
        parts.push(takeOver);
      }
    }
    if (error) parts.push(make('span', { class: 'error', role: 'alert' }, error));
    for (const p of others)
      parts.push(
        make(
          'span',
          { class: 'presence', 'data-testid': 'carebar-presence', 'data-user': p.user, 'data-activity': p.activity },
          presenceLabel(p),
        ),
      );
    badge.replaceChildren(...parts);
    if (!badge.isConnected) {
      // Its rules come with the row's panels (the resting row does not carry them): adopted when it first shows.
      adoptPanelsCss(toolbar.host.shadowRoot!);
      slot.prepend(badge);
    }
    // Ages in the label move with the minute.
    ticking ??= setInterval(draw, 30_000);
  };

  const unwatch = store.watch(itemKey, draw);
  // On the post's own page the agent is "viewing" it (and "typing" while writing there).
  let here = false;
  // Most toolbars are not on their post's own page: a substring test spares parsing every permalink (#13).
  if (permalink.includes(location.pathname.replace(/\/$/, ''))) {
    try {
      const a = new URL(permalink);
      here = a.origin === location.origin && a.pathname.replace(/\/$/, '') === location.pathname.replace(/\/$/, '');
    } catch {
      here = false;
    }
  }
  const unview = here ? store.viewing(itemKey) : undefined;
  toolbar.onDestroy(() => {
    unwatch();
    unview?.();
    clearInterval(ticking);
    badge.remove();
  });
  draw();
}
