// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { choosePlacement } from '../../components/content/place';
import { rowPanels } from '../../components/content/row-panels';
import { createToolbarRow, type LoadRowPanels, type RowHandlers, type RowPanels } from '../../components/content/toolbar-row';
import type { ItemState } from '../../lib/shared/model';
import { actionsFor, primaryAction, timerView } from '../../lib/shared/toolbar-view';
import { allowedNext } from '../../lib/shared/state-machine';

const STATES: ItemState[] = ['new', 'claimed', 'replied', 'dm', 'escalated', 'ignored', 'closed'];

describe('what the toolbar offers', () => {
  it('offers only actions the state machine allows, never Claim on a handled item', () => {
    for (const state of STATES) {
      const actions = actionsFor(state);
      for (const a of actions) {
        const to =
          a === 'reopen'
            ? state === 'ignored'
              ? 'new'
              : 'claimed'
            : ({ claim: 'claimed', replied: 'replied', dm: 'dm', escalate: 'escalated', ignore: 'ignored', release: 'new' } as const)[a];
        expect(allowedNext(state), `${state} → ${a}`).toContain(to);
      }
      if (state !== 'new') expect(actions).not.toContain('claim');
    }
    expect(actionsFor('replied')).not.toContain('replied');
    expect(actionsFor('dm')).not.toContain('dm');
    expect(actionsFor('ignored')).toEqual(['reopen']);
    expect(actionsFor('new')).toEqual(['claim', 'replied', 'dm', 'escalate', 'ignore']);
    expect(primaryAction('new')).toBe('claim');
    expect(primaryAction('claimed')).toBe('replied');
    expect(primaryAction('escalated')).toBeNull();
  });

  it('a stopped clock says what happened: Answered only when the customer got an answer', () => {
    expect(timerView('stopped', 'replied', 1200, false).label).toBe('Answered');
    expect(timerView('stopped', 'closed', 1200, false).label).toBe('Answered');
    expect(timerView('stopped', 'escalated', 1200, false).label).toBe('Escalated');
    expect(timerView('stopped', 'ignored', 1200, false).label).toBe('No reply needed');
    expect(timerView('stopped', 'dm', 1200, false).label).toBe('In DM');
    for (const s of ['escalated', 'ignored', 'dm'] as const) expect(timerView('stopped', s, 60, false).title).not.toMatch(/answered/i);
    expect(timerView('ok', 'new', 90, true)).toMatchObject({ label: '', age: '≥ 1m' });
    expect(timerView('paused', 'claimed', 90, false).label).toBe('Paused');
  });
});

describe('placing a panel', () => {
  const viewport = { width: 1280, height: 800 };
  it('goes below its anchor when there is room, above when not, always inside the viewport', () => {
    expect(choosePlacement(viewport, { left: 100, top: 100, right: 300, bottom: 130 }, { width: 400, height: 300 })).toMatchObject({
      side: 'below',
      top: 136,
      maxHeight: null,
    });
    const above = choosePlacement(viewport, { left: 100, top: 700, right: 300, bottom: 730 }, { width: 400, height: 300 });
    expect(above).toMatchObject({ side: 'above', maxHeight: null });
    expect(above.top).toBeGreaterThanOrEqual(8);
    const right = choosePlacement(viewport, { left: 1200, top: 100, right: 1270, bottom: 130 }, { width: 400, height: 300 });
    expect(right.left + 400).toBeLessThanOrEqual(1272);
  });

  it('never covers what it must leave visible (the Reply button under a reply box)', () => {
    const composer = { left: 300, top: 300, right: 900, bottom: 340 };
    const reply = { left: 800, top: 350, right: 880, bottom: 386 };
    const p = choosePlacement(viewport, composer, { width: 440, height: 360 }, { avoid: [composer, reply], align: 'end' });
    const box = { left: p.left, top: p.top, right: p.left + 440, bottom: p.top + (p.maxHeight ?? 360) };
    const overlaps = (a: typeof box, b: typeof box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    expect(overlaps(box, reply)).toBe(false);
    expect(overlaps(box, composer)).toBe(false);
    expect(box.top).toBeGreaterThanOrEqual(8);
    expect(box.bottom).toBeLessThanOrEqual(792);
  });

  it('goes next to a button inside a reply box without covering the box (Facebook: submit at the bubble’s corner)', () => {
    const composer = { left: 370, top: 660, right: 960, bottom: 736 };
    const submit = { left: 924, top: 702, right: 952, bottom: 730 };
    const p = choosePlacement(
      viewport,
      submit,
      { width: 380, height: 140 },
      { avoid: [composer], prefer: ['below', 'above', 'left', 'right'], align: 'end' },
    );
    expect(p).toMatchObject({ side: 'above', maxHeight: null, top: 660 - 6 - 140, left: 952 - 380 });
    // Nothing in the way: right next to the button, as before.
    expect(choosePlacement(viewport, submit, { width: 380, height: 140 }, { avoid: [], prefer: ['below', 'above'] }).top).toBe(
      702 - 6 - 140,
    );
  });

  it('shortens a panel that fits nowhere whole, and keeps it on screen', () => {
    const p = choosePlacement({ width: 800, height: 400 }, { left: 10, top: 180, right: 790, bottom: 220 }, { width: 440, height: 600 });
    expect(p.maxHeight).not.toBeNull();
    expect(p.top).toBeGreaterThanOrEqual(8);
    expect(p.top + p.maxHeight!).toBeLessThanOrEqual(392);
  });
});

// jsdom marks no event trusted: a test's "real" event carries a marker the row's trust check accepts.
const real = (event: Event) => (event as Event & { real?: boolean }).real === true;

function mount(initial: Parameters<typeof createToolbarRow>[2] = {}, loadPanels: LoadRowPanels = () => rowPanels) {
  const handlers: RowHandlers = { act: vi.fn(), undo: vi.fn(), undoExpired: vi.fn(), customer: vi.fn(), snippets: vi.fn() };
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const row = createToolbarRow(document, handlers, initial, { loadPanels, isTrusted: real });
  shadow.append(row.root);
  const $ = (testid: string) => shadow.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  const click = (el: Element) => {
    const event = Object.assign(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }), { real: true });
    el.dispatchEvent(event);
  };
  const key = (el: Element, key: string) => {
    const event = Object.assign(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }), { real: true });
    el.dispatchEvent(event);
    return event;
  };
  return { row, handlers, shadow, $, click, key };
}

