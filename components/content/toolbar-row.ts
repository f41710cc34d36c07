// The toolbar row: one quiet line of fixed height under a post, drawn with plain DOM (a toolbar at rest costs a
// template clone and a few text writes, no framework, no listener of its own). Timer, state, customer chip, the DM
// chip, then the primary action, Snippets and "⋯". One set of listeners per document serves every row (capture
// phase, the row found through the event's composed path). The "⋯" menu, the escalation form, tooltips, arrow-key
// moves and every floating panel come with the interactive UI loaded on first use (./row-panels.ts, handed in as
// `loadPanels`): a click or key that arrives before it is loaded acts once it is there. Page text is set as text only.
import type { DetectReason } from '../../lib/shared/detect/types';
import type { ItemState } from '../../lib/shared/model';
import type { SlaState } from '../../lib/shared/sla';
import { PRIMARY_ACTIONS, primaryAction, STATE_LABEL, timerView, type RowAction } from '../../lib/shared/toolbar-view';
import { el } from './dom';
import { maskIcon, type IconName } from './icons';
import type { Box } from './place';

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

/** One template per document, cloned per toolbar: the resting row costs a clone, not a build. */
const templates = new WeakMap<Document, HTMLElement>();

function template(doc: Document): HTMLElement {
  let t = templates.get(doc);
  if (t) return t;
  const iconButton = (testid: string, name: IconName, label: string, extra: Record<string, string> = {}) =>
    el(doc, 'button', {
      type: 'button',
      class: 'icon mi s18',
      'data-i': name,
      'data-testid': testid,
      'aria-label': label,
      'data-tip': label,
      ...extra,
    });
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
        { class: 'timer mi s14', 'data-testid': 'carebar-timer', tabindex: '-1', 'data-i': 'clock' },
        el(doc, 'span', { class: 't-label', hidden: '' }),
        el(doc, 'span', { class: 't-age', hidden: '' }),
      ),
      el(doc, 'span', { class: 'state', 'data-testid': 'carebar-state' }, el(doc, 'span', { class: 's-label' })),
      el(
        doc,
        'button',
        {
          type: 'button',
          class: 'customer mi s16',
          'data-i': 'user',
          'data-testid': 'carebar-customer',
          'aria-expanded': 'false',
          'aria-haspopup': 'dialog',
        },
        el(doc, 'span', { class: 'name' }),
      ),
      el(doc, 'span', { class: 'fill' }),
      // The primary action's icon (`data-i`) is set when drawn.
      el(doc, 'button', { type: 'button', class: 'primary mi s16', hidden: '' }, el(doc, 'span', { class: 'p-label' })),
      iconButton('carebar-snippets', 'snippets', 'Snippets (s)', { 'aria-keyshortcuts': 'S' }),
      iconButton('carebar-more', 'more', 'More actions', { 'aria-haspopup': 'menu', 'aria-expanded': 'false' }),
    ),
  );
  const bar = t.firstElementChild!;
  paintState(bar.children[1] as HTMLElement, TEMPLATE_STATE);
  paintPrimary(bar.children[4] as HTMLButtonElement, TEMPLATE_STATE);
  templates.set(doc, t);
  return t;
}

/** The state chip's word and names. */
function paintState(stateEl: HTMLElement, state: ItemState) {
  const label = STATE_LABEL[state];
  stateEl.setAttribute('data-state', state);
  stateEl.firstElementChild!.textContent = label;
  stateEl.setAttribute('aria-label', `State: ${label}`);
  stateEl.setAttribute('data-tip', `State: ${label}`);
  // While the clock runs the state is a word (New, Claimed); once stopped the timer already says what happened.
  stateEl.classList.toggle('terse', state !== 'new' && state !== 'claimed');
}

/** The primary action for a state (Claim for a new item), or none. */
function paintPrimary(primary: HTMLButtonElement, state: ItemState) {
  const action = primaryAction(state);
  if (!action) {
    primary.hidden = true;
    primary.removeAttribute('data-testid');
    return;
  }
  const info = PRIMARY_ACTIONS[action];
  primary.hidden = false;
  primary.setAttribute('data-testid', info.testid);
  primary.setAttribute('data-act', action);
  primary.setAttribute('aria-label', info.label);
  primary.setAttribute('data-tip', `${info.label}${info.key ? ` (${info.key})` : ''}`);
  if (info.key) primary.setAttribute('aria-keyshortcuts', info.key.toUpperCase());
  else primary.removeAttribute('aria-keyshortcuts');
  primary.setAttribute('data-i', info.icon);
  primary.firstElementChild!.textContent = info.short;
}

