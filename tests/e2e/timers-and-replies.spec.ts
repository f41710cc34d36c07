import { callApi, openExtensionPage } from './api';
import { installFakeClock } from './fake-clock';
import { expect, test } from './harness';
import { FACEBOOK, X } from '../fixtures/replica-pages';

test('timers go ok → due → breached on a fake clock with the default X policy; claim keeps it, a reply stops it, undo restarts it', async ({
  extension,
}) => {
  const post = X.pages.search.posts[1];
  const postedMs = Date.parse(post.postedAt);
  const tab = await extension.context.newPage();
  // The tab's clock (and so the content script's) starts one minute after the customer posted.
  const clock = await installFakeClock(tab, postedMs + 60_000);
  const waitedSec = () => Math.floor((clock.now() - postedMs) / 1000);
  /** Put the tab's clock at `sec` seconds after the post. */
  const waitedFor = (sec: number) => clock.advance(postedMs + sec * 1000 - clock.now());

  await clock.run(tab.goto(X.pages.search.url));
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`);
  const timer = toolbar.getByTestId('carebar-timer');
  await clock.run(expect(timer).toHaveAttribute('data-sla-state', 'ok', { timeout: 30_000 }));
  const age = async () => Number(await timer.getAttribute('data-age-seconds'));
  // The timer ticks once a second, so it shows the wait as of its last tick: at most a second behind the clock.
  const expectAge = async (sec: number) => {
    expect(await age()).toBeLessThanOrEqual(sec);
    expect(await age()).toBeGreaterThanOrEqual(sec - 1);
  };
  expect(await age()).toBeGreaterThanOrEqual(60);
  expect(await age()).toBeLessThanOrEqual(waitedSec());

  // Default X policy: due from 15 min, breached from 30 min.
  await waitedFor(15 * 60 - 3);
  await expect(timer).toHaveAttribute('data-sla-state', 'ok');
  await expectAge(15 * 60 - 3);
  await waitedFor(15 * 60 + 2);
  await expect(timer).toHaveAttribute('data-sla-state', 'due');
  await expectAge(15 * 60 + 2);
  await waitedFor(30 * 60 - 3);
  await expect(timer).toHaveAttribute('data-sla-state', 'due');
  await waitedFor(31 * 60);
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
  await expectAge(31 * 60);

  // Claimed items keep their clock.
  await clock.run(toolbar.getByTestId('carebar-claim').click());
  await clock.run(expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed'));
  await clock.advance(60_000);
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
  await expectAge(waitedSec());

  // Answered ones stop it. The tab's clock runs at real speed from the reply to the undo, and the background
  // checks the 10 s undo window in real time, so this undo is a real one within 10 s.
  await clock.run(toolbar.getByTestId('carebar-mark-replied').click());
  await clock.run(expect(timer).toHaveAttribute('data-sla-state', 'stopped'));
  await clock.run(toolbar.getByTestId('carebar-undo').click());
  await clock.run(expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed'));
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
  await expectAge(waitedSec());

  // A stopped clock stays stopped while time goes on.
  await clock.run(toolbar.getByTestId('carebar-mark-replied').click());
  await clock.run(expect(timer).toHaveAttribute('data-sla-state', 'stopped'));
  const stoppedAt = await age();
  await clock.advance(10 * 60_000);
  await expect(timer).toHaveAttribute('data-sla-state', 'stopped');
  expect(await age()).toBe(stoppedAt);
});

test('a policy change applies to open items at once, with the clock standing still', async ({ extension }) => {
  const { context, extensionId } = extension;
  const post = X.pages.search.posts[1];
  const postedMs = Date.parse(post.postedAt);
  const tab = await context.newPage();
  const clock = await installFakeClock(tab, postedMs + 5 * 60_000);
  await clock.run(tab.goto(X.pages.search.url));
  const timer = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`).getByTestId('carebar-timer');
  await clock.run(expect(timer).toHaveAttribute('data-sla-state', 'ok', { timeout: 30_000 }));
  const before = clock.now();
  const ageBefore = await timer.getAttribute('data-age-seconds');

  const ext = await openExtensionPage(context, extensionId);
  const setXPolicy = async (targetSec: number, breachSec: number) => {
    const saved = await callApi(ext, 'settings.update', {
      settings: { sla: { x: { targetSec, breachSec }, facebook: { targetSec: 1500, breachSec: 86400 } } },
    });
    expect(saved.ok).toBe(true);
  };
  // The post has waited about five minutes: a 2 min target makes it due, a 4 min breach level breached.
  await setXPolicy(120, 3600);
  await expect(timer).toHaveAttribute('data-sla-state', 'due');
  await setXPolicy(120, 240);
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
  await setXPolicy(15 * 60, 30 * 60);
  await expect(timer).toHaveAttribute('data-sla-state', 'ok');
  // No time passed in the tab: the policy alone moved the timer.
  expect(clock.now()).toBe(before);
  expect(await timer.getAttribute('data-age-seconds')).toBe(ageBefore);
});

