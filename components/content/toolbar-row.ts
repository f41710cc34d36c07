// The toolbar row: one quiet line of fixed height under a post, drawn with plain DOM (a toolbar at rest costs a
// template clone and a few text writes, no framework). Timer, state, customer chip, the DM chip, then the primary
// action, Snippets and "⋯". Menus, the escalation form, tooltips and other panels are built only when the agent
// reaches them, and open in the top layer (popover), so the row never changes height. Page text is set as text only.
import type { DetectReason } from '../../lib/shared/detect/types';
import type { ItemState } from '../../lib/shared/model';
import type { SlaState } from '../../lib/shared/sla';
import { ACTIONS, actionsFor, primaryAction, STATE_LABEL, timerView, type RowAction } from '../../lib/shared/toolbar-view';
import { icon, type IconName } from './icons';
import { boxOf, placePanel, type Box } from './place';

export const DM_REASON_LABEL: Record<DetectReason, string> = {
  email: 'email address',
  phone: 'phone number',
  card: 'card number',
  order: 'order / account number',
  address: 'street address',
  'account-request': 'account-specific request',
  sentiment: 'strong negative sentiment',
  'long-thread': 'long public back-and-forth',
};
const DM_REASON_WORD: Record<DetectReason, string> = {
  email: 'email',
  phone: 'phone',
  card: 'card',
  order: 'order no.',
  address: 'address',
  'account-request': 'account',
  sentiment: 'upset',
  'long-thread': 'long thread',
};

export interface RowState {
  state: ItemState;
  /** null until the channel's policy is known. */
  sla: SlaState | null;
  ageSeconds: number;
  estimated: boolean;
  customerName: string;
  badge: { tier: string | null; open: number; currency?: string | null } | null;
  cardOpen: boolean;
  dmReasons: readonly DetectReason[];
  notice: string | null;
  /** The undo offer runs until this time (ms since epoch), null when there is none. */
  undoUntil: number | null;
  busy: boolean;
  error: string | null;
}

export interface RowHandlers {
  /** An action from the row or the menu; escalate comes with its note. Return a promise to show "busy" meanwhile. */
  act(action: RowAction, note?: string): void;
  undo(): void;
  undoExpired(): void;
  customer(anchor: HTMLElement): void;
  /** The pointer rests on the customer chip: load the card ahead of a click. */
  customerHover?(resting: boolean): void;
  snippets(anchor: HTMLElement): void;
  /** The "Finish setup" link (shown instead of a notice until the first-run setup is done): open the options page. */
  finishSetup?(): void;
}

/** The notice that is a link to the first-run setup rather than a note. */
export const FINISH_SETUP = 'finish-setup';

export const INITIAL_ROW: RowState = {
  state: 'new',
  sla: null,
  ageSeconds: 0,
  estimated: false,
  customerName: 'Customer',
  badge: null,
  cardOpen: false,
  dmReasons: [],
  notice: null,
  undoUntil: null,
  busy: false,
  error: null,
};

const supportsPopover = (el: HTMLElement) => typeof (el as { showPopover?: unknown }).showPopover === 'function';

/** Show a panel in the top layer (escapes the post's clipping and transforms); plain fixed position without popover. */
function showPanel(panel: HTMLElement) {
  if (supportsPopover(panel)) {
    if (!panel.hasAttribute('popover')) panel.setAttribute('popover', 'manual');
    if (!panel.matches(':popover-open')) panel.showPopover();
  }
  panel.hidden = false;
}
function hidePanel(panel: HTMLElement) {
  if (supportsPopover(panel) && panel.matches(':popover-open')) panel.hidePopover();
  panel.hidden = true;
}

