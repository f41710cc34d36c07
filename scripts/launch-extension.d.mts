import type { BrowserContext, Worker } from '@playwright/test';

export const EXTENSION_DIR: string;
export function routeReplicas(context: BrowserContext): Promise<void>;
export function launchWithExtension(options?: {
  headless?: boolean;
  userDataDir?: string;
  /** Keep the first-run setup tab the extension opens on install (closed by default). */
  keepSetupPage?: boolean;
  viewport?: { width: number; height: number };
  /** Load the built extension from this folder instead of EXTENSION_DIR (its id follows from the folder). */
  extensionDir?: string;
}): Promise<{ context: BrowserContext; serviceWorker: Worker; extensionId: string; close(): Promise<void> }>;
