import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// Issue 11: size budgets of the built extension, checked in `npm test` after the build (this suite runs on the build
// output, like every e2e spec). Deterministic: bytes on disk and gzip level 9, never timings. Set from the sizes of
// 2026-11-30 (X 36.4 KB, Facebook 38.7 KB, background 176.4 KB gzipped) with ~20% headroom: a change that needs more
// says so here, on purpose. Raised to 48 KB the same day when the toolbar, team presence and viral features landed
// (X 43.5 KB, Facebook 45.8 KB). Lowered to 38 KB when the interactive UI moved to overlay-ui.js (loaded on first
// use), Preact and webextension-polyfill left the content scripts (X 33.7 KB, Facebook 35.8 KB). Per site since
// session 7 (terser, viral reading and settings defaults moved out, a slim WXT context): X 23.1 KB, Facebook 25.4 KB,
// each with ~1 KB headroom; the business-hours arithmetic moved out (loaded only when hours are set): X 22.8 KB,
// Facebook 25.1 KB; Facebook's reply-box opener moved out: Facebook 24.9 KB; the panels' surface colours moved to
// their own sheet: X 22.6 KB, Facebook 24.8 KB. Session 8, each with ~0.3 KB headroom: what the customer chip, key
// and hover do, the DM flow's hints and the shortcut help's words moved to the interactive UI, and its parts are made
// from the page context: X 22.5 KB, Facebook 24.6 KB. Session 9: Facebook's URL and time data as strings split once,
// one parse of a URL's segments, the reload hint's CSS minified: X 22.7 KB, Facebook 24.7 KB; X's adapter reads a
// post's parts with single-selector queries (faster scans, 0557980): X 22.9 KB; `let` for `const` before terser:
// X 22.8 KB, Facebook 24.6 KB; stylesheets minified by lightningcss: X 22.76 KB, Facebook 24.54 KB; X's signed-in
// account read once per batch (df94474): X 22.83 KB; the menu's icons as the row's CSS masks (no SVG builder in the
// content scripts): X 22.58 KB, Facebook 24.29 KB. Session 10: the row's rules for what only an action or team mode
// draws (undo, busy, the DM flow's hints, the team badge) moved to the panels' sheet: X 22.28 KB, Facebook 24.06 KB;
// the viral badge moved to the engagement scripts: X 22.14 KB, Facebook 23.92 KB; only the primary actions' table at
// rest: X 22.01 KB, Facebook 23.90 KB; brand accounts compared in their stored form (a v8 migration), so no account
// parsers: X 21.86 KB, Facebook 23.68 KB; the undo offer drawn by the interactive UI: X 21.69 KB, Facebook 23.51 KB.
// Session 11: requests over one port in Chrome too (the port client was Firefox-only and tree-shaken from Chrome's
// build; ~10 % less of Carebar's time per 100 toolbars): X 21.83 KB, Facebook 23.62 KB, budgets raised by 0.05 KB;
// a toolbar's stylesheet adopted when it is drawn, not when mounted (no CSS parsed while a page whose posts are all
// below the fold loads): X 21.86 KB, Facebook 23.63 KB, the X budget raised to 21.9 KB; change notices on the
// requests port (one port per page, not two): X 21.81 KB, Facebook 23.57 KB, budgets X 21.83 KB, Facebook 23.59 KB.
// Session 12: no window message announcing the content script (the page read the extension's id in it): X 21.75 KB,
// Facebook 23.50 KB, budgets X 21.77 KB, Facebook 23.52 KB.
// The toolbar issue's target (≤ 20 KB gzip per content script) is still not met (BENCHMARKS.md, toolbar section).

const OUT = path.join(process.env.CAREBAR_OUT_DIR ?? '.output', 'chrome-mv3');
const manifest = () => JSON.parse(readFileSync(path.join(OUT, 'manifest.json'), 'utf8'));
const gzipped = (file: string) => gzipSync(readFileSync(path.join(OUT, file)), { level: 9 }).length;
const KB = 1024;