/** One template per document, cloned per toolbar: the resting row costs a clone, not a build. */
const templates = new WeakMap<Document, HTMLElement>();

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function template(doc: Document): HTMLElement {
  let t = templates.get(doc);
  if (t) return t;
  const iconButton = (testid: string, name: IconName, label: string, extra: Record<string, string> = {}) =>
    el(
      doc,
      'button',
      { type: 'button', class: 'icon', 'data-testid': testid, 'aria-label': label, 'data-tip': label, ...extra },
      icon(doc, name),
    );
  t = el(
    doc,
    'div',
    { class: 'wrap' },
    el(
      doc,
      'div',
      { class: 'bar', role: 'toolbar', 'aria-label': 'Carebar' },
      el(
        doc,
        'span',
        { class: 'timer', 'data-testid': 'carebar-timer', tabindex: '-1' },
        icon(doc, 'clock', 14),
        el(doc, 'span', { class: 't-label' }),
        el(doc, 'span', { class: 't-age' }),
      ),
      el(
        doc,
        'span',
        { class: 'state', 'data-testid': 'carebar-state' },
        el(doc, 'span', { class: 's-dot', 'aria-hidden': 'true' }),
        el(doc, 'span', { class: 's-label' }),
      ),
      el(doc, 'span', { class: 'slot', 'data-slot': 'state' }),
      el(
        doc,
        'button',
        { type: 'button', class: 'customer', 'data-testid': 'carebar-customer', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' },
        icon(doc, 'user', 16),
        el(doc, 'span', { class: 'name' }),
      ),
      el(doc, 'span', { class: 'slot', 'data-slot': 'identity' }),
      el(doc, 'span', { class: 'fill' }),
      el(doc, 'span', { class: 'slot', 'data-slot': 'actions' }),
      el(
        doc,
        'button',
        { type: 'button', class: 'primary', hidden: '' },
        el(doc, 'span', { class: 'p-icon' }),
        el(doc, 'span', { class: 'p-label' }),
      ),
      iconButton('carebar-snippets', 'snippets', 'Snippets (s)', { 'aria-keyshortcuts': 'S' }),
      iconButton('carebar-more', 'more', 'More actions', { 'aria-haspopup': 'menu', 'aria-expanded': 'false' }),
    ),
  );
  templates.set(doc, t);
  return t;
}

const same = (a: unknown, b: unknown) =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));

export interface PanelOptions {
  role?: string;
  /** Rectangles the panel must not cover. */
  avoid?: Box[];
  label?: string;
  className?: string;
  /** Build the panel afresh on every open (a menu that depends on the state); otherwise it is built once and kept. */
  rebuild?: boolean;
  /** Called when the panel closes (Escape, a press outside, another panel opening). */
  onClose?: () => void;
}

export interface ToolbarRow {
  /** The row's root, to append into a shadow root. */
  root: HTMLElement;
  get(): RowState;
  set(patch: Partial<RowState>): void;
  /** A named place in the row where a feature draws (state: e.g. team mode's "claimed by"; identity: after the customer). */
  slot(name: 'state' | 'identity' | 'actions'): HTMLElement;
  openMenu(focusFirst?: boolean): void;
  openEscalate(): void;
  /**
   * A panel anchored to an element of the row, in the top layer: `build` fills it the first time. Returns the
   * panel; `closePanel(name)` closes it. Only one panel is open at a time.
   */
  openPanel(name: string, anchor: Element, build: (panel: HTMLElement) => void, options?: PanelOptions): HTMLElement;
  /** Build a panel without showing it (e.g. load the customer card's frame while the pointer rests on its chip). */
  preparePanel(name: string, build: (panel: HTMLElement) => void, options?: PanelOptions): HTMLElement;
  isOpen(name: string): boolean;
  closePanel(name?: string): void;
  focus(): void;
  destroy(): void;
}

/**
 * Build a row. `handlers` run only for trusted events (a real click or key press, never the page's synthetic
 * events: issue 11, finding 8).
 */
