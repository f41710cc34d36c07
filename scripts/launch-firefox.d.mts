import type { Browser, Page } from 'puppeteer-core';
import type { EventRow, ItemRow } from '../lib/shared/records';
import type { RequestType } from '../lib/shared/messaging/protocol';
import type { ApiReply } from '../tests/e2e/api';

export const FIREFOX_EXTENSION_DIR: string;
export const EXTENSION_UUID: string;
export const EXTENSION_ORIGIN: string;
export const FIREFOX_INSTALL_HINT: string;
export function findFirefox(): string | null;
export function interceptReplicas(page: Page, overrides?: Record<string, string>): Promise<void>;
export interface LaunchedFirefox {
  browser: Browser;
  extensionId: string;
  /** Run the source of an async function in the privileged chrome scope; returns its JSON-serialisable result. */
  chrome<T = unknown>(fnSource: string): Promise<T>;
  newPage(overrides?: Record<string, string>): Promise<Page>;
  /** One of Carebar's pages (options.html, sidepanel.html, reports.html) in a new tab, loaded. */
  openExtensionPage(file: string): Promise<Page>;
  /** Send one request through the real message API from an extension page (the payload unchecked). */
  callApi<T extends RequestType>(extensionPage: Page, type: T, payload?: unknown): Promise<ApiReply<T>>;
  /** Every row of one object store of the extension's IndexedDB (carebar unless named). */
  dbRows(store: 'items'): Promise<ItemRow[]>;
  dbRows(store: 'events'): Promise<EventRow[]>;
  dbRows<T>(store: string, database?: string): Promise<T[]>;
  stopBackground(): Promise<void>;
  extensionErrors(): Promise<string[]>;
  watchBackground(): Promise<void>;
  backgroundStats(): Promise<{ starts: number; stops: number; startMs: number[] }>;
  close(): Promise<void>;
}
export function launchFirefoxWithExtension(options?: {
  headless?: boolean;
  viewport?: { width: number; height: number };
  overrides?: Record<string, string>;
  prefs?: Record<string, unknown>;
}): Promise<LaunchedFirefox>;
