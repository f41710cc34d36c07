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

const FB = JSON.parse(readFileSync('tests/fixtures/facebook/expected.json', 'utf8'));
const FB_POST = FB.pages['page-post'];
const BOB = FB_POST.items.find((i: { authorHandle: string }) => i.authorHandle === 'bobsmith.writes');

test('the solo agent edits the evaluation form; a reply sent from the Facebook composer is kept and reviewed with it', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  expect(await callApi(ext, 'settings.update', { settings: SETTINGS })).toMatchObject({ ok: true });
  expect(BOB.kind).toBe('comment');

  // A reply to Bob's comment, written in the replica's own Lexical reply box and sent with Enter.
  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(FB_POST.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${BOB.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });
  const comment = tab.locator('div[role="article"][aria-label^="Comment by Robert"]').first();
  await comment.getByRole('button', { name: 'Reply', exact: true }).click();
  const box = tab.locator('div[role="textbox"][contenteditable="true"][data-lexical-editor="true"][aria-label="Reply as Acme Support"]');
  await expect(box).toBeFocused();
  const reply = 'sorry about the double charge, the refund is on its way today. ^AL';
  await tab.keyboard.type(reply);
  await tab.keyboard.press('Enter');
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');
  let kept: { id: string; agent: string | null; channel: string; source: string; replyText: string } | undefined;
  await expect
    .poll(async () => {
      kept = (await callApi(ext, 'qa.queue', {})).data.entries.map((e) => e.interaction).find((i) => i.itemKey === BOB.key && i.agent);
      return kept ? { agent: kept.agent, channel: kept.channel, source: kept.source } : null;
    })
    .toEqual({ agent: 'Ana Lopez', channel: 'facebook', source: 'composer' });
  expect(kept!.replyText).toContain(reply);

  // The QA page opens from the queue.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().startsWith(`chrome-extension://${extensionId}/qa.html`) });
  await panel.getByTestId('carebar-qa-link').click();
  const qa = await opened;
  await qa.setViewportSize({ width: 1280, height: 900 });

  // The form: empathy weighs 4 on a yes/no scale, probing needs no comment on a fail, "trending" goes, a new
  // criterion (weight 3, comment required on a fail) joins.
  await qa.getByTestId('carebar-qa-tab-form').click();
  const rows = qa.getByTestId('carebar-qa-form-criterion');
  await expect(rows).toHaveCount(15);
  const labelOf = (i: number) => rows.nth(i).locator('input').first();
  await expect(labelOf(0)).toHaveValue('Provides empathy');
  await rows.nth(0).locator('input[type="number"]').fill('4');
  await rows.nth(0).locator('select').selectOption('yesno');
  await expect(labelOf(1)).toHaveValue('Asks probing questions');
  await rows.nth(1).locator('input[type="checkbox"]').uncheck();
  await expect(labelOf(9)).toHaveValue('Aware of trending topics');
  await rows.nth(9).getByRole('button', { name: 'Remove' }).click();
  await expect(rows).toHaveCount(14);
  await qa.getByRole('button', { name: 'Add criterion' }).click();
  await expect(rows).toHaveCount(15);
  const added = rows.nth(14);
  await expect(added.locator('input[type="checkbox"]')).toBeChecked();
  await added.locator('input').first().fill('Moves order details to DM');
  await added.locator('input[type="number"]').fill('3');
  await qa.getByTestId('carebar-qa-form-save').click();
  await expect
    .poll(async () =>
      (await callApi(ext, 'qa.config', {})).data.form.criteria.map((c) => `${c.id}:${c.weight}:${c.scale}:${c.commentOnFail}`),
    )
    .toEqual(expect.arrayContaining(['empathy:4:yesno:true', 'probing:1:five:false', 'moves-order-details-to-dm:3:yesno:true']));
  const saved = (await callApi(ext, 'qa.config', {})).data.form.criteria;
  expect(saved).toHaveLength(15);
  expect(saved.map((c) => c.id)).not.toContain('trending');
  const totalWeight = saved.reduce((s, c) => s + c.weight, 0);
  expect(totalWeight).toBe(25);

  // A later review uses it (after a reload: the form is stored, not only on screen).
  await qa.reload();
  await qa.getByTestId('carebar-qa-tab-review').click();
  const item = qa.locator(`[data-testid="carebar-qa-item"][data-item-key="${BOB.key}"]`).filter({ hasText: 'Ana Lopez' });
  await item.click();
  await expect(qa.getByTestId('carebar-qa-reply')).toContainText(reply);
  const answer = (id: string) => qa.locator(`[data-testid="carebar-qa-answer"][data-criterion="${id}"]`);
  await expect(answer('trending')).toHaveCount(0);
  expect(
    await answer('empathy')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
  ).not.toContain('5');
  await expect(qa.locator('[data-testid="carebar-qa-criterion"][data-criterion="moves-order-details-to-dm"]')).toContainText(
    'Moves order details to DM',
  );
  for (const select of await qa.getByTestId('carebar-qa-answer').all()) {
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await select.selectOption(options.includes('5') ? '5' : 'yes');
  }
  const save = qa.getByTestId('carebar-qa-save');
  const score = qa.getByTestId('carebar-qa-score');
  await expect(score).toHaveAttribute('data-score', '100');
  await expect(save).toBeEnabled();
  // Three fails: empathy (weight 4) and the new criterion (3) need a comment; probing (1) does not.
  await answer('empathy').selectOption('no');
  await answer('moves-order-details-to-dm').selectOption('no');
  await answer('probing').selectOption('1');
  await expect(score).toHaveAttribute('data-score', String(Math.round((1000 * (totalWeight - 8)) / totalWeight) / 10)); // 68
  await expect(score).toHaveAttribute('data-score', '68');
  await expect(save).toBeDisabled();
  await qa.locator('[data-testid="carebar-qa-comment"][data-criterion="moves-order-details-to-dm"]').fill('Order numbers go to DM.');
  await expect(save).toBeDisabled();
  await qa.locator('[data-testid="carebar-qa-comment"][data-criterion="empathy"]').fill('Acknowledge the double charge first.');
  await expect(save).toBeEnabled();
  await save.click();
  await expect(item).toHaveAttribute('data-reviewed', 'true');
  await expect(item).toContainText('68%');
  const review = (await callApi(ext, 'qa.queue', {})).data.entries.find((e) => e.interaction.id === kept!.id)?.review;
  expect(review).toMatchObject({ score: 68 });
  expect(errors).toEqual([]);
});