/** The state the template is painted in (most rows start there: their first draw leaves the state chip and primary). */
const TEMPLATE_STATE: ItemState = 'new';

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
  /** That slot if a feature has drawn in it (a feature with nothing to show need not make one). */
  hasSlot(name: 'state' | 'identity' | 'actions'): boolean;
  openMenu(focusFirst?: boolean): void;
  openEscalate(): void;
  /**
   * A panel anchored to an element of the row, in the top layer: `build` fills it the first time; `closePanel(name)`
   * closes it. Only one panel is open at a time. Panels come with the interactive UI: the first one opens once it
   * is loaded.
   */
  openPanel(name: string, anchor: Element, build: (panel: HTMLElement) => void, options?: PanelOptions): void;
  /** Build a panel without showing it (e.g. load the customer card's frame while the pointer rests on its chip). */
  preparePanel(name: string, build: (panel: HTMLElement) => void, options?: PanelOptions): void;
  isOpen(name: string): boolean;
  closePanel(name?: string): void;
  focus(): void;
  /** Stop the row (its countdown, its panels). Its root stays where it is: it goes with the host it was drawn in. */
  destroy(): void;
}

/** What the row's interactive parts (./row-panels.ts) use of a row. */
export interface RowCore {
  doc: Document;
  root: HTMLElement;
  bar: HTMLElement;
  primary: HTMLButtonElement;
  more: HTMLButtonElement;
  customer: HTMLButtonElement;
  handlers: RowHandlers;
  isTrusted(event: Event): boolean;
  get(): RowState;
  /** The undo offer ran out (its countdown ended): the row forgets it without drawing. */
  undoExpired(): void;
}

/** The row's interactive parts (./row-panels.ts): the "⋯" menu, the escalation form, tooltips, arrow keys, panels. */
export interface RowPanels {
  /**
   * The pointer or the focus reached the row (`target`, where it is; `late`: the interactive parts were loaded after
   * it happened). From here on the row follows them itself: tooltips and the customer chip's hover.
   */
  engage(row: RowCore, target: Element, late: boolean): void;
  /** A real click on a button the row at rest leaves to them ("⋯", a menu item, Escalate, Cancel). */
  click(row: RowCore, button: HTMLElement, detail: number): void;
  /** A real key press in the row or its panels; true when it was used (its default is then prevented). */
  key(row: RowCore, key: string, target: HTMLElement): boolean;
  hideTip(row: RowCore): void;
  openMenu(row: RowCore, focusFirst: boolean): void;
  openEscalate(row: RowCore): void;
  openPanel(row: RowCore, name: string, anchor: Element, build: (panel: HTMLElement) => void, options?: PanelOptions): void;
  preparePanel(row: RowCore, name: string, build: (panel: HTMLElement) => void, options?: PanelOptions): void;
  /** Whether that panel (without a name: any panel but the tooltip) is open. */
  isOpen(row: RowCore, name?: string): boolean;
  closePanel(row: RowCore, name?: string): void;
  /** The row draws what only an action leaves (busy): its rules come with these parts' stylesheet. */
  style(row: RowCore): void;
  /** Draw the row's undo offer (`undoUntil`) with its countdown, or take it away. */
  undo(row: RowCore): void;
  destroy(row: RowCore): void;
}

/** Hands over the row's interactive parts: at once when they are loaded, otherwise a promise of them. */
export type LoadRowPanels = () => RowPanels | PromiseLike<RowPanels>;

export interface RowDeps {
  /** The interactive parts, asked for on first need (a stable function: what it gave is kept for every row). */
  loadPanels: LoadRowPanels;
  /** Which events a person made (tests on jsdom, where no event is trusted, pass their own). */
  isTrusted?: (event: Event) => boolean;
  /** Called before the row does what a caller asked (focus, the menu, the escalation form, a panel): e.g. put it in the page. */
  beforeUse?: () => void;
}

