import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { launchWithExtension } from '../../scripts/launch-extension.mjs';

export { launchWithExtension };
export { expect } from '@playwright/test';

/** Each test gets its own browser profile: a fresh extension database, nothing carried over. */
export const test = base.extend<{ extension: { context: BrowserContext; serviceWorker: Worker; extensionId: string } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none
  extension: async ({}, use) => {
    const launched = await launchWithExtension();
    await use(launched);
    await launched.close();
  },
});

/** Collect uncaught errors of a page, so tests can assert Carebar never throws into it. */
export function collectPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (err) => errors.push(err));
  return errors;
}

/** The keys carried by the toolbar hosts on a page. */
export async function toolbarKeys(page: Page): Promise<string[]> {
  return page.locator('[data-testid="carebar-toolbar"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-carebar-id') ?? ''));
}
