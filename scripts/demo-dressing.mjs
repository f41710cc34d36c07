// The demo's dressing of the replica pages (the tests never use it): the X replica's fixed November timestamps become
// times relative to now (a few minutes to a few hours ago, order kept, so the queue shows a mix of on-time, due and
// breached), the security test posts get ordinary people's names, and the pages "Move to DM" opens exist: an X
// profile, X's DM composer and the Meta Business Suite inbox.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolveFixture } from '../tests/fixtures/routes.mjs';

/** The X replica's people (tests/fixtures/x/expected.json): a profile page shows their own name and posts. */
const X_TRUTH = JSON.parse(readFileSync(new URL('../tests/fixtures/x/expected.json', import.meta.url), 'utf8'));
function xPerson(handle) {
  const posts = new Map();
  for (const page of Object.values(X_TRUTH.pages))
    for (const p of page.posts ?? []) if (p.authorHandle?.toLowerCase() === handle.toLowerCase()) posts.set(p.key, p);
  const list = [...posts.values()].sort((a, b) => Date.parse(b.postedAt) - Date.parse(a.postedAt));
  return { name: list[0]?.authorName ?? null, handle: list[0]?.authorHandle ?? handle, posts: list };
}

/**
 * The replica's tab strips (For you / Following, All / Mentions) collapse to 16 px in Chromium and let the page show
 * through under them: the demo gives them X's 53 px, so no picture looks cut at the top.
 */
const X_TAB_FIX = '<style>.x-sticky [role="tab"] { min-height: 53px; }</style>';

const ISO = /\b(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z)\b/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Replica time → minutes ago in the demo, between these knots (linear in between, order kept): the newest mentions
 * a few minutes old (on time), then due ones, then breached; Sam's complaint thread (21:14 → 22:05) keeps its real
 * gaps, so the brand's reply still comes 6½ minutes after the complaint.
 */
const KNOTS = [
  ['2026-11-27T01:55:40Z', 4],
  ['2026-11-27T01:48:12Z', 9],
  ['2026-11-27T00:57:31Z', 19],
  ['2026-11-27T00:12:03Z', 24],
  ['2026-11-26T23:18:11Z', 28],
  ['2026-11-26T22:31:47Z', 34],
  ['2026-11-26T22:05:38Z', 40],
  ['2026-11-26T21:14:05Z', 91.55],
  ['2026-11-26T14:00:00Z', 240],
  ['2026-11-24T16:00:00Z', 600],
  ['2026-11-20T10:00:00Z', 1500],
].map(([iso, min]) => [Date.parse(iso), min]);

/** Minutes ago in the demo for a replica instant (the same function in the page and in its client code). */
function demoAgeMinutes(ms, knots) {
  if (ms >= knots[0][0]) return Math.max(1, knots[0][1] - (ms - knots[0][0]) / 60_000);
  for (let i = 1; i < knots.length; i++) {
    const [t0, a0] = knots[i - 1];
    const [t1, a1] = knots[i];
    if (ms >= t1) return a0 + ((t0 - ms) / (t0 - t1)) * (a1 - a0);
  }
  const [tl, al] = knots[knots.length - 1];
  return al + (tl - ms) / 60_000 / 20;
}

export function demoTime(replicaMs, nowMs) {
  return Math.round((nowMs - demoAgeMinutes(replicaMs, KNOTS) * 60_000) / 1000) * 1000;
}

