// Issue 17.1 in real Chromium on the replicas: the brand's reply appearing in the thread under a customer item is kept
// for review — once per reply, with the reply's own time, the brand account and no agent — unless it is the reply
// this agent just sent from the site's composer, which stays that agent's interaction and gains the reply's key.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { callApi } from './api';
import { expect, test } from './harness';
import { qualitySetup } from './quality-setup';

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));
const STATUS = X.pages.status;
const ROOT = STATUS.posts[0];
const X_REPLIES = STATUS.posts.filter((p: { authorHandle: string }) => p.authorHandle === 'AcmeSupport');
const FB = JSON.parse(readFileSync('tests/fixtures/facebook/expected.json', 'utf8'));
const PAGE_POST = FB.pages['page-post'];

/** Every interaction kept (the review queue samples them; with a handful of replies it shows them all). */
async function interactions(ext: Page) {
  const reply = await callApi(ext, 'qa.queue', {});
  expect(reply.ok).toBe(true);
  return reply.data.entries.map((e) => e.interaction);
}

test("X: the brand's replies in the thread are interactions once each; the agent's own reply stays the agent's", async ({ extension }) => {
  const { context, extensionId } = extension;
  const { ext, tab, errors } = await qualitySetup(context, extensionId);
  expect(X_REPLIES).toHaveLength(2);

  await tab.goto(STATUS.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${ROOT.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 30_000 });
  await expect.poll(async () => (await interactions(ext)).length, { timeout: 15_000 }).toBe(2);
  const seen = (await interactions(ext)).sort((a, b) => a.repliedAt.localeCompare(b.repliedAt));
  expect(seen).toEqual(
    X_REPLIES.map((r: { key: string; text: string; postedAt: string }) =>
      expect.objectContaining({
        itemKey: ROOT.key,
        source: 'thread',
        agent: null,
        replyBy: 'AcmeSupport',
        replyKey: r.key,
        replyText: r.text,
        repliedAt: r.postedAt,
        customerHandle: ROOT.authorHandle,
      }),
    ),
  );

  // Another visit: the same replies, no new interactions.
  await tab.reload();
  await expect(toolbar.getByTestId('carebar-state')).toBeVisible({ timeout: 30_000 });
  await tab.waitForTimeout(1500);
  expect((await interactions(ext)).map((i) => i.replyKey).sort()).toEqual(X_REPLIES.map((r: { key: string }) => r.key).sort());

  // The agent replies from X's composer; the reply then shows in the thread: one interaction, the agent's.
  const reply = 'Hi Sam, the replacement jar shipped this morning. Tracking follows by email. ^AL';
  await tab.locator('.DraftEditor-root [data-testid="tweetTextarea_0"][contenteditable="true"]').click();
  await tab.keyboard.type(reply);
  await tab.getByTestId('tweetButtonInline').click();
  await expect(tab.getByTestId('toast')).toContainText('Your post was sent.');
  const sentKey = `x:${(await tab.getByTestId('toast').getByRole('link').getAttribute('href'))!.split('/').pop()}`;
  await expect(tab.locator(`article[data-testid="tweet"]:has(a[href$="/status/${sentKey.slice(2)}"])`)).toHaveCount(1);
  await expect
    .poll(async () => (await interactions(ext)).find((i) => i.agent === 'Ana Lopez')?.replyKey ?? null, { timeout: 15_000 })
    .toBe(sentKey);
  const all = await interactions(ext);
  expect(all).toHaveLength(3);
  expect(all.find((i) => i.agent === 'Ana Lopez')).toMatchObject({ source: 'composer', replyText: reply, itemKey: ROOT.key });
  expect(errors).toEqual([]);
});

test("Facebook: the Page's comment replies are interactions on the comments they answer", async ({ extension }) => {
  const { context, extensionId } = extension;
  const { ext, tab, errors } = await qualitySetup(context, extensionId);
  const replies = PAGE_POST.items.filter(
    (i: { authorHandle: string; kind: string }) => i.authorHandle === 'AcmeSupport' && i.kind === 'comment',
  );
  expect(replies.length).toBe(2);

  await tab.goto(PAGE_POST.url);
  await expect(tab.getByTestId('carebar-toolbar').first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await interactions(ext)).length, { timeout: 15_000 }).toBe(2);
  const seen = await interactions(ext);
  for (const r of replies) {
    const kept = seen.find((i) => i.replyKey === r.key);
    expect(kept, r.key).toMatchObject({
      itemKey: r.inReplyToKey,
      channel: 'facebook',
      source: 'thread',
      agent: null,
      replyBy: 'AcmeSupport',
    });
    expect(kept!.replyText).toContain(r.textIncludes);
  }
  // The answered comments are replied.
  for (const r of replies)
    await expect(
      tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${r.inReplyToKey}"]`).getByTestId('carebar-state'),
    ).toHaveAttribute('data-state', 'replied');
  expect(errors).toEqual([]);
});
