// Cost of Carebar on real X markup: ../shared/fixtures/x/status-page-conversation.html (13 posts, saved from x.com)
// served at an x.com URL, loaded BENCH_REAL_RUNS times (default 7) with the extension and as many times without.
// Per load, from navigation until the toolbars are in and the page has rested 1.5 s (and again to 5 s after the
// toolbars came in, which counts the work Carebar defers past the load):
// - Carebar's own script time: CPU-profile samples (100 µs) whose stack runs through the content script (its
//   compile, its run, and what it calls: DOM, layout it forces, messaging);
// - all main-thread time (CDP TaskDuration), with minus without.
// Medians are reported. Skipped with a message when ../shared is absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from './find-browser.mjs';
import { launchWithExtension } from './launch-extension.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** ../shared beside the checkout (CAREBAR_SHARED_DIR when the checkout lives elsewhere, e.g. a git worktree). */
export const SHARED_DIR = process.env.CAREBAR_SHARED_DIR ?? path.resolve(root, '../shared');
export const REAL_CONVERSATION = path.join(SHARED_DIR, 'fixtures/x/status-page-conversation.html');
/** The conversation's own URL shape (its first post's author and id). */
export const REAL_CONVERSATION_URL = 'https://x.com/birdman46049238/status/1852311426666537322';
const BLANK_URL = 'https://x.com/__carebar_bench_blank__';
const POSTS = 13;

