// The toolbar row's interactive parts, loaded with the interactive UI on first use (lib/content/overlay-ui.ts): the
// "⋯" menu, the escalation form, tooltips, arrow-key moves and every panel a row opens (placed next to its anchor,
// in the top layer, so the row never changes height). The row at rest (./toolbar-row.ts) hands over the clicks and
// keys it does not handle itself; the panels' CSS is adopted into a row's shadow root when it first needs one (or
// when the row draws what only an action or team mode leaves in it: undo, busy, the DM flow's hints, the team badge).
import { ACTIONS, actionsFor, primaryAction, type RowAction } from '../../lib/shared/toolbar-view';
import { el } from './dom';
import { maskIcon } from './icons';
import { boxOf, placePanel } from './place';
import panelsCss from './row-panels.css?inline';
import type { PanelOptions, RowCore, RowPanels } from './toolbar-row';

interface Entry {
  panel: HTMLElement;
  anchor: Element;
  options: PanelOptions;
  built: boolean;
}
interface State {
  panels: Map<string, Entry>;
  /** The open panel's name (the tooltip is not one). */
  open: string | null;
  tip: HTMLElement | null;
  /** The element whose tooltip is shown (or waits for the pointer to rest), and the wait. */
  tipFor: Element | null;
  tipTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the pointer is on the customer chip. */
  onChip: boolean;
  /** The row's own pointer and focus listeners, from the moment the agent reached it. */
  engaged: AbortController | null;
  /** The undo offer's button while it is shown, and its countdown. */
  undoEl: HTMLButtonElement | null;
  undoTimer: ReturnType<typeof setInterval> | undefined;
}

const states = new WeakMap<RowCore, State>();
const stateOf = (row: RowCore): State => {
  let s = states.get(row);
  if (!s) {
    s = {
      panels: new Map(),
      open: null,
      tip: null,
      tipFor: null,
      tipTimer: undefined,
      onChip: false,
      engaged: null,
      undoEl: null,
      undoTimer: undefined,
    };
    states.set(row, s);
  }
  return s;
};

// ---- the panels' stylesheet, once per shadow root ------------------------------------------------------------

let sheet: CSSStyleSheet | null | undefined;
const styled = new WeakSet<Node>();

/** The panels' sheet in the shadow root `node` is in (a row's part, or the toolbar's shadow root itself). */
export function adoptPanelsCss(node: Node) {
  const shadow = node.getRootNode() as ShadowRoot;
  if (shadow.nodeType !== 11 || styled.has(shadow)) return; // 11: a shadow root (not yet in one: nothing to style)
  styled.add(shadow);
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(panelsCss);
    } catch {
      sheet = null;
    }
  }
  // Beside the row's own adopted sheet (lib/content/shadow-host.ts); where that fell back to a <style> (Firefox
  // content scripts may not hand their sheets to the page's shadow roots), a <style> too.
  const adopted = shadow.adoptedStyleSheets as CSSStyleSheet[] | undefined;
  if (sheet && adopted?.length) {
    try {
      shadow.adoptedStyleSheets = [...adopted, sheet];
      return;
    } catch {
      sheet = null;
    }
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = panelsCss;
  shadow.append(style);
}

// ---- showing, placing, following the page ---------------------------------------------------------------------

const supportsPopover = (panel: HTMLElement) => typeof (panel as { showPopover?: unknown }).showPopover === 'function';

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

/** Rows with an open panel, per document; the document's scroll, resize and press listeners exist only meanwhile. */
const watched = new WeakMap<Document, { rows: Set<RowCore>; stop: AbortController }>();

