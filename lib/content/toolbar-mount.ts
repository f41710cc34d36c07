import { createToolbarRow, FINISH_SETUP, type RowState, type ToolbarRow } from '../../components/content/toolbar-row';
import rowCss from '../../components/content/toolbar-row.css?inline';
import { iconCss } from '../../components/content/icons';
import { createItemClassifier, normalizeAccount, type ItemVerdict } from '../shared/item-verdict';
import type { Channel, ItemState, PostInfo } from '../shared/model';
import type { EventRow, ItemRow } from '../shared/records';
import type { SignedInAccount } from '../shared/sites/types';
import { readSlaWith, policyFor, type HoursMath, type SlaPolicy } from '../shared/sla';
import type { Settings } from '../shared/settings';
import { UNDO_WINDOW_MS } from '../shared/state-machine';
import { actionsFor, targetOf, type RowAction } from '../shared/toolbar-view';
import { createClock } from './clock';
import { onAbort, type PageContext, type ToolbarCommand, type ToolbarHandle, type ToolbarSlot } from './feature';
import { requestsSettled } from './request-batcher';
import { createPostScanner } from './scanner';
import { createScrollSpeedWatch } from './scroll-speed';
import { loadBusinessHours, loadOverlayUi, warmOverlayUi } from './overlay-ui-loader';
import { isShadowHost, prepareHost, styleShadow } from './shadow-host';
import { createVisibilityWatcher } from './visibility';

const norm = normalizeAccount;

/** The row's stylesheet with its icons' masks (parsed once per page, shared by every toolbar). */
let toolbarCss: string | null = null;
const rowStyles = () => (toolbarCss ??= rowCss + iconCss());

/** The row's height, reserved on the host before anything is drawn in it: the page lays the post out once. */
export const ROW_HEIGHT_PX = 32;

/** What the agent should know before replying from this tab; before the first-run setup, a quiet link to it. */
function toolbarNotice(channel: Channel, brands: string[], signedIn: SignedInAccount | null, setupDone: boolean): string | null {
  if (!setupDone) return FINISH_SETUP;
  if (brands.length === 0) return 'No brand accounts set: every post counts';
  if (signedIn?.handle && !brands.some((b) => norm(b) === norm(signedIn.handle!) || norm(b) === norm(signedIn.name ?? ''))) {
    const at = channel === 'x' ? '@' : '';
    return `You are signed in as ${at}${signedIn.handle}, not ${at}${brands[0].replace(/^@/, '')}`;
  }
  return null;
}

/** The longest a drawn row waits for the answers to what its features asked for before it is shown without them. */
const SHOW_WITHIN_MS = 100;

/** How long after mounting a toolbar off screen waits before it is drawn in idle time. */
const OFF_SCREEN_DRAW_DELAY_MS = 2000;

const wholeSecond = (ms: number) => ms - (ms % 1000);

/** The row's menu, form, tooltips and panels come with the interactive UI (one function: the row keeps what it gave). */
const loadPanels = () => loadOverlayUi().then((ui) => ui.rowPanels);

export interface ToolbarFeatures {
  slots: readonly ToolbarSlot[];
  hooks: readonly ((toolbar: ToolbarHandle) => void)[];
}

/**
 * One toolbar per customer post the page shows. A post gets its key and its toolbar's host (of the row's fixed
 * height) at once; the row is drawn when the post comes near the screen, and only then do the features do their
 * per-toolbar work (badges, detection, timers). Mounting starts once the team's settings are known; a change of
 * brand accounts changes which posts are items, so every toolbar is redone.
 */
