// Firefox: Carebar's text reaches the sites' own editors — a snippet into X's Draft.js and Facebook's Lexical exactly
// once, with the editor's state updated (Reply enabled, Ctrl+Z undoes it); the move-to-DM prompt and its public reply
// on both sites; the reply guard stopping a draft with a card number. One Firefox for the file: the tests run in order
// on the same items (snippets, then the guard, then the DM flow), as an agent would.
import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import {
  clickInToolbar,
  offers,
  collectPageErrors,
  count,
  deep,
  deepAttr,
  deepClick,
  deepExists,
  draftTextOf,
  FACEBOOK,
  isDisabled,
  lexicalTextOf,
  poll,
  pressCtrl,
  shadowAttr,
  stateOf,
  toolbarSelector,
  useFirefox,
  waitForTab,
  X,
} from './harness';

const ff = useFirefox();
const STATUS = X.pages.status;
const ROOT = STATUS.posts[0]; // @AcmeCustomer: "my order #48213 arrived with the box crushed… Email me at sam.rivera@example.com"
const BYSTANDER = STATUS.posts.find((p) => p.authorHandle === 'bystander_bo')!;
const FB_PAGE = FACEBOOK.pages['page-post'];
const DRAFT = '.DraftEditor-root [data-testid="tweetTextarea_0"][contenteditable="true"]';
const REPLY = '[data-testid="tweetButtonInline"]';
const LEXICAL = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
const FB_COMPOSER = `${LEXICAL}[aria-label="${FB_PAGE.composerLabel}"]`;

const draftText = (page: Page) => page.$eval(DRAFT, draftTextOf);
const lexicalText = (page: Page) => page.$eval(FB_COMPOSER, lexicalTextOf);
const domText = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
const events = async (key: string) =>
  (await ff().dbRows('events')).filter((e) => e.itemKey === key).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

async function open(url: string, key: string): Promise<{ page: Page; errors: Error[] }> {
  const page = await ff().newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  await poll(() => stateOf(page, key), 30_000).toMatch(/^(new|replied)$/);
  return { page, errors };
}

/** Search the palette and take the first hit with Enter. */
async function pickSnippet(page: Page, query: string, id: string) {
  await poll(() => deepExists(page, '[data-testid="carebar-snippet-search"]')).toBe(true);
  const search = (await deep(page, '[data-testid="carebar-snippet-search"]'))!;
  await search.evaluate((el) => (el as HTMLInputElement).focus()); // the palette focuses it; make sure
  await search.dispose();
  await page.keyboard.type(query);
  await poll(() => deepAttr(page, '[data-testid="carebar-snippet-option"]', 'data-snippet-id')).toBe(id);
  await page.keyboard.press('Enter');
}

it('X: a snippet goes into Draft.js once, Reply enabled, Ctrl+Z takes it out', async () => {
  const { page, errors } = await open(STATUS.url, ROOT.key);
  expect(await isDisabled(page, REPLY)).toBe(true);
  await clickInToolbar(page, ROOT.key, 'carebar-snippets');
  await pickSnippet(page, 'direct mesage', 'carebar-starter/ask-to-dm'); // a typo: the search is fuzzy
  await poll(() => deepExists(page, '[data-testid="carebar-snippet-palette"]')).toBe(false);
  const expected =
    "Hi Sam, we'd like to help with this. Could you send us a direct message with your account email so we can look into it privately? Please don't share personal details here.";
  await poll(() => draftText(page)).toBe(expected);
  expect(await domText(page, DRAFT)).toBe(expected);
  await poll(() => isDisabled(page, REPLY)).toBe(false);
  await poll(() => deepAttr(page, '[data-testid="carebar-char-count"]', 'data-length')).toBe(String(expected.length));

  await pressCtrl(page, 'z');
  await poll(() => draftText(page)).toBe('');
  await poll(() => isDisabled(page, REPLY)).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
});

it('Facebook: a snippet that asks goes into Lexical once, Ctrl+Z takes it out', async () => {
  const page = await ff().newPage();
  const errors = collectPageErrors(page);
  await page.goto(FB_PAGE.url);
  await poll(() => deepExists(page, '[data-testid="carebar-snippets"]', '[data-testid="carebar-toolbar"]'), 30_000).toBe(true);
  // The page's comment box (a comment's own Snippets opens that comment's reply box instead).
  await page.$$eval(LEXICAL, (els) => (els.at(-1) as HTMLElement).focus());
  await (await page.$$(LEXICAL)).at(-1)!.click();
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.press('S');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
  await pickSnippet(page, 'close loop', 'carebar-starter/close-the-loop');
  // No agent set up yet: the palette asks for the initials instead of inserting a {{…}}.
  await poll(() => deepExists(page, '[data-testid="carebar-snippet-prompt"][data-label="Your initials"]')).toBe(true);
  await page.keyboard.type('JD');
  await page.keyboard.press('Enter');
  await poll(() => deepExists(page, '[data-testid="carebar-snippet-palette"]')).toBe(false);
  await poll(() => lexicalText(page)).toMatch(/is everything working as expected now\?.*\^JD$/s);
  const state = await lexicalText(page);
  expect(count(state, 'is everything working')).toBe(1);
  expect(count(await domText(page, FB_COMPOSER), 'is everything working')).toBe(1);
  expect(state).not.toContain('{{');
  await pressCtrl(page, 'z');
  await poll(() => lexicalText(page)).toBe('');
  expect(errors).toEqual([]);
  await page.close();
});