function watchOpen(row: RowCore, open: boolean) {
  const { doc } = row;
  let w = watched.get(doc);
  if (!open) {
    if (w?.rows.delete(row) && w.rows.size === 0) {
      w.stop.abort();
      watched.delete(doc);
    }
    return;
  }
  if (!w) {
    w = { rows: new Set(), stop: new AbortController() };
    watched.set(doc, w);
    const { rows, stop } = w;
    // Panels follow their anchor when the page scrolls, and close when it leaves the screen.
    const reposition = () => {
      for (const r of [...rows]) {
        const s = stateOf(r);
        const entry = s.open ? s.panels.get(s.open) : undefined;
        if (!entry || entry.panel.hidden) continue;
        const box = boxOf(entry.anchor);
        if (box.bottom < 0 || box.top > doc.defaultView!.innerHeight || !entry.anchor.isConnected) closePanel(r, s.open!);
        else placePanel(entry.panel, box, { avoid: entry.options.avoid, align: 'end' });
      }
    };
    doc.defaultView?.addEventListener('scroll', reposition, { capture: true, passive: true, signal: stop.signal });
    doc.defaultView?.addEventListener('resize', reposition, { passive: true, signal: stop.signal });
    // A press outside the toolbar and its panels closes what is open.
    doc.addEventListener(
      'pointerdown',
      (event) => {
        const path = event.composedPath();
        for (const r of [...rows]) {
          const host = (r.root.getRootNode() as ShadowRoot).host ?? r.root;
          if (!path.includes(host)) closePanel(r);
        }
      },
      { capture: true, signal: stop.signal },
    );
  }
  w.rows.add(row);
}

// ---- panels ---------------------------------------------------------------------------------------------------

function closePanel(row: RowCore, name?: string) {
  const s = states.get(row);
  if (!s) return;
  if (!name) hideTip(row);
  for (const [key, p] of s.panels) {
    if (name && key !== name) continue;
    if (p.panel.hidden) continue;
    hidePanel(p.panel);
    // A panel drawn afresh each time (menu, form) leaves nothing behind: its actions exist only while it is open.
    if (p.options.rebuild) {
      p.panel.replaceChildren();
      p.built = false;
    }
    if (key === 'menu') row.more.setAttribute('aria-expanded', 'false');
    if (key === s.open) s.open = null;
    p.options.onClose?.();
  }
  if (!s.open) watchOpen(row, false);
}

function preparePanel(row: RowCore, name: string, build: (panel: HTMLElement) => void, options: PanelOptions = {}) {
  const s = stateOf(row);
  let entry = s.panels.get(name);
  if (!entry) {
    adoptPanelsCss(row.root);
    const panel = el(row.doc, 'div', {
      class: `panel ${options.className ?? ''}`.trim(),
      role: options.role ?? 'dialog',
      'data-panel': name,
      hidden: '',
    });
    if (options.label) panel.setAttribute('aria-label', options.label);
    row.root.append(panel);
    entry = { panel, anchor: row.bar, options, built: false };
    s.panels.set(name, entry);
  }
  entry.options = options;
  if (!entry.built || options.rebuild) {
    entry.panel.replaceChildren();
    build(entry.panel);
    entry.built = true;
  }
  return entry.panel;
}

function openPanel(row: RowCore, name: string, anchor: Element, build: (panel: HTMLElement) => void, options: PanelOptions = {}) {
  const s = stateOf(row);
  if (s.open && s.open !== name) closePanel(row, s.open);
  const panel = preparePanel(row, name, build, options);
  s.panels.get(name)!.anchor = anchor;
  showPanel(panel);
  s.open = name;
  watchOpen(row, true);
  placePanel(panel, boxOf(anchor), { avoid: options.avoid, align: 'end' });
  return panel;
}

const menuItem = (row: RowCore, action: RowAction) => {
  const { doc } = row;
  const info = ACTIONS[action];
  const item = el(
    doc,
    'button',
    { type: 'button', role: 'menuitem', class: 'item', 'data-testid': info.testid, 'data-act': action, tabindex: '-1' },
    maskIcon(doc, info.icon, 16),
    el(doc, 'span', { class: 'm-label' }, info.label),
  );
  if (info.key) {
    item.append(el(doc, 'kbd', {}, info.key));
    item.setAttribute('aria-keyshortcuts', info.key.toUpperCase());
  }
  return item;
};