export function mountToolbars(ctx: PageContext, features: ToolbarFeatures): void {
  const { adapter, doc, items, settings } = ctx;
  const clock = createClock();
  // Drawn a little before they scroll in; timers tick only for toolbars near the screen.
  const visibility = createVisibilityWatcher('200px 0px');

  // Reading the site's theme forces a style recalculation: once a second is plenty, not once per post.
  let themeRead = { at: -Infinity, value: 'light' as 'light' | 'dark' };
  const currentTheme = () => {
    const now = performance.now();
    if (now - themeRead.at > 1000) themeRead = { at: now, value: adapter.theme(doc) };
    return themeRead.value;
  };

  // Business hours' arithmetic comes in its own script, loaded only when hours are set: the scan starts once it is
  // here, and a change of settings that sets hours keeps the previous policy until it is (the clock then catches up).
  let hoursMath: HoursMath | null = null;
  const hoursReady = (s: Settings) => !s.businessHours || hoursMath !== null;

  // One policy object per settings version.
  let policyCache: { settings: Settings; policy: SlaPolicy } | null = null;
  const policy = (): SlaPolicy | null => {
    const s = settings.get();
    if (!s || !hoursReady(s)) return policyCache?.policy ?? null;
    if (policyCache?.settings !== s) policyCache = { settings: s, policy: policyFor(s, adapter.channel) };
    return policyCache.policy;
  };

  // Posts flung past get no toolbar (they get one once the scroll slows or rests, or every 3 s of flinging).
  const scrollSpeed = createScrollSpeedWatch(doc);

  /** Draw a mounted toolbar: the row, its timer and every feature's part. */
  const draw = (mounted: Mounted, notice: string | null) => {
    const { post, postEl, host, shadow } = mounted;
    styleShadow(shadow, rowStyles());
    let itemRow = items.get(post.key);
    let undoEvent: EventRow | null = null;
    const overrides = new Map<'customer' | 'snippets' | 'dm', (anchor: Element) => void>();
    const hoverListeners: ((resting: boolean) => void)[] = [];
    const itemListeners: ((row: ItemRow | undefined) => void)[] = [];
    const visibleListeners: ((visible: boolean) => void)[] = [];
    const commandListeners: ((command: ToolbarCommand) => void)[] = [];

    const state = (): ItemState => itemRow?.state ?? 'new';
    const timing = (): Partial<RowState> => {
      const p = policy();
      if (!p) return { sla: null };
      const now = wholeSecond(clock.now());
      const reading = readSlaWith(
        {
          state: state(),
          postedAt: itemRow?.postedAt ?? post.postedAt ?? new Date(now).toISOString(),
          firstResponseAt: itemRow?.firstResponseAt ?? null,
        },
        p,
        now,
        hoursMath,
      );
      return {
        sla: reading.state,
        ageSeconds: reading.ageSeconds,
        estimated: itemRow ? itemRow.postedAtEstimated : post.postedAt === null,
      };
    };

    const run = async (work: () => Promise<void>) => {
      if (row.get().busy) return;
      row.set({ busy: true, error: null });
      try {
        await work();
      } catch (err) {
        row.set({ error: (err as Error).message });
      } finally {
        row.set({ busy: false });
      }
    };
    const offerUndo = (event: EventRow) => {
      undoEvent = event;
      row.set({ undoUntil: Date.parse(event.at) + UNDO_WINDOW_MS });
    };
    const change = (to: ItemState, note?: string) =>
      run(async () => {
        try {
          offerUndo(await items.setState(post.key, to, note));
        } catch (err) {
          ctx.onError(err);
          throw err;
        }
      });
    const act = (action: RowAction, note?: string) => {
      const dm = overrides.get('dm');
      if (action === 'dm' && dm) return dm(row.root);
      const to = targetOf(action, state());
      if (to) void change(to, note);
    };
    const undo = () => {
      const event = undoEvent;
      if (!event) return;
      void run(async () => {
        await items.undo(event.id);
        undoEvent = null;
        row.set({ undoUntil: null });
      });
    };

    const row: ToolbarRow = createToolbarRow(
      doc,
      {
        act,
        undo,
        undoExpired: () => (undoEvent = null),
        customer: (anchor) => overrides.get('customer')?.(anchor),
        customerHover: (resting) => hoverListeners.forEach((l) => l(resting)),
        snippets: (anchor) => overrides.get('snippets')?.(anchor),
        finishSetup: () => void ctx.request('options.open', {}).catch(ctx.onError),
      },
      { state: state(), customerName: post.authorName ?? post.authorHandle ?? 'Customer', notice, ...timing() },
      // Anything that acts on the row or anchors to it (a command, a panel, the focus) shows it at once.
      { loadPanels, beforeUse: () => show() },
    );
    // The row goes into the page once, when what the features asked for on its behalf (its item, the DM reasons, the
    // customer's badge) is in, or after SHOW_WITHIN_MS: one insertion and one frame of the page instead of one per
    // answer, and the parts that come with the answers are made outside the page.
    let shown = false;
    const show = () => {
      if (shown || mounted.gone) return;
      shown = true;
      shadow.append(row.root);
    };

    // Keys and hover send commands; the row acts on the ones it owns, features on theirs.
    const onCommand = (command: ToolbarCommand) => {
      show();
      for (const l of commandListeners) l(command);
      const s = state();
      if (command === 'undo') return undo();
      if (command === 'menu') return row.openMenu(true);
      if (command === 'escalate') {
        if (actionsAllow(s, 'escalate')) row.openEscalate();
        return;
      }
      if (command === 'customer' || command === 'snippets') {
        const anchor = row.root.querySelector(`[data-testid="carebar-${command}"]`);
        if (anchor) overrides.get(command)?.(anchor);
        return;
      }
      const action = ({ claim: 'claim', replied: 'replied', ignore: 'ignore', dm: 'dm' } as const)[command];
      if (action && actionsAllow(s, action) && !row.get().busy) act(action);
    };
    const { cleanup } = mounted;
    cleanup.push(ctx.toolbars.listen(postEl, onCommand));
    for (const pending of mounted.pendingCommands.splice(0)) onCommand(pending);

    // Feature slots (plain DOM): each slot's element is in the row only while it has content.
    const slotEls = features.slots.map((slot) => ({ slot, el: doc.createElement('span') }));
    function renderSlots() {
      if (slotEls.length === 0) return;
      const props = {
        post,
        postEl,
        host,
        row: itemRow,
        busy: row.get().busy,
        run,
        offerUndo,
        onCommand: (l: (c: ToolbarCommand) => void) => ctx.toolbars.listen(postEl, l),
      };
      for (const { slot, el } of slotEls) {
        try {
          slot.draw(el, props);
        } catch (err) {
          ctx.onError(err);
        }
        if (!el.firstChild) el.remove();
        else if (!el.isConnected) row.slot(slot.at).append(el);
      }
    }
    // The row follows the item, the policy and (while near the screen) the clock.
    const refresh = () => row.set({ state: state(), ...timing() });
    cleanup.push(
      items.subscribe(post.key, (next) => {
        itemRow = next;
        row.set({ error: null });
        refresh();
        for (const l of itemListeners) l(next);
        renderSlots();
      }),
    );
    cleanup.push(settings.subscribe(() => refresh()));
    let stopTicking: (() => void) | null = null;
    const onVisible = (visible: boolean) => {
      mounted.visible = visible;
      if (visible && !stopTicking) {
        refresh();
        stopTicking = clock.subscribe(refresh);
      } else if (!visible && stopTicking) {
        stopTicking();
        stopTicking = null;
      }
      for (const l of visibleListeners) l(visible);
    };
    mounted.onVisible = onVisible;
    cleanup.push(() => stopTicking?.());

    renderSlots();

    const handle: ToolbarHandle = {
      post,
      postEl,
      host,
      row,
      item: () => itemRow,
      onItem: (listener) => {
        itemListeners.push(listener);
        listener(itemRow);
      },
      run,
      offerUndo,
      handle: (button, action) => void overrides.set(button, action),
      onCustomerHover: (listener) => void hoverListeners.push(listener),
      onCommand: (listener) => void commandListeners.push(listener),
      visible: () => mounted.visible,
      onVisible: (listener) => void visibleListeners.push(listener),
      onDestroy: (fn) => void (mounted.gone ? fn() : cleanup.push(fn)),
      gone: () => mounted.gone,
      get signal() {
        if (!mounted.abort) {
          mounted.abort = new AbortController();
          if (mounted.gone) mounted.abort.abort();
        }
        return mounted.abort.signal;
      },
    };
    for (const hook of features.hooks) {
      try {
        hook(handle);
      } catch (err) {
        ctx.onError(err);
      }
    }
    cleanup.push(() => row.destroy());
    if (!shown) showWhenAnswered(show);
  };

  // Rows drawn in one task (a screen's worth, from one IntersectionObserver callback) wait together: once the task
  // is over, every request their features made is in the batchers; the rows are shown when those are answered (and
  // the answers' own reactions have run: they were queued first), or after SHOW_WITHIN_MS.
  let drawnNow: (() => void)[] | null = null;
  const showWhenAnswered = (show: () => void) => {
    if (drawnNow) return void drawnNow.push(show);
    const group = (drawnNow = [show]);
    const showAll = () => {
      for (const f of group.splice(0)) f();
    };
    queueMicrotask(() => {
      drawnNow = null;
      const cap = setTimeout(showAll, SHOW_WITHIN_MS);
      void requestsSettled().then(() =>
        setTimeout(() => {
          clearTimeout(cap);
          showAll();
        }),
      );
    });
  };

  interface Mounted {
    post: PostInfo;
    postEl: Element;
    host: HTMLElement;
    shadow: ShadowRoot;
    /** Made when a feature first asks for the toolbar's signal: most toolbars never need one. */
    abort: AbortController | null;
    /** The toolbar went away (its post left the page, or the overlay stopped). */
    gone: boolean;
    /** What the toolbar's own parts undo when it goes (a list, not abort listeners: cheaper to add and to run). */
    cleanup: (() => void)[];
    drawn: boolean;
    visible: boolean;
    onVisible: ((visible: boolean) => void) | null;
    pendingCommands: ToolbarCommand[];
    drawNow: () => void;
  }

  // Toolbars off screen are drawn when the page is idle, a few at a time (a post near the screen is drawn at once),
  // starting a while after they were mounted: the page's own loading comes first (X keeps adding posts and images
  // for a second or two after its first paint), and every toolbar is still complete before the agent scrolls to it.
  const later = new Set<Mounted>();
  let idlePending = false;
  const idle = (fn: (deadline: { timeRemaining(): number }) => void) =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(fn, { timeout: 2000 })
      : setTimeout(() => fn({ timeRemaining: () => 4 }), 50);
  const drawWhenIdle = (deadline: { timeRemaining(): number }) => {
    idlePending = false;
    const start = performance.now();
    for (const m of later) {
      later.delete(m);
      if (!m.drawn && !m.gone && m.host.isConnected) m.drawNow();
      if (performance.now() - start > 4 || deadline.timeRemaining() < 2) break;
    }
    scheduleIdle(0);
  };
  /** Next idle slice after `delayMs` (new toolbars wait OFF_SCREEN_DRAW_DELAY_MS; a pass under way goes on). */
  const scheduleIdle = (delayMs: number) => {
    if (idlePending || later.size === 0 || ctx.signal.aborted) return;
    idlePending = true;
    if (delayMs > 0) setTimeout(() => idle(drawWhenIdle), delayMs);
    else idle(drawWhenIdle);
  };

  // The palette, guard and help come with the interactive UI, loaded on first use: start loading it when the pointer
  // or the focus first reaches a toolbar, so the first click on Snippets does not wait for it.
  const warm = (event: Event) => {
    const target = event.target as Node | null;
    if (!target || !isShadowHost(target)) return;
    doc.removeEventListener('pointerover', warm, true);
    doc.removeEventListener('focusin', warm, true);
    warmOverlayUi();
  };
  doc.addEventListener('pointerover', warm, { capture: true, passive: true, signal: ctx.signal });
  doc.addEventListener('focusin', warm, { capture: true, passive: true, signal: ctx.signal });

  let reportedAccount: string | null = null;
  // One classifier per settings version and signed-in account: the brand's identities are not worked out per post.
  let classifier: { settings: Settings; account: string; verdict: (post: PostInfo) => ItemVerdict } | null = null;
  const verdictOf = (post: PostInfo, current: Settings, signedIn: SignedInAccount | null) => {
    const account = `${signedIn?.handle ?? ''} ${signedIn?.id ?? ''}`;
    if (classifier?.settings !== current || classifier.account !== account) {
      const brands = current.brandAccounts[adapter.channel];
      const verdict = createItemClassifier(brands, signedIn, current.listening.keywords);
      classifier = { settings: current, account, verdict };
    }
    return classifier.verdict(post);
  };
  const scanner = createPostScanner({
    adapter,
    doc,
    isOwnNode: isShadowHost,
    holdNewPosts: scrollSpeed.holdFor,
    onRead: ctx.rememberPost,
    maxHoldMs: 3000,
    mount(postEl, post) {
      const current = settings.get();
      if (!current) return null; // the scan starts once settings are loaded
      const signedIn = adapter.signedInAccount(doc);
      if (signedIn?.handle && signedIn.handle !== reportedAccount) {
        reportedAccount = signedIn.handle;
        ctx.request('accounts.seen', { channel: adapter.channel, handle: signedIn.handle }).catch(ctx.onError);
      }
      const brands = current.brandAccounts[adapter.channel];
      const verdict = verdictOf(post, current, signedIn);
      if (verdict === 'brand') items.brandReplySeen(post);
      if (verdict !== 'item') return null;
      const anchor = adapter.toolbarAnchor(postEl);
      if (!anchor) return null;
      // Styled when drawn (styleShadow in draw): most toolbars of a page that loads are off screen.
      const { host, shadow } = prepareHost(
        doc,
        { 'data-testid': 'carebar-toolbar', 'data-carebar-id': post.key, 'data-theme': currentTheme(), 'data-site': adapter.channel },
        // No `contain: layout` here: it would make the host the containing block of the row's fixed-position panels.
        ` height: ${ROW_HEIGHT_PX}px; margin: 2px 0 0;`,
      );
      anchor.parent.insertBefore(host, anchor.before);
      const notice = toolbarNotice(adapter.channel, brands, signedIn, current.setupDone);
      const mounted: Mounted = {
        post,
        postEl,
        host,
        shadow,
        abort: null,
        gone: false,
        cleanup: [],
        drawn: false,
        visible: false,
        onVisible: null,
        pendingCommands: [],
        drawNow: () => {},
      };
      // No listener on the page-wide signal per toolbar (they piled up, one per toolbar ever mounted): stopping the
      // scanner when that signal aborts destroys every mounted toolbar, and with it this one's signal.
      // A key pressed on a post that is not drawn yet (j/k can select one just off screen): draw it, then act.
      const early = ctx.toolbars.listen(postEl, (command) => {
        if (mounted.drawn) return;
        mounted.pendingCommands.push(command);
        drawNow();
      });
      const drawNow = () => {
        if (mounted.drawn || mounted.gone) return;
        mounted.drawn = true;
        early();
        draw(mounted, notice);
      };
      const unwatch = visibility.watch(host, (visible) => {
        if (visible) drawNow();
        mounted.onVisible?.(visible);
      });
      mounted.drawNow = drawNow;
      later.add(mounted);
      scheduleIdle(OFF_SCREEN_DRAW_DELAY_MS);
      items.seen(post);
      return {
        host,
        destroy() {
          mounted.gone = true;
          later.delete(mounted);
          unwatch();
          early();
          host.remove();
          for (const fn of mounted.cleanup) fn();
          mounted.abort?.abort();
        },
      };
    },
  });

  let started = false;
  let lastBrands = '';
  const apply = (s: Settings) => {
    // Brand accounts decide which posts are items; finishing setup changes every toolbar's notice.
    const brands = JSON.stringify([s.brandAccounts[adapter.channel], s.setupDone, s.listening.keywords]);
    if (!started) {
      started = true;
      scanner.start();
    } else if (brands !== lastBrands) scanner.remountAll();
    lastBrands = brands;
  };
  const unsubscribe = settings.subscribe((s) => {
    if (hoursReady(s)) return apply(s);
    // Not loaded (tried again on the next change): toolbars without a clock rather than a wrong clock, or none.
    void loadBusinessHours()
      .then((math) => {
        hoursMath = math;
      }, ctx.onError)
      .finally(() => {
        if (!ctx.signal.aborted) apply(settings.get() ?? s);
      });
  });
  onAbort(ctx.signal, () => {
    unsubscribe();
    scanner.stop();
    scrollSpeed.stop();
    visibility.disconnect();
  });
}

const actionsAllow = (state: ItemState, action: RowAction): boolean => actionsFor(state).includes(action);