// ---- one set of listeners per document ------------------------------------------------------------------------

interface Controller extends RowCore {
  click(event: MouseEvent, target: Element): void;
  keydown(event: KeyboardEvent, target: HTMLElement): void;
  /** Run `work` with the interactive parts: now when loaded, otherwise once they are (`opens`: the panel it opens). */
  need(work: (panels: RowPanels) => void, opens?: string): void;
  loaded(): RowPanels | null;
}

/** Every live row, by its root element. */
const rows = new WeakMap<EventTarget, Controller>();
/** What a loader gave, so rows after the first get it at once. */
const loadedBy = new WeakMap<LoadRowPanels, RowPanels>();
const listening = new WeakSet<Document>();

/** The row an event happened in (its root is on the event's composed path: toolbar shadow roots are open). */
function rowOf(event: Event): { row: Controller; target: Element } | null {
  const path = event.composedPath();
  for (const node of path) {
    const row = rows.get(node);
    if (row) return { row, target: path[0] as Element };
  }
  return null;
}

/**
 * Clicks and keys reach the document from inside any row. Pointer and focus moves within one row do not (seen from
 * outside its shadow root, nothing moved): the document sees only the pointer or the focus arriving at a row, and
 * the row's interactive parts follow it from there.
 */
function listen(doc: Document) {
  if (listening.has(doc)) return;
  listening.add(doc);
  doc.addEventListener(
    'click',
    (event) => {
      const found = rowOf(event);
      if (found) found.row.click(event, found.target);
    },
    true,
  );
  doc.addEventListener(
    'keydown',
    (event) => {
      const found = rowOf(event);
      if (found) found.row.keydown(event, found.target as HTMLElement);
    },
    true,
  );
  const arrive = (event: Event) => {
    // Pointer moves over the page are many: only one reaching a shadow host looks further.
    if (event.type === 'pointerover' && !(event.target as Element | null)?.shadowRoot) return;
    const found = rowOf(event);
    if (!found) return;
    const { row, target } = found;
    const late = !row.loaded();
    row.need((panels) => panels.engage(row, target, late));
  };
  doc.addEventListener('pointerover', arrive, { capture: true, passive: true });
  doc.addEventListener('focusin', arrive, { capture: true, passive: true });
}

/**
 * Build a row. `handlers` run only for trusted events (a real click or key press, never the page's synthetic
 * events: issue 11, finding 8).
 */
