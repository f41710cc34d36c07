import { article } from '../fixtures/src/x-markup.mjs';
import { collectPageErrors, expect, test } from './harness';
import { HOSTILE_PAYLOADS } from '../unit/security-hostile-payloads';

// Issue 11, "keep them closed": every hostile payload on one page, in the built extension in Chromium. Names and
// post text come from the page (escaped by the page, as X escapes them); Carebar reads them and shows them in its
// toolbars. Nothing runs (no dialog, no flag set in either world), the page throws nothing, every toolbar is there
// and stays within its post.

const PAGE_URL = 'https://x.com/carebar-hostile';
const wellFormed = (s: string) =>
  s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .split('\u0000')
    .join('');

function hostilePage(): string {
  const posts = HOSTILE_PAYLOADS.map((payload, i) =>
    article({
      id: String(1862000000000000000n + BigInt(i)),
      handle: `hostile_${i}`,
      name: wellFormed(payload).slice(0, 300) || 'blank',
      text: `@AcmeSupport ${wellFormed(payload).slice(0, 20_000)}`,
      time: '2026-11-27T10:00:00.000Z',
      lang: 'en',
      replies: 0,
      reposts: 0,
      likes: 0,
      views: 1,
    }),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>Hostile</title>
<style>body{margin:0;font:15px system-ui} main{width:600px;margin:0 auto} article{display:block;border-bottom:1px solid #ddd;padding:8px;overflow:hidden}</style>
</head><body><main><div data-testid="primaryColumn"><section role="region">${posts
    .map((p) => `<div data-testid="cellInnerDiv">${p}</div>`)
    .join('')}</section></div></main></body></html>`;
}

test('all hostile payloads on one X page: nothing executes, every toolbar is there and stays inside its post', async ({ extension }) => {
  const { context } = extension;
  await context.route(PAGE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostilePage() }));
  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  let dialogs = 0;
  tab.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await tab.goto(PAGE_URL);
  const toolbars = tab.locator('[data-testid="carebar-toolbar"]');
  await expect.poll(() => toolbars.count(), { timeout: 60_000 }).toBe(HOSTILE_PAYLOADS.length);
  await tab.waitForTimeout(500);

  const report = await tab.evaluate(() => {
    const out = { pwned: (window as { __pwned?: unknown }).__pwned ?? null, injected: 0, outside: [] as string[], tall: [] as string[] };
    for (const host of Array.from(document.querySelectorAll('[data-testid="carebar-toolbar"]'))) {
      const root = host.shadowRoot!;
      out.injected += root.querySelectorAll(
        'script, object, embed, base, meta, link, form, template, math, [onerror], [onload], [onclick]',
      ).length;
      out.injected += Array.from(root.querySelectorAll('iframe')).filter((f) => !f.src.startsWith('chrome-extension://')).length;
      const post = host.closest('article')!.getBoundingClientRect();
      const bar = host.getBoundingClientRect();
      const key = host.getAttribute('data-carebar-id')!;
      if (bar.left < post.left - 1 || bar.right > post.right + 1) out.outside.push(key);
      if (bar.height > 120) out.tall.push(`${key}: ${Math.round(bar.height)} px`);
    }
    return out;
  });
  expect(report).toEqual({ pwned: null, injected: 0, outside: [], tall: [] });
  // The names show as text in the customer buttons.
  const names = await toolbars.evaluateAll((hosts) =>
    hosts.map((h) => h.shadowRoot!.querySelector('[data-testid="carebar-customer"]')?.textContent ?? ''),
  );
  expect(names.some((n) => n.startsWith('<script>window.__pwned=1</script>'))).toBe(true);
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