/** The saved fragment as a whole document (scripts stripped: X's own code is not part of the capture). */
export function realConversationHtml() {
  const fragment = readFileSync(REAL_CONVERSATION, 'utf8').replace(/<script\b[\s\S]*?<\/script>/gi, '');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>X</title></head><body>${fragment}</body></html>`;
}

/** Serve the real capture (and a blank page on the same site) in this browser context. */
export async function routeRealConversation(context) {
  const html = realConversationHtml();
  await context.route(REAL_CONVERSATION_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await context.route(BLANK_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>blank</title>' }),
  );
}

/**
 * Carebar's code in a page's profile: every script from the extension's origin that runs in the page's renderer,
 * the content scripts and the scripts they import later (overlay-ui.js, engagement-*.js, business-hours.js, …).
 */
const OURS = /^chrome-extension:\/\//;

/**
 * Where Carebar's time goes (BENCH_REAL_PROFILE=1): self time of each function under Carebar's frames, summed over
 * the runs' profiles, the biggest first (build with CAREBAR_PROFILE=1 for readable names).
 */
const selfTimes = new Map();
function addSelfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const under = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (OURS.test(byId.get(cur).callFrame.url)) return true;
    return false;
  };
  profile.samples.forEach((id, i) => {
    if (!under(id)) return;
    const name = (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    const f = byId.get(id).callFrame;
    // A built-in (no url) is listed with the Carebar function that called it.
    let caller = parent.get(id);
    while (caller !== undefined && !byId.get(caller).callFrame.url) caller = parent.get(caller);
    const key = f.url ? name(f) : `${name(f)} <- ${caller === undefined ? '?' : name(byId.get(caller).callFrame)}`;
    selfTimes.set(key, (selfTimes.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
}

/** Whether a profile node's stack runs through Carebar's code (OURS). */
function carebarStack(profile) {
  const parent = new Map();
  const ours = new Map(profile.nodes.map((n) => [n.id, OURS.test(n.callFrame.url)]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const inCarebar = (id) => {
    if (memo.has(id)) return memo.get(id);
    const r = ours.get(id) || (parent.has(id) ? inCarebar(parent.get(id)) : false);
    memo.set(id, r);
    return r;
  };
  return inCarebar;
}

/** Milliseconds of a CPU profile's samples whose stack runs through Carebar's code (OURS). */
export function carebarMs(profile) {
  if (process.env.BENCH_REAL_PROFILE) addSelfTimes(profile);
  const inCarebar = carebarStack(profile);
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (inCarebar(id)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
}

/**
 * The same samples counted rather than summed: Carebar's samples times the profile's median interval. On a busy
 * 2-core machine the profiler does not keep its interval and a few long gaps (ms, not µs) land on whatever frame was
 * on top; this count leaves them out (they may be waiting for a core, or Carebar running while the sampler waited:
 * a profile cannot tell). Reported beside the summed figure, never instead of it (BENCHMARKS.md, session 13).
 */
export function carebarSampledMs(profile) {
  if (profile.timeDeltas.length < 2) return 0;
  const interval = median(profile.timeDeltas.slice(1)) / 1000;
  const inCarebar = carebarStack(profile);
  return profile.samples.filter(inCarebar).length * interval;
}

export async function loadOnce(context, withCarebar) {
  const page = await context.newPage();
  await page.goto(BLANK_URL); // same site first: the renderer (and the profiler in it) stays across the navigation
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  const task = () => metric('TaskDuration');
  // CPU time of the main thread: on a busy shared machine it moves less than wall-clock task time.
  const cpu = () => metric('ThreadTime');
  const t0 = await task();
  const c0 = await cpu();
  await cdp.send('Profiler.start');
  await page.goto(REAL_CONVERSATION_URL);
  // The same wait on both sides (polled every 100 ms: the harness's own checks cost both loads alike): the posts are
  // in, and with Carebar their toolbars too.
  await page
    .waitForFunction(
      ([n, withCarebar]) =>
        document.querySelectorAll('article').length >= n &&
        (!withCarebar || document.querySelectorAll('[data-testid="carebar-toolbar"]').length >= n),
      [POSTS, withCarebar],
      { timeout: 15_000, polling: 100 },
    )
    .catch(() => {});
  await page.waitForTimeout(1500); // the page rests: deferred work, clocks' first ticks, messages answered
  const { profile } = await cdp.send('Profiler.stop');
  const t1 = await task();
  const c1 = await cpu();
  // Then up to 5 s after the toolbars came in: work deferred past the load (rows of posts off screen, drawn in idle
  // time from 2 s on; the viral counts' first reading) is counted here, not hidden.
  await cdp.send('Profiler.start');
  await page.waitForTimeout(3500);
  const { profile: later } = await cdp.send('Profiler.stop');
  const t2 = await task();
  const toolbars = withCarebar ? await page.locator('[data-testid="carebar-toolbar"]').count() : 0;
  await page.close();
  const carebarLoadMs = withCarebar ? carebarMs(profile) : 0;
  return {
    taskMs: (t1 - t0) * 1000,
    cpuMs: (c1 - c0) * 1000,
    carebarMs: carebarLoadMs,
    carebarSampledMs: withCarebar ? carebarSampledMs(profile) : 0,
    toolbars,
    taskTo5sMs: (t2 - t0) * 1000,
    carebarTo5sMs: withCarebar ? carebarLoadMs + carebarMs(later) : 0,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function benchRealPage(runs = Number(process.env.BENCH_REAL_RUNS ?? 7)) {
  if (!existsSync(REAL_CONVERSATION)) return { skipped: `no ${REAL_CONVERSATION} (../shared is absent)` };
  const withExt = await launchWithExtension();
  const plain = await chromium.launchPersistentContext('', {
    executablePath: findBrowser(),
    headless: true,
    args: BROWSER_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    await routeRealConversation(withExt.context);
    await routeRealConversation(plain);
    const w = [];
    const wo = [];
    // Interleaved, so a busy moment on the machine hits both sides alike.
    for (let i = 0; i < runs; i++) {
      wo.push(await loadOnce(plain, false));
      w.push(await loadOnce(withExt.context, true));
    }
    return {
      page: 'shared/fixtures/x/status-page-conversation.html at ' + REAL_CONVERSATION_URL,
      runs,
      toolbars: median(w.map((r) => r.toolbars)),
      carebarScriptMs: +median(w.map((r) => r.carebarMs)).toFixed(1),
      mainThreadWithMs: Math.round(median(w.map((r) => r.taskMs))),
      mainThreadWithoutMs: Math.round(median(wo.map((r) => r.taskMs))),
      mainThreadAddedMs: Math.round(median(w.map((r) => r.taskMs)) - median(wo.map((r) => r.taskMs))),
      mainThreadCpuAddedMs: Math.round(median(w.map((r) => r.cpuMs)) - median(wo.map((r) => r.cpuMs))),
      // From navigation to 5 s after the toolbars came in (off-screen rows drawn, first viral reading):
      carebarScriptMsTo5s: +median(w.map((r) => r.carebarTo5sMs)).toFixed(1),
      mainThreadAddedMsTo5s: Math.round(median(w.map((r) => r.taskTo5sMs)) - median(wo.map((r) => r.taskTo5sMs))),
      // Samples counted at the profile's own interval (see carebarSampledMs): long sampling gaps left out.
      carebarScriptMsCountedSamples: +median(w.map((r) => r.carebarSampledMs)).toFixed(1),
      carebarScriptMsFastestRun: +Math.min(...w.map((r) => r.carebarMs)).toFixed(1),
      carebarScriptMsEachRun: w.map((r) => +r.carebarMs.toFixed(1)),
    };
  } finally {
    await plain.close();
    await withExt.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchRealPage());
  if (process.env.BENCH_REAL_PROFILE)
    for (const [k, ms] of [...selfTimes].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(ms.toFixed(1).padStart(8), k);
}
