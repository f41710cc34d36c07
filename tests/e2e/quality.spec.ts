// Quality monitoring, listening and viral risk (issue 17) in real Chromium on the replicas: a reply sent from X's
// own composer is kept for review, scored on the QA page and its coaching note reaches the agent; brand keywords
// make a post without @ an item on the keyword search; a post whose counts grow between two visits is flagged
// rising, tops the queue and offers escalation with the reason filled in.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';
import { QUALITY_SETTINGS as SETTINGS, qualitySetup, queueRows, revisitChanged } from './quality-setup';

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));
const STATUS = X.pages.status;
const ROOT = STATUS.posts[0]; // @AcmeCustomer's complaint (posted days ago: the reply is past the SLA)
const SEARCH = X.pages.search;
const INSIDER = SEARCH.posts.find((p: { authorHandle: string }) => p.authorHandle === 'retail_insider');

test('a reply sent on the replica shows up for review, is scored, and the agent sees the coaching note', async ({ extension }) => {
  const { context, extensionId } = extension;
  const { ext, tab, errors } = await qualitySetup(context, extensionId);
  await tab.goto(STATUS.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${ROOT.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toBeVisible({ timeout: 30_000 });
  const reply = 'Hi Sam, so sorry about the jar. A replacement ships today and tracking follows by 6pm. ^AL';
  const editor = tab.locator('.DraftEditor-root [data-testid="tweetTextarea_0"][contenteditable="true"]');
  await editor.click();
  await tab.keyboard.type(reply);
  await tab.getByTestId('tweetButtonInline').click();
  await expect(tab.getByTestId('toast')).toContainText('Your post was sent.');
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');

  const qa = await context.newPage();
  await qa.setViewportSize({ width: 1280, height: 800 });
  await qa.goto(`chrome-extension://${extensionId}/qa.html`);
  // The agent's reply; @AcmeSupport's two replies already in the thread are kept too, without an agent.
  const forRoot = qa.locator(`[data-testid="carebar-qa-item"][data-item-key="${ROOT.key}"]`);
  await expect(forRoot).toHaveCount(3, { timeout: 10_000 });
  const item = forRoot.filter({ hasText: 'Ana Lopez' });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-reviewed', 'false');
  await expect(item).toContainText('SLA breached'); // days after the post: sampled because breached
  await item.click();
  await expect(qa.getByTestId('carebar-qa-reply')).toContainText(reply);
  // Pre-checks filled what Carebar measured: late, no personal data, signed.
  await expect(qa.locator('[data-testid="carebar-qa-answer"][data-criterion="response-time"]')).toHaveValue('no');
  await expect(qa.locator('[data-testid="carebar-qa-answer"][data-criterion="personal-data"]')).toHaveValue('yes');
  await expect(qa.locator('[data-testid="carebar-qa-answer"][data-criterion="initials"]')).toHaveValue('yes');
  const save = qa.getByTestId('carebar-qa-save');
  await expect(save).toBeDisabled();

  for (const select of await qa.getByTestId('carebar-qa-answer').all()) {
    if ((await select.inputValue()) !== '') continue;
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await select.selectOption(options.includes('4') ? '4' : 'yes');
  }
  await qa.locator('[data-testid="carebar-qa-answer"][data-criterion="empathy"]').selectOption('2');
  await expect(save).toBeDisabled(); // two fails without their comments
  await qa.locator('[data-testid="carebar-qa-comment"][data-criterion="empathy"]').fill('Open with Sam’s problem, not a stock apology.');
  await qa.locator('[data-testid="carebar-qa-comment"][data-criterion="response-time"]').fill('Four days late.');
  const note = 'Good fix and clear timing. Pick up breached posts first thing.';
  await qa.getByTestId('carebar-qa-coaching').fill(note);
  await expect(save).toBeEnabled();
  const score = Number(await qa.getByTestId('carebar-qa-score').getAttribute('data-score'));
  expect(score).toBeGreaterThan(0);
  expect(score).toBeLessThan(100);
  await qa.evaluate(() => window.scrollTo(0, 0));
  await qa.screenshot({ path: 'docs/qa-review.png' });
  await save.click();
  await expect(item).toHaveAttribute('data-reviewed', 'true');
  await expect(item).toContainText(`${score}%`);

  // Reports: the score per agent and week, and per criterion.
  await qa.getByTestId('carebar-qa-tab-scores').click();
  await expect(qa.locator('[data-testid="carebar-qa-agent-week"][data-agent="Ana Lopez"]')).toContainText(`${score}%`);
  await expect(qa.locator('[data-testid="carebar-qa-criterion-score"][data-criterion="empathy"]')).toContainText('25%');
  const csv = qa.waitForEvent('download');
  await qa.getByTestId('carebar-qa-export').click();
  expect((await csv).suggestedFilename()).toMatch(/^carebar-qa-.*\.csv$/);

  // The reports page's QA section: the same figures for the report's period, and the same CSV.
  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  const section = reports.getByTestId('carebar-report-qa');
  await expect(section).toHaveAttribute('data-role', 'solo');
  await expect(section.locator('[data-testid="carebar-qa-agent-week"][data-agent="Ana Lopez"]')).toContainText(`${score}%`);
  await expect(section.locator('[data-testid="carebar-qa-criterion-score"][data-criterion="empathy"]')).toContainText('25%');
  await expect(section.getByTestId('carebar-qa-count')).toHaveAttribute('data-count', '1');
  const reportCsv = reports.waitForEvent('download');
  await section.getByTestId('carebar-qa-export').click();
  const csvText = await readFile((await (await reportCsv).path())!, 'utf8');
  expect(csvText.split('\n')[0]).toContain('empathy comment');
  expect(csvText).toContain('Ana Lopez');
  await reports.close();

  // The agent's own page: the coaching note, unread until opened.
  const own = await context.newPage();
  await own.goto(`chrome-extension://${extensionId}/qa.html#coaching`);
  const coaching = own.getByTestId('carebar-coaching-note');
  await expect(coaching).toHaveCount(1);
  await expect(coaching).toContainText(note);
  await expect(coaching).toContainText(reply);
  await expect.poll(async () => (await callApi(ext, 'qa.coaching', {})).data.notes[0].note.readAt).not.toBeNull();
  expect(errors).toEqual([]);
});

test('listening: a keyword post without @ on the X keyword search gets a toolbar, an unrelated result does not', async ({ extension }) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  expect(await callApi(options, 'settings.update', { settings: SETTINGS })).toMatchObject({ ok: true });
  await options.reload();
  await options.getByTestId('carebar-listen-keywords').fill('Acme\nAcmeBlend 3000\n acme ');
  await options.getByTestId('carebar-listen-save').click();
  await expect(options.getByTestId('carebar-listening').getByRole('status')).toHaveText('Saved.');
  expect((await callApi(options, 'settings.get', {})).data.settings.listening).toEqual({ keywords: ['Acme', 'AcmeBlend 3000'] });

  // The saved search opens from the queue.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const href = await panel.getByTestId('carebar-listen-search').getAttribute('href');
  expect(href).toBe('https://x.com/search?q=Acme%20OR%20%22AcmeBlend%203000%22&src=typed_query&f=live');

  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(href!);
  const keyword = tab.locator('article[data-testid="tweet"]', { hasText: 'Day 3 of my Acme blender' });
  const unrelated = tab.locator('article[data-testid="tweet"]', { hasText: 'acmeist painters' });
  await expect(unrelated).toHaveCount(1);
  await expect(keyword.getByTestId('carebar-toolbar')).toHaveCount(1, { timeout: 30_000 });
  await expect(keyword.getByTestId('carebar-timer')).toBeVisible();
  await expect(unrelated.getByTestId('carebar-toolbar')).toHaveCount(0);

  // Without the keyword, the same post is not an item.
  await callApi(options, 'settings.update', { settings: { listening: { keywords: [] } } });
  await expect(keyword.getByTestId('carebar-toolbar')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a post whose counts grow between two visits is flagged rising, tops the queue and offers escalation with the reason', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const { ext, tab, errors } = await qualitySetup(context, extensionId);
  await tab.goto(SEARCH.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${INSIDER.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await callApi(ext, 'viral.history', { key: INSIDER.key })).data.samples.length).toBe(1);
  expect((await callApi(ext, 'viral.history', { key: INSIDER.key })).data.samples[0].counts).toEqual({
    replies: 8,
    reposts: 30,
    likes: 150,
    views: 22000,
    authorFollowers: null,
  });
  await expect(toolbar.getByTestId('carebar-viral')).toHaveCount(0);

  // The second visit: the post has been reposted 65 more times and liked 250 more (the page as X serves it then).
  const html = readFileSync('tests/fixtures/x/search.html', 'utf8');
  const at = html.indexOf(`/retail_insider/status/${INSIDER.postId}`);
  const start = html.lastIndexOf('<article', at);
  const end = html.indexOf('</article>', at);
  await revisitChanged(tab, /^https:\/\/x\.com\/search/, html, start, end, (article) =>
    article.replaceAll('30 reposts', '95 reposts').replaceAll('150 likes', '400 likes').replaceAll('150 Likes', '400 Likes'),
  );
  const viral = toolbar.getByTestId('carebar-viral');
  await expect(viral).toHaveAttribute('data-level', 'rising', { timeout: 30_000 });
  await expect(viral).toHaveAttribute('title', /Reposts growing [\d,]+\/h \(team threshold 100\/h\)/);

  // Tops the queue, ahead of older breached posts.
  const rows = await queueRows(context, extensionId);
  await expect(rows.first()).toHaveAttribute('data-carebar-id', INSIDER.key);
  await expect(rows.first()).toHaveAttribute('data-viral', 'rising');
  expect(await rows.count()).toBeGreaterThan(3);

  // Escalation with the reason filled in.
  await viral.getByTestId('carebar-viral-escalate').click();
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'escalated');
  const history = (await callApi(ext, 'items.history', { key: INSIDER.key })).data.events;
  expect(history.at(-1)?.note).toMatch(/^Going viral: Reposts growing/);
  await expect(viral.getByTestId('carebar-viral-escalate')).toHaveCount(0);
  expect(errors).toEqual([]);
});
