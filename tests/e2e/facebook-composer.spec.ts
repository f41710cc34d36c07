// The www.facebook.com replica itself, in real Chromium and without the extension: its comment composer is a real
// Lexical editor (paste inserts once and updates Lexical's state, Ctrl+Z undoes, Enter posts), and the Facebook
// adapter, bundled as the content script would bundle it, finds exactly the posts and comments of expected.json.
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFixture } from '../fixtures/routes.mjs';
import { lexicalTextOf } from '../fixtures/editor-state';
import type { ReplicaWindow } from '../fixtures/replica-window';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const expected = JSON.parse(await readFile(path.join(root, 'tests/fixtures/facebook/expected.json'), 'utf8'));
const PAGE_POST = expected.pages['page-post'];
const COMPOSER = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';

let adapterBundle = '';
async function adapterScript(): Promise<string> {
  if (!adapterBundle) {
    const out = await build({
      entryPoints: [path.join(root, 'lib/content/sites/facebook/index.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'CarebarFacebook',
      write: false,
      target: 'chrome120',
      logLevel: 'silent',
    });
    adapterBundle = out.outputFiles[0].text;
  }
  return adapterBundle;
}

async function openReplica(page: Page, url: string) {
  await page.route(/^https?:\/\//, async (route) => {
    const fixture = resolveFixture(route.request().url());
    if (!fixture) return route.abort('blockedbyclient');
    return route.fulfill({ status: 200, contentType: fixture.contentType, body: await readFile(fixture.file) });
  });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as ReplicaWindow).__fbReplica?.ready === true);
  return errors;
}

/** Text of the editor as Lexical's own state holds it (one line per paragraph). */
function lexicalText(page: Page, selector = COMPOSER) {
  return page.locator(selector).first().evaluate(lexicalTextOf);
}

async function keysOnPage(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() => {
    const fb = (window as unknown as ReplicaWindow).CarebarFacebook.facebookAdapter;
    return fb.findPosts(document).map((el) => fb.readPost(el, location)?.key ?? null);
  });
}

test('the Lexical composer takes a synthetic paste once, undoes it with Ctrl+Z and posts with Enter', async ({ page }) => {
  const errors = await openReplica(page, PAGE_POST.url);
  const box = page.locator(`${COMPOSER}[aria-label="${PAGE_POST.composerLabel}"]`);
  await expect(box).toHaveCount(1);
  await box.click();

  await box.evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'Hi Jane, sorry for the wait! 🙏');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await expect(box).toHaveText('Hi Jane, sorry for the wait! 🙏');
  expect(await lexicalText(page)).toBe('Hi Jane, sorry for the wait! 🙏');
  await expect(page.locator('.fbr-comments > .fbr-composer-row [aria-label="Comment"][role="button"]')).toHaveAttribute(
    'aria-disabled',
    'false',
  );

  await page.keyboard.press('Control+z');
  await expect.poll(() => lexicalText(page)).toBe('');
  await expect(box).toHaveText('');

  await page.keyboard.type('We have sent you a DM.');
  expect(await lexicalText(page)).toBe('We have sent you a DM.');
  const comments = page.locator('.fbr-comment-list div[role="article"]');
  const before = await comments.count();
  await page.keyboard.press('Enter');
  await expect(comments).toHaveCount(before + 1);
  const posted = comments.last();
  await expect(posted).toHaveAttribute('aria-label', /^Comment by Acme Support /);
  await expect(posted).toContainText('We have sent you a DM.');
  expect(await lexicalText(page)).toBe('');
  await expect(box).toHaveText('');
  expect(errors).toEqual([]);
});

test('the adapter finds the expected posts and comments in real Chromium, and the ones the page adds', async ({ page }) => {
  const errors = await openReplica(page, PAGE_POST.url);
  await page.addScriptTag({ content: await adapterScript() });
  expect(await keysOnPage(page)).toEqual(PAGE_POST.items.map((i: { key: string }) => i.key));

  // "View more comments" loads two more.
  await page.getByRole('button', { name: 'View more comments' }).click();
  expect(await keysOnPage(page)).toEqual([...PAGE_POST.items, ...PAGE_POST.afterViewMore].map((i: { key: string }) => i.key));

  // A reply posted through the reply box gets a key of its own, answering the top-level comment.
  const jane = page.locator('div[role="article"][aria-label^="Comment by Jane Doe"]');
  await jane.getByRole('button', { name: 'Reply', exact: true }).click();
  const replyBox = page.locator(`${COMPOSER}[aria-label="Reply as Acme Support"]`);
  await expect(replyBox).toBeFocused();
  expect(await lexicalText(page, `${COMPOSER}[aria-label="Reply as Acme Support"]`)).toBe('Jane Doe ');
  await page.keyboard.type('all sorted now');
  await page.keyboard.press('Enter');
  const keys = await keysOnPage(page);
  expect(keys).toHaveLength(PAGE_POST.items.length + PAGE_POST.afterViewMore.length + 1);
  const reply = await page.evaluate(() => {
    const fb = (window as unknown as ReplicaWindow).CarebarFacebook.facebookAdapter;
    const el = [...document.querySelectorAll('div[role="article"]')].filter((a) => a.textContent?.includes('all sorted now')).pop()!; // innermost
    return { info: fb.readPost(el, location), composer: fb.findComposer(el, document)?.getAttribute('aria-label') };
  });
  expect(reply.info?.kind).toBe('comment');
  expect(reply.info?.authorName).toBe('Acme Support');
  expect(reply.info?.text).toBe('Jane Doe all sorted now');
  expect(reply.info?.inReplyToKey).toBe(`facebook:${PAGE_POST.items[0].postId}_1184467732910455`);
  expect(reply.composer).toBe('Reply as Acme Support');
  expect(errors).toEqual([]);
});

test('the other replica pages load without errors and match expected.json', async ({ page }) => {
  for (const name of ['group-post', 'feed']) {
    const want = expected.pages[name];
    const errors = await openReplica(page, want.url);
    await page.addScriptTag({ content: await adapterScript() });
    expect(await keysOnPage(page)).toEqual(want.items.map((i: { key: string }) => i.key));
    const meta = await page.evaluate(() => {
      const fb = (window as unknown as ReplicaWindow).CarebarFacebook.facebookAdapter;
      return { kind: fb.pageKind(location, document), account: fb.signedInAccount(document), theme: fb.theme(document) };
    });
    expect(meta).toEqual({ kind: want.pageKind, account: want.signedIn, theme: want.theme });
    expect(errors).toEqual([]);
    await page.unrouteAll();
  }
});