/** A loader that hands the interactive parts over only when the test says so (the bundle still on its way). */
function slowLoader() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls = { count: 0 };
  // A fresh function per test: the row keeps what a loader gave for every later row that uses the same loader.
  const load: LoadRowPanels = () => {
    calls.count++;
    return gate.then((): RowPanels => rowPanels);
  };
  return { load, calls, release: async () => (release(), await gate, await Promise.resolve()) };
}

describe('the toolbar row', () => {
  it('shows timer, state, customer, snippets and more at rest, with the primary action for the state', () => {
    const { $ } = mount({ state: 'new', sla: 'ok', ageSeconds: 300, customerName: 'Jane <b>Doe</b>' });
    expect($('carebar-timer')!.getAttribute('data-sla-state')).toBe('ok');
    expect($('carebar-timer')!.textContent).toContain('5m');
    expect($('carebar-state')!.getAttribute('data-state')).toBe('new');
    expect($('carebar-customer')!.textContent).toContain('Jane <b>Doe</b>'); // text, never HTML
    expect($('carebar-customer')!.querySelector('b')).toBeNull();
    expect($('carebar-snippets')).not.toBeNull();
    expect($('carebar-more')).not.toBeNull();
    expect($('carebar-claim')).not.toBeNull();
    expect($('carebar-mark-replied')).toBeNull(); // in the menu, not the row
  });

  it('keeps inapplicable actions out of the row and the menu', () => {
    const { $, row, click } = mount({ state: 'replied', sla: 'stopped', ageSeconds: 1200 });
    expect($('carebar-timer')!.textContent).toContain('Answered');
    expect($('carebar-claim')).toBeNull();
    click($('carebar-more')!);
    expect($('carebar-mark-replied')).toBeNull();
    expect($('carebar-claim')).toBeNull();
    expect($('carebar-move-dm')).not.toBeNull();
    expect($('carebar-escalate')).not.toBeNull();
    row.set({ state: 'ignored' });
    expect($('carebar-timer')!.textContent).toContain('No reply needed');
    expect($('carebar-timer')!.textContent).not.toContain('Answered');
  });

  it("acts on a real click only, never on the page's synthetic events", () => {
    const act = vi.fn();
    const plain = createToolbarRow(
      document,
      { act, undo: vi.fn(), undoExpired: vi.fn(), customer: vi.fn(), snippets: vi.fn() },
      { state: 'new' },
      { loadPanels: () => rowPanels },
    );
    document.body.append(plain.root);
    plain.root.querySelector<HTMLElement>('[data-testid="carebar-claim"]')!.click(); // the default check: event.isTrusted
    expect(act).not.toHaveBeenCalled();
    const { $, handlers, click } = mount({ state: 'new', sla: 'ok' });
    $('carebar-claim')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    $('carebar-claim')!.click();
    expect(handlers.act).not.toHaveBeenCalled();
    click($('carebar-claim')!);
    expect(handlers.act).toHaveBeenCalledWith('claim');
  });

  it('asks why and to whom before escalating', () => {
    const { $, shadow, handlers, click } = mount({ state: 'claimed', sla: 'due' });
    click($('carebar-more')!);
    click($('carebar-escalate')!);
    const form = shadow.querySelector<HTMLFormElement>('[data-testid="carebar-escalate-form"]')!;
    form.querySelector<HTMLInputElement>('[name="reason"]')!.value = 'Refund over limit';
    form.querySelector<HTMLInputElement>('[name="target"]')!.value = 'Tier 2';
    const submit = Object.assign(new Event('submit', { bubbles: true, cancelable: true }), { real: true });
    form.dispatchEvent(submit);
    expect(handlers.act).toHaveBeenCalledWith('escalate', 'Escalated to Tier 2: Refund over limit');
  });

  it('shows the DM reasons as a compact chip carrying the full reasons, and an undo countdown', () => {
    const { $, row } = mount({ state: 'new', sla: 'ok', dmReasons: ['phone', 'order'] });
    const chip = $('carebar-dm-prompt')!;
    expect(chip.getAttribute('data-reason')).toBe('phone order');
    expect(chip.textContent).toBe('DM · phone +1');
    expect(chip.getAttribute('aria-label')).toContain('phone number, order / account number');
    row.set({ undoUntil: Date.now() + 9_500 });
    expect($('carebar-undo')!.textContent).toMatch(/Undo\s*10s/);
    row.set({ state: 'dm' });
    expect($('carebar-dm-prompt')).toBeNull();
  });

  it('ignores synthetic events on the menu and in it, as on the row', () => {
    const { $, shadow, handlers, click } = mount({ state: 'claimed', sla: 'ok' });
    $('carebar-more')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(shadow.querySelector('[role="menu"]:not([hidden])')).toBeNull();
    click($('carebar-more')!);
    $('carebar-ignore')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(handlers.act).not.toHaveBeenCalled();
    click($('carebar-ignore')!);
    expect(handlers.act).toHaveBeenCalledWith('ignore');
  });

  it('at rest a row adds no listener of its own: one set per document serves every row', () => {
    mount({ state: 'new' }); // the document's listeners, installed with the first row of this document
    const added = vi.spyOn(EventTarget.prototype, 'addEventListener');
    try {
      for (let i = 0; i < 5; i++) mount({ state: 'new', sla: 'ok', dmReasons: ['email'], undoUntil: Date.now() + 5000 });
      expect(added).not.toHaveBeenCalled();
    } finally {
      added.mockRestore();
    }
  });

  it('a click on ⋯ before the interactive parts are loaded opens the menu once they are, and asks for them once', async () => {
    const slow = slowLoader();
    const { $, shadow, row, click } = mount({ state: 'new', sla: 'ok' }, slow.load);
    expect(slow.calls.count).toBe(0); // nothing loaded at rest
    click($('carebar-more')!);
    click($('carebar-claim')!); // the row at rest acts at once
    expect($('carebar-ignore')).toBeNull();
    expect(row.isOpen('menu')).toBe(false);
    row.openPanel('card', $('carebar-customer')!, (p) => p.append('card'));
    row.closePanel('card'); // closed before it could open: it stays closed
    await slow.release();
    expect(slow.calls.count).toBe(1);
    expect(row.isOpen('menu')).toBe(true);
    expect($('carebar-more')!.getAttribute('aria-expanded')).toBe('true');
    expect($('carebar-ignore')).not.toBeNull();
    expect(shadow.querySelector('[data-panel="card"]')).toBeNull();
    // Loaded now: the next row gets them at once.
    const next = mount({ state: 'new' }, slow.load);
    next.click(next.$('carebar-more')!);
    expect(next.row.isOpen('menu')).toBe(true);
    expect(slow.calls.count).toBe(1);
  });

  it('what only an action leaves (undo, busy) brings the interactive parts and their sheet, which styles it', async () => {
    // The sheets in a shadow root: adopted ones, or <style> elements where those are not available. (Vitest hands
    // CSS imports over as empty text: the rules themselves are looked at in the e2e suite's screenshots.)
    const sheets = (shadow: ShadowRoot) => shadow.querySelectorAll('style').length + (shadow.adoptedStyleSheets?.length ?? 0);
    const slow = slowLoader();
    const { $, shadow, row } = mount({ state: 'new', sla: 'ok' }, slow.load);
    expect(slow.calls.count).toBe(0);
    row.set({ busy: true });
    expect(slow.calls.count).toBe(1);
    expect(sheets(shadow)).toBe(0);
    await slow.release();
    expect(sheets(shadow)).toBe(1);
    row.set({ busy: false, undoUntil: Date.now() + 5000 });
    expect($('carebar-undo')).not.toBeNull();
    expect(sheets(shadow)).toBe(1); // once per shadow root
    // Loaded: another row's undo offer is styled at once.
    const next = mount({ state: 'claimed', sla: 'ok' }, slow.load);
    expect(sheets(next.shadow)).toBe(0);
    next.row.set({ undoUntil: Date.now() + 5000 });
    expect(next.$('carebar-undo')).not.toBeNull();
    expect(sheets(next.shadow)).toBe(1);
    expect(slow.calls.count).toBe(1);
  });

  it('the undo offer counts down and, when the time is up, goes and is forgotten (once)', () => {
    vi.useFakeTimers();
    try {
      const { $, row, handlers, click } = mount({ state: 'claimed', sla: 'ok' });
      row.set({ undoUntil: Date.now() + 2_000 });
      expect($('carebar-undo')!.textContent).toMatch(/Undo\s*2s/);
      click($('carebar-undo')!);
      expect(handlers.undo).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1_100);
      expect($('carebar-undo')!.getAttribute('aria-label')).toBe('Undo the last change (1 seconds left)');
      vi.advanceTimersByTime(1_000);
      expect($('carebar-undo')).toBeNull();
      expect(handlers.undoExpired).toHaveBeenCalledTimes(1);
      expect(row.get().undoUntil).toBeNull();
      // Withdrawn before its time (an undo done): gone at once, and not "expired".
      row.set({ undoUntil: Date.now() + 5_000 });
      expect($('carebar-undo')).not.toBeNull();
      row.set({ undoUntil: null });
      expect($('carebar-undo')).toBeNull();
      vi.advanceTimersByTime(6_000);
      expect(handlers.undoExpired).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keys: arrows along the row and into the menu (also before loading), Escape closes and returns to ⋯', async () => {
    const slow = slowLoader();
    const { $, shadow, row, key } = mount({ state: 'new', sla: 'ok' }, slow.load);
    $('carebar-more')!.focus();
    const down = key($('carebar-more')!, 'ArrowDown');
    expect(down.defaultPrevented).toBe(true);
    await slow.release();
    expect(row.isOpen('menu')).toBe(true);
    const items = [...shadow.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(shadow.activeElement).toBe(items[0]);
    key(items[0], 'ArrowDown');
    expect(shadow.activeElement).toBe(items[1]);
    key(items[1], 'ArrowUp');
    key(items[0], 'ArrowUp');
    expect(shadow.activeElement).toBe(items[items.length - 1]);
    key(items[items.length - 1], 'Escape');
    expect(row.isOpen('menu')).toBe(false);
    expect(shadow.activeElement).toBe($('carebar-more'));
    key($('carebar-more')!, 'ArrowLeft');
    expect(shadow.activeElement).toBe($('carebar-snippets'));
  });

  it('cancels the escalation form without acting, and a press outside closes an open panel', () => {
    const { $, shadow, row, handlers, click } = mount({ state: 'new', sla: 'ok' });
    row.openEscalate();
    click(shadow.querySelector('[data-close]')!);
    expect(row.isOpen('escalate')).toBe(false);
    expect(handlers.act).not.toHaveBeenCalled();
    click($('carebar-more')!);
    expect(row.isOpen('menu')).toBe(true);
    document.body.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, composed: true }));
    expect(row.isOpen('menu')).toBe(false);
  });

  it('tooltips after a short rest, following the pointer inside the row (moves the document does not see)', () => {
    vi.useFakeTimers();
    try {
      const { $, shadow, row, handlers } = mount({ state: 'new', sla: 'ok', customerName: 'Jane' });
      const hover = vi.fn();
      handlers.customerHover = hover;
      const over = (el: Element, from: Element | null) =>
        el.dispatchEvent(new MouseEvent('pointerover', { bubbles: true, composed: true, relatedTarget: from }));
      const tip = () => shadow.querySelector<HTMLElement>('[role="tooltip"]');
      // The pointer arrives from the page onto the customer chip, …
      over($('carebar-customer')!.querySelector('.name')!, document.body);
      expect(hover).toHaveBeenLastCalledWith(true);
      expect(tip()?.hidden ?? true).toBe(true);
      vi.advanceTimersByTime(500);
      expect(tip()!.hidden).toBe(false);
      expect(tip()!.textContent).toBe('Customer card: Jane (o)');
      // … moves to ⋯ inside the same shadow root, …
      over($('carebar-more')!, $('carebar-customer'));
      expect(hover).toHaveBeenLastCalledWith(false);
      vi.advanceTimersByTime(500);
      expect(tip()!.textContent).toBe('More actions');
      // … and leaves the row.
      row.root.dispatchEvent(new MouseEvent('pointerleave', { relatedTarget: document.body }));
      expect(tip()!.hidden).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