/** X's own way of showing a time: "45s", "12m", "3h", then "Nov 26". */
function xShort(ms, nowMs) {
  const s = Math.max(1, Math.floor((nowMs - ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  const d = new Date(ms);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}
function utcLong(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${((h + 11) % 12) + 1}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} · ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}
function xLong(ms) {
  const d = new Date(ms);
  const h = d.getHours();
  return `${((h + 11) % 12) + 1}:${String(d.getMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} · ${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
}

/** People the security tests put in the replicas, as the demo shows them instead. */
const PEOPLE = [
  // X: a post whose author name and text are markup.
  {
    from: [
      '<img src=x onerror=alert(1)>',
      '&lt;img src=x onerror=alert(1)&gt;',
      '\\u003cimg src=x onerror=alert(1)>',
      '\\u003cimg src=x onerror=alert(1)\\u003e',
    ],
    to: 'Elena Petrova',
  },
  { from: ['l33t_h4x'], to: 'elena_petrova' },
  {
    from: [
      ' &lt;/div&gt;&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; is your site down? &lt;b&gt;bold&lt;/b&gt; &amp;amp; friends',
      ' </div><script>alert("xss")</script> is your site down? <b>bold</b> &amp; friends',
      ' \\u003c/div>\\u003cscript>alert(\\"xss\\")\\u003c/script> is your site down? \\u003cb>bold\\u003c/b> &amp; friends',
    ],
    to: ' is your site down? Checkout has been spinning for ten minutes and I can’t pay.',
  },
  // Facebook: a comment whose author name and text are markup.
  {
    from: [
      '&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; is this thing on? &quot;quotes&quot; &amp; &lt;b&gt;ampersands&lt;/b&gt;',
      '<script>alert("xss")</script> is this thing on? "quotes" & <b>ampersands</b>',
      '\\u003cscript>alert(\\"xss\\")\\u003c/script> is this thing on? \\"quotes\\" & \\u003cb>ampersands\\u003c/b>',
    ],
    to: 'Is anyone reading these? I asked about my warranty claim on Monday.',
  },
];

function dressPeople(text) {
  let out = text;
  for (const { from, to } of PEOPLE) for (const f of from) out = out.split(f).join(to);
  return out;
}

export function dressText(text, { x, nowMs }) {
  let out = dressPeople(text);
  if (!x) return dressFacebookTimes(out);
  // The focused post's long label ("9:14 PM · Nov 26, 2026", written in UTC by the replica) → the demo time's.
  const labels = new Map();
  for (const [iso] of out.matchAll(ISO)) labels.set(utcLong(Date.parse(iso)), xLong(demoTime(Date.parse(iso), nowMs)));
  for (const [from, to] of labels) out = out.split(from).join(to);
  out = out.replace(ISO, (iso) => new Date(demoTime(Date.parse(iso), nowMs)).toISOString());
  // <time datetime="…">Nov 26</time> (timelines): as X shows a recent post, "12m".
  out = out.replace(/<time datetime="([^"]+)">([^<]*)<\/time>/g, (m, iso, shown) =>
    shown.includes('·') ? m : `<time datetime="${iso}">${xShort(Date.parse(iso), nowMs)}</time>`,
  );
  return out.replace('</head>', `${X_TAB_FIX}</head>`);
}

/**
 * Facebook shows relative times ("2h", "1d", "1w"), which Carebar reads against now: the replica's are kept up to a
 * day and shortened beyond (1d → 4h, 6d → 1d, 1w → 1d, an old date → 2d), so comments are due, a few breached.
 */
function dressFacebookTimes(html) {
  return html
    .replace(
      /([> "])(\d+)([dw])(?=[<" ])/g,
      (_m, before, n, unit) => `${before}${unit === 'w' ? `${n}d` : Number(n) >= 6 ? '1d' : `${n * 4}h`}`,
    )
    .replace(/[A-Z][a-z]+ \d{1,2} at \d{1,2}:\d\d [AP]M/g, '2d');
}

/**
 * The client code renders rows that scroll into view from the replica's data: give their <time> the demo's time too
 * (and X's "12m" form). Ids are left alone, so a post has one key whichever way it was rendered.
 */
function dressXBundle(js, nowMs) {
  const helpers =
    `var __cbKnots=${JSON.stringify(KNOTS)},__cbNow=${nowMs};` +
    `var __cbAge=${demoAgeMinutes.toString()};` +
    `var __cbT=function(iso){return new Date(Math.round((__cbNow-__cbAge(Date.parse(iso),__cbKnots)*60000)/1000)*1000).toISOString()};` +
    `var __cbS=function(iso){var s=Math.max(1,Math.floor((Date.now()-Date.parse(iso))/1000));return s<60?s+"s":s<3600?Math.floor(s/60)+"m":s<86400?Math.floor(s/3600)+"h":new Date(iso).toLocaleDateString("en-US",{month:"short",day:"numeric"})};\n`;
  const patched = js.replace(/<time datetime="\$\{(\w+)\.time\}">\$\{(\w+)\(\1\.time\)\}<\/time>/g, (m, p) =>
    m.includes('·') ? m : `<time datetime="\${__cbT(${p}.time)}">\${__cbS(__cbT(${p}.time))}</time>`,
  );
  return helpers + patched;
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function avatar(handle, size) {
  let h = 0;
  for (const c of handle) h = (h * 33 + c.charCodeAt(0)) % 360;
  return `<div class="avatar" style="width:${size}px;height:${size}px;background:hsl(${h},55%,45%);font-size:${Math.round(size / 2.2)}px">${esc((handle.match(/[A-Za-z0-9]/)?.[0] ?? '?').toUpperCase())}</div>`;
}

const X_CHROME = `<style>
  body { margin: 0; font: 15px/1.35 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #0f1419; background: #fff; }
  .shell { display: grid; grid-template-columns: 260px 600px 1fr; min-height: 100vh; }
  .nav { padding: 12px 24px; border-right: 1px solid #eff3f4; font-size: 20px; }
  .nav .logo { font-size: 30px; font-weight: 900; margin: 4px 0 24px; }
  .nav a { display: block; padding: 10px 0; color: #0f1419; text-decoration: none; }
  .main { border-right: 1px solid #eff3f4; }
  .top { position: sticky; top: 0; padding: 6px 16px; background: rgba(255,255,255,.85); backdrop-filter: blur(12px); font-size: 20px; font-weight: 800; }
  .top small { display: block; font-size: 13px; font-weight: 400; color: #536471; }
  .banner { height: 200px; background: linear-gradient(120deg, #cfd9de, #8ecdf7); }
  .avatar { display: grid; place-items: center; border-radius: 50%; color: #fff; font-weight: 700; border: 4px solid #fff; }
  .head { padding: 0 16px; }
  .head .avatar { margin-top: -68px; }
  .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: -56px; height: 56px; align-items: center; }
  .btn { display: inline-grid; place-items: center; min-width: 36px; height: 36px; padding: 0 16px; border-radius: 999px; border: 1px solid #cfd9de; font-weight: 700; color: #0f1419; background: #fff; text-decoration: none; }
  .btn.dark { background: #0f1419; color: #fff; border-color: #0f1419; }
  .name { font-size: 20px; font-weight: 800; margin-top: 12px; }
  .handle, .meta { color: #536471; }
  .bio { margin: 12px 0; }
  .tabs { display: flex; border-bottom: 1px solid #eff3f4; margin-top: 16px; }
  .tabs span { flex: 1; text-align: center; padding: 16px 0; color: #536471; font-weight: 600; }
  .tabs span.on { color: #0f1419; box-shadow: inset 0 -4px 0 #1d9bf0; }
  .empty { padding: 32px 16px; color: #536471; }
  .post { display: flex; gap: 12px; padding: 12px 16px; border-bottom: 1px solid #eff3f4; }
  .post .avatar { border: 0; flex: none; }
  .post .text { margin-top: 2px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .dm { padding: 16px; }
  .dm textarea { width: 100%; min-height: 120px; font: inherit; padding: 12px; border: 1px solid #cfd9de; border-radius: 16px; }
</style>`;

/**
 * An X profile page, where "Move to DM" sends the agent when X shows no numeric id to compose a DM to: the person's
 * name and their posts from the replica (times as the demo shows them), X's Message button beside Follow.
 */
export function xProfilePage(handle, nowMs = Date.now()) {
  const person = xPerson(handle);
  const name =
    dressPeople(person.name ?? '') ||
    handle
      .replace(/[_\d]+/g, ' ')
      .trim()
      .replace(/\b\w/g, (c) => c.toUpperCase()) ||
    handle;
  const shown = person.handle;
  const posts = person.posts
    .map((p) => {
      const at = demoTime(Date.parse(p.postedAt), nowMs);
      return `<article class="post">${avatar(shown, 40)}<div><div><b>${esc(name)}</b> <span class="meta">@${esc(shown)} · ${xShort(at, nowMs)}</span></div><div class="text">${esc(dressPeople(p.text ?? p.textIncludes ?? ''))}</div></div></article>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(name)} (@${esc(shown)}) / X</title>${X_CHROME}</head><body><div class="shell">
  <nav class="nav"><div class="logo">𝕏</div><a href="/home">Home</a><a href="/notifications/mentions">Notifications</a><a href="/messages">Messages</a><a href="/AcmeSupport">Profile</a></nav>
  <main class="main"><div class="top">${esc(name)}<small>${(person.posts.length * 97 + 214).toLocaleString('en-US')} posts</small></div><div class="banner"></div>
  <div class="head">${avatar(shown, 134)}<div class="actions"><a class="btn" href="/messages/compose" aria-label="Message" data-testid="sendDMFromProfile">✉</a><a class="btn dark" href="#">Follow</a></div>
  <div class="name">${esc(name)}</div><div class="handle">@${esc(shown)}</div><p class="bio">Customer since 2019. Opinions my own.</p><div class="meta">Joined March 2019 · <b style="color:#0f1419">312</b> Following · <b style="color:#0f1419">1,087</b> Followers</div></div>
  <div class="tabs"><span class="on">Posts</span><span>Replies</span><span>Media</span><span>Likes</span></div>${posts || `<div class="empty">@${esc(shown)} hasn’t posted yet.</div>`}</main><aside></aside></div></body></html>`;
}

/** X's DM composer, with the opener Carebar filled in. */
export function xComposePage(text) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New message / X</title>${X_CHROME}</head><body><div class="shell">
  <nav class="nav"><div class="logo">𝕏</div><a href="/home">Home</a><a href="/messages">Messages</a></nav>
  <main class="main"><div class="top">New message</div><div class="dm"><textarea data-testid="dmComposerTextInput" aria-label="Start a new message">${esc(text)}</textarea><p><a class="btn dark" href="#">Send</a></p></div></main><aside></aside></div></body></html>`;
}

/** Meta Business Suite's inbox, where a Facebook private reply continues. */
export function metaInboxPage() {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inbox | Meta Business Suite</title><style>
  body { margin: 0; font: 14px/1.4 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1c2b33; background: #f0f2f5; }
  header { height: 56px; display: flex; align-items: center; gap: 12px; padding: 0 20px; background: #fff; border-bottom: 1px solid #dadde1; font-weight: 700; }
  .wrap { display: grid; grid-template-columns: 340px 1fr; height: calc(100vh - 57px); }
  .list { background: #fff; border-right: 1px solid #dadde1; }
  .list div { padding: 14px 16px; border-bottom: 1px solid #f0f2f5; }
  .list .on { background: #e7f3ff; }
  .thread { padding: 24px; }
  .bubble { display: inline-block; max-width: 60%; padding: 10px 14px; border-radius: 18px; background: #fff; }
  textarea { width: 100%; margin-top: 24px; min-height: 90px; font: inherit; padding: 12px; border-radius: 12px; border: 1px solid #ccd0d5; }
</style></head><body><header>Meta Business Suite · Inbox</header><div class="wrap"><div class="list"><div class="on"><b>Jane Doe</b><br>Private reply to a comment on your post</div><div><b>Kevin Wu</b><br>Thanks, that worked!</div></div>
  <div class="thread"><div class="bubble">Hi, I commented on your post about my order.</div><textarea aria-label="Reply in Messenger" placeholder="Paste the opener Carebar copied for you"></textarea></div></div></body></html>`;
}

/**
 * Serve the replicas dressed for the demo: registered after routeReplicas (Playwright asks the newest route first),
 * it answers the pages it dresses and passes everything else on.
 */
export async function dressReplicas(context, nowMs = Date.now()) {
  await context.route(/^https:\/\/(x\.com|twitter\.com|www\.facebook\.com|business\.facebook\.com)\//, async (route) => {
    const url = new URL(route.request().url());
    const html = (body) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    if (url.hostname === 'business.facebook.com') return html(metaInboxPage());
    const isX = url.hostname === 'x.com' || url.hostname === 'twitter.com';
    if (isX && url.pathname === '/messages/compose') return html(xComposePage(url.searchParams.get('text') ?? ''));
    const fixture = resolveFixture(url.href);
    if (!fixture) {
      const profile = isX && /^\/([A-Za-z0-9_]{1,15})\/?$/.exec(url.pathname);
      if (profile && !['home', 'messages', 'explore', 'notifications', 'search'].includes(profile[1]))
        return html(xProfilePage(profile[1], nowMs));
      return route.fallback();
    }
    const body = await readFile(fixture.file, 'utf8').catch(() => null);
    if (body === null) return route.fallback();
    const isScript = fixture.contentType.startsWith('text/javascript');
    let dressed = isScript ? dressPeople(body) : dressText(body, { x: isX, nowMs });
    if (isX && isScript) dressed = dressXBundle(dressed, nowMs);
    return route.fulfill({ status: 200, contentType: fixture.contentType, body: dressed });
  });
}
