import type { ToolbarRow } from '../../components/content/toolbar-row';
import type { EventRow, ItemRow } from '../shared/records';
import type { PostInfo } from '../shared/model';
import type { SiteAdapter } from '../shared/sites/types';
import type { ItemStore } from './item-store';
import type { Request } from './request';
import type { SettingsStore } from './settings-store';
import type { SubmitDetector } from './submit-detector';

// One in-page capability = one feature module (lib/content/features/<name>.ts), in the manner of refined-github's
// features.add(id, {init}): it gets one PageContext, listens with ctx.signal (aborted when the page's content script
// ends), and declares what it adds to each toolbar and to the keyboard. startOverlay only loops over the list.

/** Commands a toolbar receives (keyboard shortcuts, author hover). */
export type ToolbarCommand = 'claim' | 'replied' | 'escalate' | 'ignore' | 'undo' | 'customer' | 'dm' | 'snippets' | 'menu';

/** What a feature's toolbar slot is given: the post, its current row and the toolbar's own busy/undo machinery. */
export interface ToolbarSlotProps {
  post: PostInfo;
  postEl: Element;
  /** The toolbar's shadow host (its data-theme, its on-screen visibility). */
  host: Element;
  /** The item's row from the background; undefined until the first answer. */
  row: ItemRow | undefined;
  /** The toolbar runs one action at a time: busy while it runs; a failure is shown in the toolbar. */
  busy: boolean;
  run(work: () => Promise<void>): Promise<void>;
  /** Offer "Undo" for a state change the slot made. */
  offerUndo(event: EventRow): void;
  onCommand(listener: (command: ToolbarCommand) => void): () => void;
}

export interface ToolbarSlot {
  /** state: right after the state (e.g. who claimed it); identity: after the customer chip; actions: before the row's buttons. */
  at: 'state' | 'identity' | 'actions';
  /**
   * Draw the slot's part into `el` (its own element, shown in the row only while it has content): plain DOM, called
   * when the toolbar is drawn and on every change of the item's row. The resting row runs no framework.
   */
  draw: (el: HTMLElement, props: ToolbarSlotProps) => void;
}

/**
 * One toolbar, as a feature's `toolbar` hook gets it when the toolbar is first drawn (a post on screen; posts off
 * screen are keyed at once but drawn when they come near). The row (components/content/toolbar-row.ts) is plain DOM:
 * a feature sets what it shows (`row.set`), opens panels anchored to it, and takes over one of its buttons.
 */
export interface ToolbarHandle {
  post: PostInfo;
  postEl: Element;
  /** The toolbar's shadow host (data-theme, data-site). */
  host: Element;
  row: ToolbarRow;
  /** The item's row from the background; undefined until the first answer. */
  item(): ItemRow | undefined;
  /** Called now and on every change of the item's row. */
  onItem(listener: (row: ItemRow | undefined) => void): void;
  /** One action at a time: the row shows busy while it runs and its failure after. */
  run(work: () => Promise<void>): Promise<void>;
  /** Offer "Undo" (with its countdown) for a state change the feature made. */
  offerUndo(event: EventRow): void;
  /** Take over a button of the row: the customer chip, Snippets, or the Move to DM action. */
  handle(button: 'customer' | 'snippets' | 'dm', action: (anchor: Element) => void): void;
  /** The pointer rests on the customer chip (true) or left it (false). */
  onCustomerHover(listener: (resting: boolean) => void): void;
  onCommand(listener: (command: ToolbarCommand) => void): void;
  /** Is the toolbar on screen now? `onVisible` is called on every change. */
  visible(): boolean;
  onVisible(listener: (visible: boolean) => void): void;
  /**
   * Run `fn` when this toolbar goes away (its post left the page, or the page's overlay stopped); at once if it has.
   * Cheaper than a listener on `signal`, which is made only when first asked for.
   */
  onDestroy(fn: () => void): void;
  /** Has this toolbar gone away? */
  gone(): boolean;
  /** Aborted when this toolbar goes away (its post left the page, or the page's overlay stopped). */
  signal: AbortSignal;
}

/** A key on the focused post that sends a toolbar command (what it does, for `?`, is in lib/content/shortcut-keys.ts). */
export interface Shortcut {
  key: string;
  command: ToolbarCommand;
}

/** The post elements that carry a toolbar now, and their command channels. */
export interface ToolbarRegistry {
  posts(): Element[];
  has(postEl: Element): boolean;
  send(postEl: Element, command: ToolbarCommand): void;
  listen(postEl: Element, listener: (command: ToolbarCommand) => void): () => void;
}

/** Everything a feature receives. */
export interface PageContext {
  adapter: SiteAdapter;
  doc: Document;
  request: Request;
  /** Aborted when this page's content script ends (extension reloaded or updated): every listener uses it. */
  signal: AbortSignal;
  /** Report a failure (a lost extension shows the reload hint; the rest goes to the console). */
  onError(err: unknown): void;
  settings: SettingsStore;
  items: ItemStore;
  toolbars: ToolbarRegistry;
  /**
   * A post element's reading: the scanner's latest (it reads every post it visits, and again when a post it did not
   * mount changes), else read now. For questions about the page's posts (threads), not for what the agent acts on.
   */
  readPost(el: Element): PostInfo | null;
  /** The scanner hands over each reading. */
  rememberPost(el: Element, post: PostInfo): void;
  submits: SubmitDetector;
  /** Rows pushed by the background (another tab's change); [] = a customer-level change (link, forget, wipe). */
  onItemsChanged(listener: (items: ItemRow[]) => void): void;
  /** Every feature's shortcuts, known once all features started. */
  shortcuts(): readonly Shortcut[];
}

export interface FeatureContribution {
  slots?: ToolbarSlot[];
  shortcuts?: Shortcut[];
  /** Called once per toolbar, when it is first drawn. */
  toolbar?: (toolbar: ToolbarHandle) => void;
}

export interface Feature {
  id: string;
  init(ctx: PageContext): FeatureContribution | void;
}

export const defineFeature = (feature: Feature): Feature => feature;

/** Run `fn` when the signal aborts (once). */
export function onAbort(signal: AbortSignal, fn: () => void): void {
  if (signal.aborted) fn();
  else signal.addEventListener('abort', fn, { once: true });
}