it('reply guard: a draft with a card number is stopped; post anyway posts it and logs why', async () => {
  const { page } = await open(STATUS.url, ROOT.key);
  const draft = 'Hi Sam, I refunded the card 4111 1111 1111 1111 today.';
  await page.click(DRAFT);
  await page.keyboard.type(draft);
  const posted = () =>
    page.$$eval(
      'article[data-testid="tweet"] [data-testid="tweetText"]',
      (els) => els.filter((e) => e.textContent?.includes('4111 1111')).length,
    );
  await new Promise((r) => setTimeout(r, 500)); // the thread's own brand reply may still be recorded
  const before = (await events(ROOT.key)).length;

  await page.click(REPLY);
  await poll(() => deepExists(page, '[data-testid="carebar-reply-guard"]')).toBe(true);
  expect(await deepAttr(page, '[data-testid="carebar-reply-guard-reason"]', 'data-kind')).toBe('personal-data');
  for (const choice of ['edit', 'dm', 'post']) expect(await deepExists(page, `[data-testid="carebar-reply-guard-${choice}"]`)).toBe(true);
  // Stopped: nothing posted, nothing recorded, the text untouched.
  expect(await page.$('[data-testid="toast"]')).toBeNull();
  expect(await posted()).toBe(0);
  expect((await events(ROOT.key)).length).toBe(before);
  expect(await draftText(page)).toBe(draft);

  // Edit closes the dialog and keeps the text; the next submit (Ctrl+Enter) is stopped again.
  await deepClick(page, '[data-testid="carebar-reply-guard-edit"]');
  await poll(() => deepExists(page, '[data-testid="carebar-reply-guard"]')).toBe(false);
  await pressCtrl(page, 'Enter');
  await poll(() => deepExists(page, '[data-testid="carebar-reply-guard"]')).toBe(true);

  await deepClick(page, '[data-testid="carebar-reply-guard-post"]');
  await poll(() => page.$eval('[data-testid="toast"]', (e) => e.textContent).catch(() => null)).toContain('Your post was sent.');
  expect(await posted()).toBe(1);
  await poll(() => stateOf(page, ROOT.key)).toBe('replied');
  await poll(async () => (await events(ROOT.key)).map((e) => e.note)).toContain('posted anyway: personal-data');
  await page.close();
});

it('X: the DM prompt says why; move to DM puts the public DM request into Draft.js once, opens the profile, sets dm; closing the loop closes it', async () => {
  const { page, errors } = await open(STATUS.url, ROOT.key);
  await poll(() => shadowAttr(page, toolbarSelector(ROOT.key), 'carebar-dm-prompt', 'data-reason')).toBe('email order account-request');
  // Nothing found, no prompt; the button is always there.
  expect(await offers(page, BYSTANDER.key, 'carebar-move-dm')).toBe(true);
  expect(await shadowAttr(page, toolbarSelector(BYSTANDER.key), 'carebar-dm-prompt', 'data-reason')).toBeNull();

  const dmTab = waitForTab(ff().browser, /^https:\/\/x\.com\/AcmeCustomer$/);
  await clickInToolbar(page, ROOT.key, 'carebar-move-dm');
  await dmTab; // no numeric id on the page: the profile, whose Message button opens the DM
  await page.bringToFront();
  await poll(() => stateOf(page, ROOT.key)).toBe('dm');
  await poll(() => draftText(page)).toMatch(/direct message|DM/i);
  const request = await draftText(page);
  expect(request.length).toBeGreaterThan(20);
  expect(await domText(page, DRAFT)).toBe(request); // once: the DOM shows exactly what Draft.js holds
  expect(count(request, request.slice(0, 30))).toBe(1);
  await poll(() => isDisabled(page, REPLY)).toBe(false);
  await poll(() => shadowAttr(page, toolbarSelector(ROOT.key), 'carebar-dm-hint', 'role')).toBe('status');
  const last = (await events(ROOT.key)).at(-1);
  expect(last).toMatchObject({ to: 'dm' });
  expect(last?.note).toMatch(/x-profile; public DM request inserted/);

  // The DM request goes out; "Resolved in DM?" offers the closing reply; posting it closes the item.
  await page.click(REPLY);
  await poll(() => page.$eval('[data-testid="toast"]', (e) => e.textContent).catch(() => null)).toContain('Your post was sent.');
  await clickInToolbar(page, ROOT.key, 'carebar-dm-resolved');
  await poll(() => draftText(page)).not.toBe('');
  const closing = await draftText(page);
  expect(await domText(page, DRAFT)).toBe(closing);
  await page.click(REPLY);
  await poll(() => stateOf(page, ROOT.key)).toBe('closed');
  expect(errors).toEqual([]);
  await page.close();
});

it('Facebook: move to DM puts the DM request into the Lexical box once and opens the Page inbox', async () => {
  const comment = FB_PAGE.items.find((i) => i.kind === 'comment' && i.authorName === 'Jane Doe')!;
  const { page, errors } = await open(FB_PAGE.url, comment.key);
  await poll(() => shadowAttr(page, toolbarSelector(comment.key), 'carebar-dm-prompt', 'data-reason')).toMatch(/(^| )order( |$)/);
  const inbox = waitForTab(ff().browser, /^https:\/\/business\.facebook\.com\/latest\/inbox\//);
  await clickInToolbar(page, comment.key, 'carebar-move-dm');
  await inbox; // never m.me
  await page.bringToFront();
  await poll(() => stateOf(page, comment.key)).toBe('dm');
  await poll(() => lexicalText(page)).not.toBe('');
  const request = await lexicalText(page);
  const all = await page.$$eval('div[role="textbox"][contenteditable="true"]', (els) => els.map((e) => e.textContent ?? '').join('\n'));
  expect(count(all, request.split('\n')[0])).toBe(1);
  await poll(async () => (await events(comment.key)).map((e) => e.note)).toContain('private reply opened');
  expect(errors).toEqual([]);
  await page.close();
});