function openMenu(row: RowCore, focusFirst: boolean) {
  const { doc } = row;
  const state = row.get().state;
  const actions = actionsFor(state).filter((a) => a !== primaryAction(state));
  const panel = openPanel(
    row,
    'menu',
    row.more,
    (p) => {
      for (const a of actions) p.append(menuItem(row, a));
      if (actions.length === 0) p.append(el(doc, 'p', { class: 'empty' }, 'Nothing else to do here.'));
    },
    { role: 'menu', label: 'More actions', className: 'menu', rebuild: true },
  );
  row.more.setAttribute('aria-expanded', 'true');
  if (focusFirst) panel.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
}

function openEscalate(row: RowCore) {
  const { doc } = row;
  const panel = openPanel(
    row,
    'escalate',
    row.more,
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
      // A submit does not leave the shadow root: the form listens itself (built afresh on each open).
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!row.isTrusted(event)) return;
        const data = new FormData(form);
        const reason = String(data.get('reason') ?? '').trim();
        const target = String(data.get('target') ?? '').trim();
        if (!reason || !target) return;
        closePanel(row, 'escalate');
        row.handlers.act('escalate', `Escalated to ${target}: ${reason}`);
      });
      p.append(form);
    },
    { role: 'dialog', label: 'Escalate', className: 'form', rebuild: true },
  );
  panel.querySelector<HTMLInputElement>('input')?.focus();
}

// ---- tooltips and the pointer ---------------------------------------------------------------------------------

// One tooltip per row, built on first use; on hover (after a short rest) and on keyboard focus.
function showTip(row: RowCore, target: Element) {
  const text = target.getAttribute('data-tip');
  if (!text || !target.isConnected) return;
  const s = stateOf(row);
  s.tipFor = target;
  if (s.open) return; // a menu or form is open: no tooltip over it
  if (!s.tip) {
    adoptPanelsCss(row.root);
    s.tip = el(row.doc, 'div', { class: 'panel tip', role: 'tooltip', hidden: '' });
    row.root.append(s.tip);
  }
  s.tip.textContent = text;
  showPanel(s.tip);
  placePanel(s.tip, boxOf(target), { prefer: ['above', 'below'], gap: 4 });
}

function hideTip(row: RowCore) {
  const s = states.get(row);
  if (!s) return;
  clearTimeout(s.tipTimer);
  s.tipFor = null;
  if (s.tip && !s.tip.hidden) hidePanel(s.tip);
}

const tipTarget = (target: Element | null) => target?.closest?.('button, [data-tip]') ?? null;

/** The pointer is on `target` in the row (null: it left the row). */
function pointerAt(row: RowCore, target: Element | null) {
  const s = stateOf(row);
  const onChip = !!target && row.customer.contains(target);
  if (onChip !== s.onChip) {
    s.onChip = onChip;
    row.handlers.customerHover?.(onChip);
  }
  const t = tipTarget(target);
  if (t === s.tipFor) return;
  clearTimeout(s.tipTimer);
  if (!t) return hideTip(row);
  s.tipTimer = setTimeout(() => showTip(row, t), 450);
}

function focusAt(row: RowCore, target: Element) {
  const t = tipTarget(target);
  if (t?.matches(':focus-visible')) showTip(row, t);
}

/**
 * The pointer or the focus reached the row: from now on the row's root follows them (moves inside one shadow root do
 * not reach the document). Only rows the agent reaches get these listeners.
 */
function engage(row: RowCore, target: Element, late: boolean) {
  const s = stateOf(row);
  if (!s.engaged) {
    s.engaged = new AbortController();
    const options = { passive: true, signal: s.engaged.signal };
    const { root } = row;
    root.addEventListener('pointerover', (event) => pointerAt(row, event.target as Element), options);
    root.addEventListener('pointerleave', () => pointerAt(row, null), options);
    root.addEventListener('focusin', (event) => focusAt(row, event.target as Element), options);
    root.addEventListener('focusout', () => hideTip(row), options);
  }
  // Added while the event that reached the row was on its way, they take that event too; one from before these
  // parts were loaded is read again from where the pointer and the focus are now.
  if (!late) return;
  if (target.matches(':hover')) pointerAt(row, target);
  if (target.matches(':focus')) focusAt(row, target);
}

// ---- the undo offer ------------------------------------------------------------------------------------------