const CONTENT_SCRIPT_GZIP: Record<string, number> = { 'content-scripts/x.js': 21.77 * KB, 'content-scripts/facebook.js': 23.52 * KB };
/**
 * The interactive UI the content scripts load on first use (palette, guard, help, counter; 10.7 KB). Raised to 20 KB
 * when the features' interaction-only bodies moved in from the content scripts (snippet controller, DM flow and
 * reply guard, shortcut keys, customer card frame: 16.4 KB). Raised to 22 KB when team mode's content side (store,
 * port, badge) moved in, loaded only when team mode is on (19.1 → 21.0 KB; x.js 28.9 → 27.2 KB). 21.2 KB in session 7
 * (terser; the settings' defaults, used when the background cannot answer, moved in from the content scripts).
 * Raised to 22.8 KB in session 10 when the row's rules for undo, busy, the DM flow's hints and the team badge, and the
 * undo offer's drawing, moved in from the content scripts (21.8 → 22.5 KB).
 */
const OVERLAY_UI_GZIP = 22.8 * KB;
/**
 * The other scripts the content scripts load when needed: each site's engagement reader for viral risk
 * (lib/content/engagement.ts), loaded on the first reading: X's 1.9 KB, Facebook's 1.4 KB (2.3 and 1.8 KB since the
 * viral badge moved in from the content scripts, session 10); the SLA clock's business-hours arithmetic (0.9 KB),
 * loaded only when the team's business hours are set; Facebook's reply-box opener for the snippet palette (3.4 KB: it
 * reads comments and threads with the adapter's own parts), loaded on first use.
 */
const LAZY_GZIP: Record<string, number> = {
  'engagement-x.js': 2.5 * KB,
  'engagement-facebook.js': 2.5 * KB,
  'business-hours.js': 1.5 * KB,
  'facebook-reply-box.js': 4 * KB,
};
const BACKGROUND_GZIP = 340 * KB;

test('every content script (one per site) stays within its gzip budget', () => {
  const scripts: { matches: string[]; js: string[] }[] = manifest().content_scripts;
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  const sizes = scripts.flatMap((s) => s.js.map((file) => ({ file, sites: s.matches.join(' '), gzip: gzipped(file) })));
  expect(sizes.map((s) => s.file).sort()).toEqual(Object.keys(CONTENT_SCRIPT_GZIP).sort());
  for (const s of sizes)
    expect(s.gzip, `${s.file} (${s.sites}): ${(s.gzip / KB).toFixed(1)} KB gzip`).toBeLessThanOrEqual(CONTENT_SCRIPT_GZIP[s.file]);
});

test('the interactive UI loaded on first use stays within its budget and is web-accessible to the sites only', () => {
  const size = gzipped('overlay-ui.js');
  expect(size, `overlay-ui.js: ${(size / KB).toFixed(1)} KB gzip`).toBeLessThanOrEqual(OVERLAY_UI_GZIP);
  const sites = [...new Set((manifest().content_scripts as { matches: string[] }[]).flatMap((s) => s.matches))].sort();
  const entries = (manifest().web_accessible_resources as { resources: string[]; matches: string[] }[]).filter((w) =>
    w.resources.includes('overlay-ui.js'),
  );
  expect(entries.length).toBe(1);
  expect([...entries[0].matches].sort()).toEqual(sites);
});

test('the other scripts loaded when needed (engagement readers, business hours, Facebook reply box) stay within their budgets and are web-accessible to the sites only', () => {
  const sites = [...new Set((manifest().content_scripts as { matches: string[] }[]).flatMap((s) => s.matches))].sort();
  for (const [file, budget] of Object.entries(LAZY_GZIP)) {
    const size = gzipped(file);
    expect(size, `${file}: ${(size / KB).toFixed(1)} KB gzip`).toBeLessThanOrEqual(budget);
    const entries = (manifest().web_accessible_resources as { resources: string[]; matches: string[] }[]).filter((w) =>
      w.resources.includes(file),
    );
    expect(entries.length).toBe(1);
    expect([...entries[0].matches].sort()).toEqual(sites);
  }
});

test('the background service worker stays within its gzip budget', () => {
  const file = manifest().background.service_worker as string;
  expect(existsSync(path.join(OUT, file))).toBe(true);
  const size = gzipped(file);
  expect(size, `${file}: ${(size / KB).toFixed(1)} KB gzip`).toBeLessThanOrEqual(BACKGROUND_GZIP);
});
