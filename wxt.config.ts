import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { SITE_MATCHES } from './lib/shared/sites/matches';

// Fixed Firefox add-on id: storage and managed policies are keyed by it, so it must never change.
export const GECKO_ID = 'carebar@carebar.app';

/**
 * twitter-text (background only) requires core-js 2 polyfills for ES5 browsers, which the supported ones never need;
 * one of them evaluates Function('return this'), which AMO's linter flags. Its requires are side-effect only.
 */
const withoutCoreJsPolyfills = {
  name: 'carebar:without-core-js-polyfills',
  enforce: 'pre' as const,
  resolveId: (id: string) => (id.startsWith('core-js/modules/') ? '\0carebar-no-polyfill' : null),
  load: (id: string) => (id === '\0carebar-no-polyfill' ? 'export {};' : null),
};

/**
 * WXT's content-script entry builds a ContentScriptContext with timers, a location watcher and a logger Carebar's
 * content scripts never use: they get lib/content/script-context.ts instead (the same signal and started-event
 * protocol; ~1 KB gzip less per content script).
 */
const slimContentScriptContext = {
  name: 'carebar:slim-content-script-context',
  enforce: 'pre' as const,
  resolveId: (id: string) =>
    id === 'wxt/utils/content-script-context' ? fileURLToPath(new URL('./lib/content/script-context.ts', import.meta.url)) : null,
};

/**
 * The scripts that run in the sites' pages declare with `let` where the source says `const` (#13.7): terser keeps
 * each `const` and cannot join it with the `let`s around it; ~160 B gzip less per content script. Behaviour is the
 * same: a `const` is never assigned again in code that type-checks, and `let` has the same block scope and temporal
 * dead zone. `let` plus two spaces keeps every column, so source maps stay right; terser drops the spaces.
 */
const letForConst = {
  name: 'carebar:let-for-const',
  renderChunk(this: { parse: (code: string) => unknown }, code: string) {
    const starts: number[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(walk);
      const n = node as { type?: unknown; kind?: unknown; start?: number };
      if (typeof n.type !== 'string') return;
      if (n.type === 'VariableDeclaration' && n.kind === 'const') starts.push(n.start!);
      for (const value of Object.values(n)) if (value && typeof value === 'object') walk(value);
    };
    walk(this.parse(code));
    if (starts.length === 0) return null;
    let out = '';
    let at = 0;
    for (const start of starts.sort((a, b) => a - b)) {
      if (code.slice(start, start + 5) !== 'const') throw new Error(`carebar:let-for-const: no const at ${start}`);
      out += code.slice(at, start) + 'let  ';
      at = start + 5;
    }
    return { code: out + code.slice(at), map: null };
  },
};

export default defineConfig({
  // No @wxt-dev/webextension-polyfill module: it would put the polyfill into every content script (through WXT's own
  // content-script context). The background and the pages import webextension-polyfill themselves; content scripts
  // use the browser's own API (lib/shared/browser.ts).
  // CAREBAR_OUT_DIR lets parallel work build elsewhere; the default is what CI, the demo and the tests use.
  outDir: process.env.CAREBAR_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact(), withoutCoreJsPolyfills, slimContentScriptContext],
    // CAREBAR_PROFILE=1 keeps function names readable in CPU profiles (.prof/, benchmarks).
    ...(process.env.CAREBAR_PROFILE ? { build: { minify: false } } : {}),
    // CAREBAR_SOURCEMAP=1: source maps to see what weighs in a bundle (scripts/bundle-weights.mjs).
    ...(process.env.CAREBAR_SOURCEMAP ? { build: { sourcemap: true } } : {}),
  }),
  hooks: {
    // The scripts that load into the sites' pages (content scripts, overlay-ui.js and the other lazily imported
    // parts) are minified by terser with two compress passes: ~1.2 KB gzip less per content script than esbuild's
    // minifier (#13.7), after `letForConst` (above); their stylesheets by lightningcss (~50 B gzip less than
    // esbuild's). The background and the extension pages keep esbuild's (a faster build; their size is not paid by
    // the sites' pages).
    'vite:build:extendConfig': (entrypoints, config) => {
      const inPage = entrypoints.every((e) => e.type === 'content-script' || e.type === 'unlisted-script');
      if (!inPage || process.env.CAREBAR_PROFILE) return;
      config.build = { ...config.build, minify: 'terser', cssMinify: 'lightningcss', terserOptions: { compress: { passes: 2 } } };
      config.plugins = [...(config.plugins ?? []), letForConst];
    },
  },
  manifest: ({ browser }) => ({
    name: 'Carebar',
    description: 'Customer-care overlay for X and Facebook: customer lookup, approved snippets, DM prompts and SLA timers.',
    permissions: ['storage', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    action: { default_title: 'Carebar queue' },
    // A remote CRM's origin is asked for at runtime from the options page (permissions.request), one origin at a
    // time; nothing is granted at install. In-house CRMs can live anywhere, hence https://*/* as the optional bound.
    // Plain http only to this machine (lib/shared/crm/schemas.ts refuses other http addresses: tokens would travel in clear).
    optional_host_permissions: [
      'https://api.hubapi.com/*',
      'https://*.zendesk.com/*',
      'https://*/*',
      'http://localhost/*',
      'http://127.0.0.1/*',
    ],
    // Admin rollout (Chrome policy): snippet pack URLs, trusted keys, approved-only, refresh interval.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // The customer card is framed into the sites' pages: an extension-origin document the page cannot read. The
    // content scripts' interactive UI (overlay-ui.js) is imported by them on first use: a dynamic import from a
    // content script is fetched as the page's, so it must be web-accessible — to the sites' pages only. So must
    // each site's engagement reader for viral risk (lib/content/engagement.ts), loaded on the first reading, and the
    // SLA clock's business-hours arithmetic (business-hours.js), loaded only when business hours are set, and
    // Facebook's reply-box opener for the snippet palette (facebook-reply-box.js).
    web_accessible_resources: [
      {
        resources: [
          'customer-card.html',
          'overlay-ui.js',
          'engagement-x.js',
          'engagement-facebook.js',
          'business-hours.js',
          'facebook-reply-box.js',
        ],
        matches: SITE_MATCHES,
      },
    ],
    // Remappable by the agent at chrome://extensions/shortcuts (Firefox: about:addons).
    commands: {
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+Q' }, description: 'Open the Carebar queue' } }
        : { _execute_action: { suggested_key: { default: 'Alt+Shift+Q' }, description: 'Open the Carebar queue' } }),
      // Also caught in the page (lib/content/snippets.ts) when the agent unassigns or remaps the command.
      'open-snippets': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Open the snippet palette in the focused reply box' },
    },
    ...(browser === 'firefox'
      ? {
          // Firefox's default MV3 policy adds upgrade-insecure-requests, which turns the loopback-only plain
          // addresses Carebar allows (team ws://127.0.0.1, a CRM on http://localhost) into wss:// / https:// that
          // fail; Chrome's default has no such rule. The addresses are checked in lib/shared (wss/https elsewhere).
          content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Carebar sends nothing anywhere: all data stays in the extension's own IndexedDB.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