/**
 * The undo offer after an action (the row's `undoUntil`): a button before the primary action with the seconds left,
 * drawn as a shrinking fill; gone when the time is up (the row then forgets the offer) or the row withdraws it.
 */
function undo(row: RowCore) {
  const { doc } = row;
  const s = stateOf(row);
  clearInterval(s.undoTimer);
  const tick = () => {
    const until = row.get().undoUntil;
    const secs = until === null ? 0 : Math.ceil((until - Date.now()) / 1000);
    if (secs <= 0) {
      clearInterval(s.undoTimer);
      s.undoEl?.remove();
      s.undoEl = null;
      row.undoExpired();
      return false;
    }
    if (!s.undoEl) {
      adoptPanelsCss(row.root);
      s.undoEl = el(
        doc,
        'button',
        { type: 'button', class: 'undo', 'data-testid': 'carebar-undo', 'aria-keyshortcuts': 'U', 'data-tip': 'Undo the last change (u)' },
        maskIcon(doc, 'undo', 14),
        el(doc, 'span', { class: 'u-label' }, 'Undo'),
        el(doc, 'span', { class: 'u-left' }),
      );
      row.primary.before(s.undoEl);
    }
    (s.undoEl.lastElementChild as HTMLElement).textContent = `${secs}s`;
    s.undoEl.setAttribute('aria-label', `Undo the last change (${secs} seconds left)`);
    s.undoEl.style.setProperty('--left', String(secs / 10));
    return true;
  };
  if (tick()) s.undoTimer = setInterval(tick, 250);
}

// ---- clicks and keys ------------------------------------------------------------------------------------------

function click(row: RowCore, button: HTMLElement, detail: number) {
  const s = stateOf(row);
  if (button.hasAttribute('data-close')) return closePanel(row);
  if (button === row.more) {
    if (s.open === 'menu') closePanel(row, 'menu');
    else openMenu(row, detail === 0); // from the keyboard: into the menu
    return;
  }
  const action = button.getAttribute('data-act') as RowAction | null;
  if (!action || row.get().busy) return;
  if (s.open === 'menu') closePanel(row, 'menu');
  if (action === 'escalate') openEscalate(row);
  else row.handlers.act(action);
}

function key(row: RowCore, key: string, target: HTMLElement): boolean {
  const s = stateOf(row);
  if (key === 'Escape' && s.open) {
    const was = s.open;
    closePanel(row);
    (was === 'menu' || was === 'escalate' ? row.more : row.customer).focus();
    return true;
  }
  if (key === 'Escape') hideTip(row);
  // Arrow keys move within the menu, and along the row (a toolbar is one tab stop in spirit, but every button stays
  // reachable with Tab too).
  const inMenu = target.getAttribute('role') === 'menuitem';
  if (inMenu && (key === 'ArrowDown' || key === 'ArrowUp')) {
    const items = [...target.parentElement!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const i = items.indexOf(target);
    items[(i + (key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    return true;
  }
  if (!inMenu && row.bar.contains(target) && (key === 'ArrowRight' || key === 'ArrowLeft')) {
    const focusables = [...row.bar.querySelectorAll<HTMLElement>('button:not([hidden]), [tabindex="0"]')];
    const i = focusables.indexOf(target);
    focusables[(i + (key === 'ArrowRight' ? 1 : focusables.length - 1)) % focusables.length]?.focus();
    return true;
  }
  if (key === 'ArrowDown' && target === row.more) {
    openMenu(row, true);
    return true;
  }
  return false;
}

export const rowPanels: RowPanels = {
  engage,
  click,
  key,
  hideTip,
  openMenu,
  openEscalate,
  openPanel,
  preparePanel,
  isOpen: (row, name) => {
    const open = states.get(row)?.open ?? null;
    return name ? open === name : open !== null;
  },
  closePanel,
  style: (row) => adoptPanelsCss(row.root),
  undo,
  destroy(row) {
    clearInterval(states.get(row)?.undoTimer);
    closePanel(row);
    watchOpen(row, false);
    states.get(row)?.engaged?.abort();
    states.delete(row);
  },
};