test('business hours (their arithmetic loaded only when set) pause the clock from the first drawn timer; cleared, it runs', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  // Open one hour a week, on a day that is not today (UTC): the clock is paused now.
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const other = days[(new Date().getUTCDay() + 3) % 7];
  const closed = Object.fromEntries(days.map((d) => [d, d === other ? [['09:00', '10:00']] : []]));
  const setHours = async (businessHours: unknown) =>
    expect((await callApi(ext, 'settings.update', { settings: { businessHours } })).ok).toBe(true);
  await setHours({ timeZone: 'UTC', days: closed });

  const post = X.pages.search.posts[1];
  const tab = await context.newPage();
  await tab.goto(X.pages.search.url);
  const timer = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`).getByTestId('carebar-timer');
  await timer.waitFor({ timeout: 30_000 });
  // Right as it is drawn, not after a correction.
  expect(await timer.getAttribute('data-sla-state')).toBe('paused');

  await setHours(null);
  await expect(timer).not.toHaveAttribute('data-sla-state', 'paused');
  await setHours({ timeZone: 'UTC', days: closed });
  await expect(timer).toHaveAttribute('data-sla-state', 'paused');
});

test('submitting the site’s own composer marks the item replied (Facebook, Enter in Lexical)', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await callApi(ext, 'settings.update', { settings: { agentName: 'Sam Rivera' } });
  const page = FACEBOOK.pages['group-post'];
  const story = page.items.find((i) => i.kind === 'post')!;
  const tab = await context.newPage();
  await tab.goto(page.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${story.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });

  const composer = tab.locator(`div[role="textbox"][contenteditable="true"][aria-label="${page.composerLabel}"]`).first();
  await composer.click();
  await tab.keyboard.type('Thanks for flagging this, we are on it.');
  await tab.keyboard.press('Enter');
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 5_000 });
  const history = await callApi(ext, 'items.history', { key: story.key });
  expect(history.data.events.at(-1)).toMatchObject({ to: 'replied', agent: 'Sam Rivera' });
});

test('keyboard shortcuts act on the focused post, and ? shows the help', async ({ extension }) => {
  const tab = await extension.context.newPage();
  await tab.goto(X.pages.notifications.url);
  const keys = X.pages.notifications.posts.map((p) => p.key);
  await expect(tab.locator('[data-testid="carebar-toolbar"]')).toHaveCount(keys.length, { timeout: 30_000 });
  await tab.locator('body').click({ position: { x: 5, y: 5 } });
  await tab.keyboard.press('j');
  await tab.keyboard.press('j');
  await tab.keyboard.press('c');
  const second = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${keys[1]}"]`);
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await tab.keyboard.press('r');
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');
  await tab.keyboard.press('i'); // replied → ignored is not a move the state machine allows
  await tab.keyboard.press('u'); // undo the reply within 10 s
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  // k goes back to the first post.
  await tab.keyboard.press('k');
  await tab.keyboard.press('c');
  await expect(tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${keys[0]}"]`).getByTestId('carebar-state')).toHaveAttribute(
    'data-state',
    'claimed',
  );
  await tab.keyboard.press('?');
  await expect(tab.getByTestId('carebar-shortcut-help')).toBeVisible();
});