export function createToolbarRow(doc: Document, handlers: RowHandlers, initial: Partial<RowState>, deps: RowDeps): ToolbarRow {
  const { loadPanels, isTrusted = (event: Event) => event.isTrusted, beforeUse } = deps;
  listen(doc);
  const root = template(doc).cloneNode(true) as HTMLElement;
  const bar = root.firstElementChild as HTMLElement;
  // The template's parts by position (no query per row; indexed, not destructured: an HTMLCollection's iterator costs
  // more than the rest of this): timer, state, customer, fill, primary, Snippets, ⋯ (see template()).
  const parts = bar.children;
  const timer = parts[0] as HTMLElement;
  const stateEl = parts[1] as HTMLElement;
  const customer = parts[2] as HTMLButtonElement;
  const fill = parts[3] as HTMLElement;
  const primary = parts[4] as HTMLButtonElement;
  const snippets = parts[5] as HTMLButtonElement;
  const more = parts[6] as HTMLButtonElement;
  const tLabel = timer.firstElementChild as HTMLElement;
  const tAge = timer.lastElementChild as HTMLElement;
  const nameEl = customer.lastElementChild as HTMLElement;
  const slots: Partial<Record<'state' | 'identity' | 'actions', HTMLElement>> = {};
  let badgeEl: HTMLElement | null = null;
  let dmEl: HTMLElement | null = null;
  let noticeEl: HTMLElement | null = null;
  let errorEl: HTMLElement | null = null;
  let current: RowState = { ...INITIAL_ROW };
  let alive = true;
  /** Work waiting for the interactive parts (a click, a key, a panel to open), in order. */
  const pending: { opens: string | undefined; work: (panels: RowPanels) => void }[] = [];

  // ---- drawing -------------------------------------------------------------------------------------------------

  // What the timer shows, so a tick (every second while on screen) writes only what changed: the age in seconds,
  // and the words once a minute or so.
  let shownTimer = { sla: '', icon: 'clock', label: '', age: '', title: '' }; // as in the template
  const drawTimer = (s: RowState) => {
    if (!s.sla) {
      timer.hidden = true;
      return;
    }
    timer.hidden = false;
    const view = timerView(s.sla, s.state, s.ageSeconds, s.estimated);
    const shown = shownTimer;
    shownTimer = { sla: s.sla, ...view };
    timer.setAttribute('data-age-seconds', String(s.ageSeconds));
    if (shown.sla !== s.sla) timer.setAttribute('data-sla-state', s.sla);
    if (shown.icon !== view.icon) timer.setAttribute('data-i', view.icon);
    if (shown.label !== view.label) {
      tLabel.textContent = view.label;
      tLabel.hidden = !view.label;
    }
    if (shown.age !== view.age) {
      tAge.textContent = view.age;
      tAge.hidden = !view.age;
    }
    if (shown.title !== view.title) {
      timer.setAttribute('aria-label', view.title);
      timer.setAttribute('data-tip', view.title);
    }
  };

  const drawState = (s: RowState) => paintState(stateEl, s.state);
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
        maskIcon(doc, 'lock', 14),
        el(doc, 'span', { class: 'dm-words' }),
      );
      (slots.identity ?? customer).after(dmEl);
    }
    dmEl.setAttribute('data-reason', s.dmReasons.join(' '));
    dmEl.setAttribute('aria-label', full);
    dmEl.setAttribute('data-tip', full);
    const first = DM_REASON_WORD[s.dmReasons[0]];
    const words = dmEl.lastElementChild as HTMLElement;
    words.textContent = s.dmReasons.length > 1 ? `DM · ${first} +${s.dmReasons.length - 1}` : `DM · ${first}`;
  };

  // Undo and busy follow an action, which the pointer or the focus reaching the row (or a shortcut) came before: the
  // interactive parts are loaded or on their way by then. They draw the undo offer and its countdown, and their sheet
  // styles both (neither is shipped at rest).
  const aftermath = (work: (panels: RowPanels) => void) => {
    beforeUse?.();
    ctrl.need(work);
  };

  const drawPrimary = (s: RowState) => paintPrimary(primary, s.state);
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
      noticeEl = el(
        doc,
        'span',
        { class: 'notice', tabindex: '0', role: 'note', 'data-testid': 'carebar-notice' },
        maskIcon(doc, 'info', 16),
      );
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
        maskIcon(doc, 'alert', 14),
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
    // A first draw in the template's state leaves what the template already shows.
    const newState = changed('state') && (prev !== null || next.state !== TEMPLATE_STATE);
    if (newState) drawState(next);
    if (changed('customerName', 'badge', 'cardOpen')) drawCustomer(next);
    if (changed('dmReasons', 'state')) drawDm(next);
    if (newState) drawPrimary(next);
    if (changed('undoUntil') && (next.undoUntil !== null || prev?.undoUntil)) aftermath((p) => p.undo(ctrl));
    if (changed('notice')) drawNotice(next);
    if (changed('error')) {
      if (!next.error && errorEl) {
        errorEl.replaceWith(fill);
        errorEl = null;
      } else drawError(next);
    }
    if (changed('busy')) {
      bar.setAttribute('aria-busy', String(next.busy));
      if (next.busy) aftermath((p) => p.style(ctrl));
    }
    // A menu drawn for the old state offers what may no longer apply.
    if (changed('state') && prev) ctrl.loaded()?.closePanel(ctrl, 'menu');
  };

  // ---- events (from the document's listeners) and the interactive parts -------------------------------------------

  const loaded = () => loadedBy.get(loadPanels) ?? null;
  const ready = (panels: RowPanels) => {
    loadedBy.set(loadPanels, panels);
    if (!alive) return;
    for (const { work } of pending.splice(0)) work(panels);
  };
  const failed = () => {
    pending.length = 0;
    if (alive) row.set({ error: 'Carebar could not load this part of the toolbar: reload the page' });
  };

  const ctrl: Controller = {
    doc,
    root,
    bar,
    primary,
    more,
    customer,
    handlers,
    isTrusted,
    get: () => current,
    undoExpired() {
      if (current.undoUntil === null) return;
      current = { ...current, undoUntil: null };
      handlers.undoExpired();
    },
    loaded,
    need(work, opens) {
      const panels = loaded();
      if (panels) return work(panels);
      pending.push({ opens, work });
      if (pending.length > 1) return; // already asked for
      try {
        const got = loadPanels();
        if ('then' in got && typeof got.then === 'function') got.then(ready, failed);
        else ready(got as RowPanels);
      } catch {
        failed();
      }
    },
    click(event, target) {
      // The page can dispatch events into an open shadow root: only a real click acts.
      if (!isTrusted(event)) {
        event.preventDefault();
        return;
      }
      const button = target.closest?.('button');
      if (!button || !root.contains(button)) return;
      loaded()?.hideTip(ctrl);
      if (button === customer) return handlers.customer(customer);
      if (button === snippets) return handlers.snippets(snippets);
      if (button.classList.contains('undo')) return handlers.undo();
      if (button === noticeEl) return handlers.finishSetup?.();
      const action = button.getAttribute('data-act') as RowAction | null;
      if (button === primary && action && action !== 'escalate') {
        if (current.busy) return;
        loaded()?.closePanel(ctrl, 'menu');
        return handlers.act(action);
      }
      // "⋯", the menu's items, Escalate and Cancel: the interactive parts (once loaded, if they are not yet).
      if (button === more || action || button.hasAttribute('data-close')) {
        const detail = event.detail;
        ctrl.need((panels) => panels.click(ctrl, button, detail), button === more ? 'menu' : undefined);
      }
    },
    keydown(event, target) {
      if (!isTrusted(event)) return;
      const panels = loaded();
      const key = event.key;
      if (panels) {
        if (panels.key(ctrl, key, target)) event.preventDefault();
        return;
      }
      // Before the interactive parts are loaded nothing floats: only arrow keys along the row (and into the menu).
      if (((key === 'ArrowRight' || key === 'ArrowLeft') && bar.contains(target)) || (key === 'ArrowDown' && target === more)) {
        event.preventDefault();
        ctrl.need((p) => p.key(ctrl, key, target), key === 'ArrowDown' ? 'menu' : undefined);
      }
    },
  };
  rows.set(root, ctrl);

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
    hasSlot: (name) => !!slots[name],
    slot(name) {
      let slot = slots[name];
      if (slot) return slot;
      // Made on first use (most rows never need one), in its place: state after the state, identity after the
      // customer, actions before Undo and the primary action.
      slot = slots[name] = el(doc, 'span', { class: 'slot', 'data-slot': name });
      if (name === 'state') stateEl.after(slot);
      else if (name === 'identity') customer.after(slot);
      else (bar.querySelector('.undo') ?? primary).before(slot);
      return slot;
    },
    openMenu(focusFirst = false) {
      beforeUse?.();
      ctrl.need((p) => p.openMenu(ctrl, focusFirst), 'menu');
    },
    openEscalate() {
      beforeUse?.();
      ctrl.need((p) => p.openEscalate(ctrl), 'escalate');
    },
    openPanel(name, anchor, build, options) {
      beforeUse?.();
      ctrl.need((p) => p.openPanel(ctrl, name, anchor, build, options), name);
    },
    preparePanel: (name, build, options) => ctrl.need((p) => p.preparePanel(ctrl, name, build, options)),
    isOpen: (name) => loaded()?.isOpen(ctrl, name) ?? false,
    closePanel(name) {
      const panels = loaded();
      if (panels) return panels.closePanel(ctrl, name);
      // Not loaded yet: nothing is open, but a panel waiting to open stays closed.
      for (let i = pending.length - 1; i >= 0; i--) {
        const opens = pending[i].opens;
        if (opens && (!name || opens === name)) pending.splice(i, 1);
      }
    },
    focus() {
      beforeUse?.();
      (primary.hidden ? more : primary).focus();
    },
    destroy() {
      alive = false;
      pending.length = 0;
      loaded()?.destroy(ctrl);
      rows.delete(root);
    },
  };
  current = { ...INITIAL_ROW, ...initial };
  draw(current, null);
  return row;
}