export function createToolbarRow(
  doc: Document,
  handlers: RowHandlers,
  initial: Partial<RowState> = {},
  /** Which events a person made (tests on jsdom, where no event is trusted, pass their own). */
  isTrusted: (event: Event) => boolean = (event) => event.isTrusted,
): ToolbarRow {
  const root = template(doc).cloneNode(true) as HTMLElement;
  const bar = root.firstElementChild as HTMLElement;
  const q = <T extends Element>(selector: string) => bar.querySelector<T>(selector)!;
  const timer = q<HTMLElement>('.timer');
  const timerIcon = () => timer.firstElementChild as SVGElement;
  const tLabel = q<HTMLElement>('.t-label');
  const tAge = q<HTMLElement>('.t-age');
  const stateEl = q<HTMLElement>('.state');
  const sLabel = q<HTMLElement>('.s-label');
  const customer = q<HTMLButtonElement>('.customer');
  const nameEl = q<HTMLElement>('.name');
  const primary = q<HTMLButtonElement>('.primary');
  const snippets = q<HTMLButtonElement>('[data-testid="carebar-snippets"]');
  const more = q<HTMLButtonElement>('[data-testid="carebar-more"]');
  const fill = q<HTMLElement>('.fill');
  let badgeEl: HTMLElement | null = null;
  let dmEl: HTMLElement | null = null;
  let undoEl: HTMLButtonElement | null = null;
  let noticeEl: HTMLElement | null = null;
  let errorEl: HTMLElement | null = null;
  let undoTimer: ReturnType<typeof setInterval> | undefined;
  let current: RowState = { ...INITIAL_ROW };
  const panels = new Map<string, { panel: HTMLElement; anchor: Element; options: PanelOptions; built: boolean }>();
  let openName: string | null = null;
  const abort = new AbortController();
  const { signal } = abort;

  // ---- drawing -------------------------------------------------------------------------------------------------

  const drawTimer = (s: RowState) => {
    if (!s.sla) {
      timer.hidden = true;
      return;
    }
    timer.hidden = false;
    const view = timerView(s.sla, s.state, s.ageSeconds, s.estimated);
    timer.setAttribute('data-sla-state', s.sla);
    timer.setAttribute('data-age-seconds', String(s.ageSeconds));
    if (timer.getAttribute('data-icon') !== view.icon) {
      timer.setAttribute('data-icon', view.icon);
      timerIcon().replaceWith(icon(doc, view.icon, 14));
    }
    if (tLabel.textContent !== view.label) tLabel.textContent = view.label;
    tLabel.hidden = !view.label;
    if (tAge.textContent !== view.age) tAge.textContent = view.age;
    tAge.hidden = !view.age;
    timer.setAttribute('aria-label', view.title);
    timer.setAttribute('data-tip', view.title);
  };

  const drawState = (s: RowState) => {
    stateEl.setAttribute('data-state', s.state);
    sLabel.textContent = STATE_LABEL[s.state];
    stateEl.setAttribute('aria-label', `State: ${STATE_LABEL[s.state]}`);
    stateEl.setAttribute('data-tip', `State: ${STATE_LABEL[s.state]}`);
    // While the clock runs the state is a word (New, Claimed); once stopped the timer already says what happened.
    stateEl.classList.toggle('terse', s.state !== 'new' && s.state !== 'claimed');
  };

  const drawCustomer = (s: RowState) => {
    nameEl.textContent = s.customerName;
    customer.setAttribute('aria-expanded', String(s.cardOpen));
    const b = s.badge;
    const words = b ? [b.tier, b.open ? `${b.open} open` : null].filter(Boolean).join(' · ') : '';
    const label = `Customer card: ${s.customerName}${words ? ` (${b?.tier ?? 'customer'}${b?.open ? `, ${b.open} open order(s) or ticket(s)` : ''})` : ''}`;
    customer.setAttribute('aria-label', label);
    customer.setAttribute('data-tip', `${label} (o)`);
    if (!words) {
      badgeEl?.remove();
      badgeEl = null;
      return;
    }
    if (!badgeEl) {
      badgeEl = el(doc, 'span', { class: 'badge', 'data-testid': 'carebar-customer-badge' });
      customer.append(badgeEl);
    }
    badgeEl.setAttribute('data-tier', b?.tier ?? '');
    badgeEl.setAttribute('data-open', String(b?.open ?? 0));
    badgeEl.replaceChildren(
      ...(b?.tier ? [el(doc, 'span', { class: 'tier' }, b.tier)] : []),
      ...(b?.open ? [el(doc, 'span', { class: 'open' }, `${b.tier ? ' · ' : ''}${b.open} open`)] : []),
    );
  };

  const drawDm = (s: RowState) => {
    const show = s.dmReasons.length > 0 && s.state !== 'dm' && s.state !== 'closed';
    if (!show) {
      dmEl?.remove();
      dmEl = null;
      return;
    }
    const full = `Move to DM suggested: ${s.dmReasons.map((r) => DM_REASON_LABEL[r]).join(', ')}. Move to DM: m, or the ⋯ menu.`;
    if (!dmEl) {
      dmEl = el(
        doc,
        'span',
        { class: 'dm', 'data-testid': 'carebar-dm-prompt', tabindex: '0', role: 'note' },
        icon(doc, 'lock', 14),
        el(doc, 'span', { class: 'dm-words' }),
      );
      customer.nextElementSibling!.after(dmEl);
    }
    dmEl.setAttribute('data-reason', s.dmReasons.join(' '));
    dmEl.setAttribute('aria-label', full);
    dmEl.setAttribute('data-tip', full);
    const first = DM_REASON_WORD[s.dmReasons[0]];
    const words = dmEl.lastElementChild as HTMLElement;
    words.textContent = s.dmReasons.length > 1 ? `DM · ${first} +${s.dmReasons.length - 1}` : `DM · ${first}`;
  };

  const drawPrimary = (s: RowState) => {
    const action = primaryAction(s.state);
    if (!action) {
      primary.hidden = true;
      primary.removeAttribute('data-testid');
      return;
    }
    const info = ACTIONS[action];
    primary.hidden = false;
    primary.setAttribute('data-testid', info.testid);
    primary.setAttribute('data-act', action);
    primary.setAttribute('aria-label', info.label);
    primary.setAttribute('data-tip', `${info.label}${info.key ? ` (${info.key})` : ''}`);
    if (info.key) primary.setAttribute('aria-keyshortcuts', info.key.toUpperCase());
    if (primary.getAttribute('data-icon') !== info.icon) {
      primary.setAttribute('data-icon', info.icon);
      primary.firstElementChild!.replaceChildren(icon(doc, info.icon, 16));
    }
    primary.lastElementChild!.textContent = info.short;
  };

  const drawUndo = (s: RowState) => {
    clearInterval(undoTimer);
    const left = s.undoUntil === null ? 0 : Math.ceil((s.undoUntil - Date.now()) / 1000);
    if (left <= 0) {
      undoEl?.remove();
      undoEl = null;
      return;
    }
    if (!undoEl) {
      undoEl = el(
        doc,
        'button',
        { type: 'button', class: 'undo', 'data-testid': 'carebar-undo', 'aria-keyshortcuts': 'U' },
        icon(doc, 'undo', 14),
        el(doc, 'span', { class: 'u-label' }, 'Undo'),
        el(doc, 'span', { class: 'u-left' }),
      );
      primary.before(undoEl);
    }
    const tick = () => {
      const secs = Math.ceil(((current.undoUntil ?? 0) - Date.now()) / 1000);
      if (secs <= 0 || !undoEl) {
        clearInterval(undoTimer);
        undoEl?.remove();
        undoEl = null;
        if (current.undoUntil !== null) {
          current = { ...current, undoUntil: null };
          handlers.undoExpired();
        }
        return;
      }
      (undoEl.lastElementChild as HTMLElement).textContent = `${secs}s`;
      undoEl.setAttribute('aria-label', `Undo the last change (${secs} seconds left)`);
      undoEl.setAttribute('data-tip', 'Undo the last change (u)');
      undoEl.style.setProperty('--left', String(secs / 10));
    };
    tick();
    undoTimer = setInterval(tick, 250);
  };

  const drawNotice = (s: RowState) => {
    if (!s.notice) {
      noticeEl?.remove();
      noticeEl = null;
      return;
    }
    if (s.notice === FINISH_SETUP) {
      if (noticeEl?.tagName !== 'BUTTON') {
        noticeEl?.remove();
        noticeEl = el(doc, 'button', { type: 'button', class: 'notice setup-link', 'data-testid': 'carebar-finish-setup' });
        noticeEl.textContent = 'Finish setup';
        fill.after(noticeEl);
      }
      noticeEl.setAttribute('data-tip', 'Tell Carebar your brand accounts: until then every post counts');
      return;
    }
    if (noticeEl?.tagName === 'BUTTON') {
      noticeEl.remove();
      noticeEl = null;
    }
    if (!noticeEl) {
      noticeEl = el(doc, 'span', { class: 'notice', tabindex: '0', role: 'note', 'data-testid': 'carebar-notice' }, icon(doc, 'info', 16));
      fill.after(noticeEl);
    }
    noticeEl.setAttribute('aria-label', s.notice);
    noticeEl.setAttribute('data-tip', s.notice);
  };

  const drawError = (s: RowState) => {
    if (!s.error) {
      errorEl?.remove();
      errorEl = null;
      return;
    }
    if (!errorEl) {
      errorEl = el(
        doc,
        'span',
        { class: 'error', role: 'alert', tabindex: '0' },
        icon(doc, 'alert', 14),
        el(doc, 'span', { class: 'e-text' }),
      );
      fill.replaceWith(errorEl);
    }
    (errorEl.lastElementChild as HTMLElement).textContent = s.error;
    errorEl.setAttribute('data-tip', s.error);
  };

  const draw = (next: RowState, prev: RowState | null) => {
    const changed = (...keys: (keyof RowState)[]) => !prev || keys.some((k) => !same(next[k], prev[k]));
    if (changed('sla', 'state', 'ageSeconds', 'estimated')) drawTimer(next);
    if (changed('state')) drawState(next);
    if (changed('customerName', 'badge', 'cardOpen')) drawCustomer(next);
    if (changed('dmReasons', 'state')) drawDm(next);
    if (changed('state')) drawPrimary(next);
    if (changed('undoUntil')) drawUndo(next);
    if (changed('notice')) drawNotice(next);
    if (changed('error')) {
      if (!next.error && errorEl) {
        errorEl.replaceWith(fill);
        errorEl = null;
      } else drawError(next);
    }
    if (changed('busy')) bar.setAttribute('aria-busy', String(next.busy));
    if (changed('state') && openName === 'menu') closePanel('menu');
  };

  // ---- panels (menu, escalation form, tooltips, feature panels) ----------------------------------------------------

  function closePanel(name?: string) {
    for (const [key, p] of panels) {
      if (name && key !== name) continue;
      if (p.panel.hidden) continue;
      hidePanel(p.panel);
      // A panel drawn afresh each time (menu, form) leaves nothing behind: its actions exist only while it is open.
      if (p.options.rebuild) {
        p.panel.replaceChildren();
        p.built = false;
      }
      if (key === 'menu') more.setAttribute('aria-expanded', 'false');
      if (key === openName) openName = null;
      p.options.onClose?.();
    }
  }

  function preparePanel(name: string, build: (panel: HTMLElement) => void, options: PanelOptions = {}) {
    let entry = panels.get(name);
    if (!entry) {
      const panel = el(doc, 'div', {
        class: `panel ${options.className ?? ''}`.trim(),
        role: options.role ?? 'dialog',
        'data-panel': name,
        hidden: '',
      });
      if (options.label) panel.setAttribute('aria-label', options.label);
      root.append(panel);
      entry = { panel, anchor: bar, options, built: false };
      panels.set(name, entry);
    }
    entry.options = options;
    if (!entry.built || options.rebuild) {
      entry.panel.replaceChildren();
      build(entry.panel);
      entry.built = true;
    }
    return entry.panel;
  }

  function openPanel(name: string, anchor: Element, build: (panel: HTMLElement) => void, options: PanelOptions = {}) {
    if (openName && openName !== name) closePanel(openName);
    const panel = preparePanel(name, build, options);
    const entry = panels.get(name)!;
    entry.anchor = anchor;
    showPanel(panel);
    openName = name;
    placePanel(panel, boxOf(anchor), { avoid: options.avoid, align: 'end' });
    return panel;
  }

  // Panels follow their anchor when the page scrolls, and close when it leaves the screen.
  const reposition = () => {
    if (!openName) return;
    const entry = panels.get(openName);
    if (!entry || entry.panel.hidden) return;
    const box = boxOf(entry.anchor);
    const view = doc.defaultView!;
    if (box.bottom < 0 || box.top > view.innerHeight || !entry.anchor.isConnected) closePanel(openName);
    else placePanel(entry.panel, box, { avoid: entry.options.avoid, align: 'end' });
  };
  doc.defaultView?.addEventListener('scroll', reposition, { capture: true, passive: true, signal });
  doc.defaultView?.addEventListener('resize', reposition, { passive: true, signal });
  // A press outside the toolbar and its panels closes what is open.
  doc.addEventListener(
    'pointerdown',
    (event) => {
      if (!openName || openName === 'tip') return;
      const host = (root.getRootNode() as ShadowRoot).host;
      if (host && event.composedPath().includes(host)) return;
      closePanel();
    },
    { capture: true, signal },
  );

  const menuItem = (action: RowAction) => {
    const info = ACTIONS[action];
    const item = el(
      doc,
      'button',
      { type: 'button', role: 'menuitem', class: 'item', 'data-testid': info.testid, 'data-act': action, tabindex: '-1' },
      icon(doc, info.icon, 16),
      el(doc, 'span', { class: 'm-label' }, info.label),
    );
    if (info.key) {
      item.append(el(doc, 'kbd', {}, info.key));
      item.setAttribute('aria-keyshortcuts', info.key.toUpperCase());
    }
    return item;
  };

  function openMenu(focusFirst = false) {
    const actions = actionsFor(current.state).filter((a) => a !== primaryAction(current.state));
    const panel = openPanel(
      'menu',
      more,
      (p) => {
        for (const a of actions) p.append(menuItem(a));
        if (actions.length === 0) p.append(el(doc, 'p', { class: 'empty' }, 'Nothing else to do here.'));
      },
      { role: 'menu', label: 'More actions', className: 'menu', rebuild: true },
    );
    more.setAttribute('aria-expanded', 'true');
    if (focusFirst) panel.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }

  function openEscalate() {
    const panel = openPanel(
      'escalate',
      more,
      (p) => {
        const form = el(
          doc,
          'form',
          { class: 'escalate', 'data-testid': 'carebar-escalate-form' },
          el(doc, 'strong', {}, 'Escalate'),
          el(doc, 'label', {}, 'Why', el(doc, 'input', { name: 'reason', maxlength: '500', required: '', autocomplete: 'off' })),
          el(
            doc,
            'label',
            {},
            'To',
            el(doc, 'input', { name: 'target', maxlength: '100', placeholder: 'supervisor or ticket', required: '', autocomplete: 'off' }),
          ),
          el(
            doc,
            'div',
            { class: 'buttons' },
            el(doc, 'button', { type: 'submit', class: 'solid' }, 'Escalate'),
            el(doc, 'button', { type: 'button', 'data-close': '' }, 'Cancel'),
          ),
        );
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          if (!isTrusted(event)) return;
          const data = new FormData(form);
          const reason = String(data.get('reason') ?? '').trim();
          const target = String(data.get('target') ?? '').trim();
          if (!reason || !target) return;
          closePanel('escalate');
          handlers.act('escalate', `Escalated to ${target}: ${reason}`);
        });
        p.append(form);
      },
      { role: 'dialog', label: 'Escalate', className: 'form', rebuild: true },
    );
    panel.querySelector<HTMLInputElement>('input')?.focus();
  }

  // Tooltips: one per row, built on first use; on hover (after a short rest) and on keyboard focus.
  let tipTimer: ReturnType<typeof setTimeout> | undefined;
  let tipFor: Element | null = null;
  const showTip = (target: Element) => {
    const text = target.getAttribute('data-tip');
    if (!text) return;
    tipFor = target;
    let entry = panels.get('tip');
    if (!entry) {
      const panel = el(doc, 'div', { class: 'panel tip', role: 'tooltip', hidden: '' });
      root.append(panel);
      entry = { panel, anchor: target, options: {}, built: true };
      panels.set('tip', entry);
    }
    if (openName && openName !== 'tip') return; // a menu or form is open: no tooltip over it
    entry.anchor = target;
    entry.panel.textContent = text;
    showPanel(entry.panel);
    placePanel(entry.panel, boxOf(target), { prefer: ['above', 'below'], gap: 4 });
  };
  const hideTip = () => {
    clearTimeout(tipTimer);
    tipFor = null;
    const entry = panels.get('tip');
    if (entry && !entry.panel.hidden) hidePanel(entry.panel);
  };

  // ---- events --------------------------------------------------------------------------------------------------

  const targetOf = (event: Event) => (event.target as Element | null)?.closest?.('button, [data-tip]') ?? null;

  root.addEventListener(
    'click',
    (event) => {
      // The page can dispatch events into an open shadow root: only a real click acts.
      if (!isTrusted(event)) {
        event.preventDefault();
        return;
      }
      const button = (event.target as Element | null)?.closest?.('button');
      if (!button || !root.contains(button)) return;
      if (button.hasAttribute('data-close')) {
        closePanel();
        return;
      }
      hideTip();
      if (button === more) {
        if (openName === 'menu') closePanel('menu');
        else openMenu(event.detail === 0);
        return;
      }
      if (button === customer) return handlers.customer(customer);
      if (button === snippets) return handlers.snippets(snippets);
      if (button === undoEl) return handlers.undo();
      if (button === noticeEl) return handlers.finishSetup?.();
      const action = button.getAttribute('data-act') as RowAction | null;
      if (!action || current.busy) return;
      if (openName === 'menu') closePanel('menu');
      if (action === 'escalate') openEscalate();
      else handlers.act(action);
    },
    { signal },
  );
  root.addEventListener(
    'keydown',
    (event) => {
      if (!isTrusted(event)) return;
      if (event.key === 'Escape' && openName && openName !== 'tip') {
        const was = openName;
        closePanel();
        (was === 'menu' || was === 'escalate' ? more : customer).focus();
        event.preventDefault();
        return;
      }
      if (event.key === 'Escape') hideTip();
      // Arrow keys move within the menu, and along the row (a toolbar is one tab stop in spirit, but every button
      // stays reachable with Tab too).
      const target = event.target as HTMLElement;
      const inMenu = target.getAttribute('role') === 'menuitem';
      if (inMenu && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        const items = [...target.parentElement!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
        const i = items.indexOf(target);
        items[(i + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        event.preventDefault();
      } else if (!inMenu && bar.contains(target) && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
        const focusables = [...bar.querySelectorAll<HTMLElement>('button:not([hidden]), [tabindex="0"]')];
        const i = focusables.indexOf(target);
        focusables[(i + (event.key === 'ArrowRight' ? 1 : focusables.length - 1)) % focusables.length]?.focus();
        event.preventDefault();
      } else if (event.key === 'ArrowDown' && target === more) {
        openMenu(true);
        event.preventDefault();
      }
    },
    { signal },
  );
  root.addEventListener(
    'pointerover',
    (event) => {
      const t = targetOf(event);
      if (t === tipFor) return;
      clearTimeout(tipTimer);
      if (!t) return hideTip();
      tipTimer = setTimeout(() => showTip(t), 450);
    },
    { signal },
  );
  root.addEventListener('pointerleave', hideTip, { signal });
  root.addEventListener(
    'focusin',
    (event) => {
      const t = targetOf(event);
      if (t && (t as HTMLElement).matches(':focus-visible')) showTip(t);
    },
    { signal },
  );
  root.addEventListener('focusout', hideTip, { signal });
  customer.addEventListener('pointerenter', () => handlers.customerHover?.(true), { signal });
  customer.addEventListener('pointerleave', () => handlers.customerHover?.(false), { signal });

  const row: ToolbarRow = {
    root,
    get: () => current,
    set(patch) {
      const prev = current;
      const next = { ...current, ...patch };
      if ((Object.keys(patch) as (keyof RowState)[]).every((k) => same(prev[k], next[k]))) return;
      current = next;
      draw(next, prev);
    },
    slot: (name) => q<HTMLElement>(`[data-slot="${name}"]`),
    openMenu,
    openEscalate,
    openPanel,
    preparePanel,
    isOpen: (name) => openName === name,
    closePanel,
    focus: () => (primary.hidden ? more : primary).focus(),
    destroy() {
      abort.abort();
      clearInterval(undoTimer);
      clearTimeout(tipTimer);
      closePanel();
      root.remove();
    },
  };
  current = { ...INITIAL_ROW, ...initial };
  draw(current, null);
  return row;
}
