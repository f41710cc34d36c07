import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { launchWithExtension } from '../../scripts/launch-extension.mjs';

/**
 * The replica pages' client code (tests/fixtures/dist) is built, and newer than its sources. Without it a replica is
 * its static markup only — no virtual list re-measuring rows, no editors — and tests would pass or fail against a
 * page that does not behave like the site (e.g. a row's cell overlapping the next one once the toolbar is in). A
 * single spec run (`npx playwright test tests/e2e/<file>`) does not go through `npm run test:e2e`, so build here.
 */
function ensureFixtureBundles(): void {
  const newest = (dir: string) => Math.max(0, ...readdirSync(dir).map((f) => statSync(`${dir}/${f}`).mtimeMs));
  const bundles = ['tests/fixtures/dist/x-app.js', 'tests/fixtures/dist/facebook-app.js'];
  const fresh = bundles.every((b) => existsSync(b) && statSync(b).mtimeMs >= newest('tests/fixtures/src'));
  if (!fresh) execFileSync(process.execPath, ['scripts/build-fixtures.mjs'], { stdio: 'inherit' });
}
ensureFixtureBundles();

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

/** A new tab at the size the issues' screenshots and acceptance checks use (1280×800), opened at `url`. */
export async function openAt(context: BrowserContext, url: string, size = { width: 1280, height: 800 }): Promise<Page> {
  const tab = await context.newPage();
  await tab.setViewportSize(size);
  await tab.goto(url);
  return tab;
}
