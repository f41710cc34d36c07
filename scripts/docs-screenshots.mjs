// `node scripts/docs-screenshots.mjs` (after `npm run build` and `npm run fixtures`): the toolbar as the README shows
// it, in light and dark on both sites, an X Pro column, the "⋯" menu and the snippet palette, at 1280×800 on the
// replica pages with the built extension. Writes docs/toolbar-*.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension } from './launch-extension.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (name) => path.join(root, 'docs', name);
const TOOLBAR = '[data-testid="carebar-toolbar"]';

const { context, close } = await launchWithExtension({ viewport: { width: 1280, height: 800 } });
try {
  await mkdir(path.join(root, 'docs'), { recursive: true });
  const page = await context.newPage();
  const settle = async () => {
    await page.locator(TOOLBAR).first().locator('[data-testid="carebar-timer"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(600);
  };
  /** A 1280×800 shot with the given toolbar's post scrolled to the upper third. */
  const shoot = async (file, toolbar = page.locator(TOOLBAR).first()) => {
    await toolbar.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.mouse.move(1, 1);
    await page.waitForTimeout(300);
    await page.screenshot({ path: out(file) });
    console.log('wrote', out(file));
  };

  await page.goto('https://x.com/AcmeCustomer/status/2126061954790609879');
  await settle();
  await shoot('toolbar-x-light.png', page.locator(TOOLBAR).nth(1));
  const first = page.locator(TOOLBAR).first();
  await first.getByTestId('carebar-more').click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: out('toolbar-x-menu.png') });
  await page.keyboard.press('Escape');
  await first.getByTestId('carebar-snippets').click();
  await page.getByTestId('carebar-snippet-option').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('toolbar-x-palette.png') });
  await page.keyboard.press('Escape');

  await page.goto('https://x.com/search?q=%40AcmeSupport&src=typed_query');
  await settle();
  await shoot('toolbar-x-dark.png');

  await page.goto('https://www.facebook.com/AcmeSupport/posts/pfbid02kZ9vJ6Lq3mH8Rt1sYw4NcE7bPdFgA5uXoV2iKjQnMhTr6WzLl');
  await settle();
  await shoot('toolbar-facebook-light.png', page.locator(TOOLBAR).nth(2));

  await page.goto('https://www.facebook.com/groups/1432087563211876/posts/1987654320123456/');
  await settle();
  await shoot('toolbar-facebook-dark.png');

  await page.goto('https://pro.x.com/i/decks/1861043598211371008');
  await settle();
  await page.screenshot({ path: out('toolbar-xpro.png') });
  console.log('wrote', out('toolbar-xpro.png'));
} finally {
  await close();
}
