// @vitest-environment jsdom
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { xAdapter } from '../../lib/content/sites/x';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures');
const sharedDir = path.resolve(root, '../shared/fixtures/x');

interface ExpectedPost {
  key: string;
  postId: string;
  authorHandle: string;
  authorName: string;
  authorId: string | null;
  postedAt: string;
  postedAtSource: string;
  text: string;
  textIncludes: string;
  inReplyToKey: string | null;
  permalink: string;
  initiallyRendered: boolean;
}
interface ExpectedPage {
  file: string;
  url: string;
  pageKind: string;
  theme: 'light' | 'dark';
  initialKeys: string[];
  posts: ExpectedPost[];
  skipped: { reason: string; authorHandle: string; statusId: string; initiallyRendered: boolean }[];
  composer: { forKey: string | null } | null;
}
const expected: { signedIn: { handle: string; name: string }; pages: Record<string, ExpectedPage> } = JSON.parse(
  readFileSync(path.join(fixtures, 'x/expected.json'), 'utf8'),
);

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const load = (file: string) => parse(readFileSync(path.join(fixtures, file), 'utf8'));
const snowflakeMs = (id: string) => Number((BigInt(id) >> 22n) + 1288834974657n);

describe.each(Object.entries(expected.pages))('replica %s', (name, page) => {
  const doc = load(page.file);
  const loc = { href: page.url };
  const posts = xAdapter.findPosts(doc);
  const read = posts.map((el) => xAdapter.readPost(el, loc));

  it('finds exactly the posts rendered in the static page, in order', () => {
    expect(read.map((p) => p?.key)).toEqual(page.initialKeys);
    expect(page.initialKeys.length).toBeGreaterThan(0);
  });

  it('reads every post as expected.json says', () => {
    const byKey = new Map(page.posts.map((p) => [p.key, p]));
    for (const post of read) {
      const want = byKey.get(post!.key)!;
      expect(post).toMatchObject({
        channel: 'x',
        postId: want.postId,
        authorHandle: want.authorHandle,
        authorName: want.authorName,
        authorId: null,
        postedAt: want.postedAt,
        postedAtSource: want.postedAtSource,
        kind: 'post',
        inReplyToKey: want.inReplyToKey,
        permalink: want.permalink,
        text: want.text,
      });
      expect(post!.text).toContain(want.textIncludes);
    }
  });

  it('has realistic snowflake ids matching their times', () => {
    for (const p of page.posts) {
      expect(p.postId).toMatch(/^\d{19}$/);
      expect(new Date(snowflakeMs(p.postId)).toISOString()).toBe(p.postedAt);
    }
  });

  it('skips promoted posts', () => {
    const ads = [...doc.querySelectorAll('[data-testid="placementTracking"] article[data-testid="tweet"]')];
    expect(ads.length).toBe(page.skipped.filter((s) => s.initiallyRendered).length);
    for (const ad of ads) expect(posts).not.toContain(ad);
  });

  it('knows the page kind, theme and signed-in account', () => {
    expect(xAdapter.pageKind(loc, doc)).toBe(page.pageKind);
    expect(xAdapter.theme(doc)).toBe(page.theme);
    expect(xAdapter.signedInAccount(doc)).toEqual({ handle: expected.signedIn.handle, name: expected.signedIn.name, id: null });
  });

  it('finds the reply composer only for the post it answers, and its submit button', () => {
    for (const [i, el] of posts.entries()) {
      const composer = xAdapter.findComposer(el, doc);
      if (page.composer?.forKey && read[i]!.key === page.composer.forKey) {
        expect(composer?.getAttribute('data-testid')).toBe('tweetTextarea_0');
        expect(composer?.getAttribute('contenteditable')).toBe('true');
        expect(xAdapter.findSubmitButton(composer!, doc)?.getAttribute('data-testid')).toBe('tweetButtonInline');
      } else {
        expect(composer).toBeNull();
      }
    }
  });

  it('anchors the toolbar inside each post, right after its action bar', () => {
    for (const el of posts) {
      const anchor = xAdapter.toolbarAnchor(el)!;
      expect(el.contains(anchor.parent)).toBe(true);
      expect(anchor.parent.querySelector(':scope > [role="group"]')).not.toBeNull();
    }
  });
});

describe('replica home timeline: the tricky posts', () => {
  const page = expected.pages.home;
  const doc = load(page.file);
  const loc = { href: page.url };
  const posts = xAdapter.findPosts(doc).map((el) => xAdapter.readPost(el, loc)!);
  const byHandle = (h: string) => posts.find((p) => p.authorHandle === h)!;

  it('reads the outer post of a quote, not the quoted one', () => {
    const dana = byHandle('dana_ships');
    expect(dana.text).toContain('Still waiting on the refund');
    expect(dana.text).not.toContain('checkout error');
    expect(posts.filter((p) => p.authorHandle === 'AcmeSupport')).toEqual([]); // the quoted @AcmeSupport post is no post here
  });

  it('reads an edited post (its permalink area also links /history)', () => {
    const kenji = byHandle('kenji_t');
    expect(kenji.postedAtSource).toBe('time-element');
    expect(kenji.permalink).toBe(`https://x.com/kenji_t/status/${kenji.postId}`);
  });

  it('keeps hostile display names and text as plain text', () => {
    const h = byHandle('l33t_h4x');
    expect(h.authorName).toBe('<img src=x onerror=alert(1)>');
    expect(h.text).toContain('<script>alert("xss")</script>');
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('restores emoji from <img alt> and keeps RTL text', () => {
    expect(byHandle('maya_bakes').authorName).toBe('Maya 🌸 bakes');
    expect(byHandle('maya_bakes').text).toContain('👋');
    expect(byHandle('fatima_a').text).toContain('مرحبا');
    expect(byHandle('noa_levi').authorName).toBe('נועה לוי');
  });

  it('takes the time from the snowflake id when there is no <time>', () => {
    // ravi_k is beyond the initially rendered cells: render his row the way the virtual list would.
    const want = page.posts.find((p) => p.authorHandle === 'ravi_k')!;
    expect(want.postedAtSource).toBe('snowflake');
  });
});

describe('adapter edge cases', () => {
  const article = (inner: string) => parse(`<html><body><article data-testid="tweet" role="article">${inner}</article></body></html>`);
  const userName = (h: string) =>
    `<div data-testid="User-Name"><a href="/${h}"><span>Name</span></a><a href="/${h}"><span>@${h}</span></a></div>`;

  it('reads ids from absolute, twitter.com, /history and /photo links', () => {
    for (const href of [
      'https://twitter.com/someone/status/1852311426666537322',
      'https://x.com/someone/status/1852311426666537322/history',
      '/someone/status/1852311426666537322/photo/1',
      'https://mobile.x.com/someone/status/1852311426666537322?s=20',
    ]) {
      const doc = article(
        `${userName('someone')}<a href="${href}"><time datetime="2024-11-01T11:27:13.000Z">Nov 1</time></a><div data-testid="tweetText">hi</div>`,
      );
      const post = xAdapter.readPost(xAdapter.findPosts(doc)[0], { href: 'https://x.com/home' });
      expect(post?.postId).toBe('1852311426666537322');
      expect(post?.permalink).toBe('https://x.com/someone/status/1852311426666537322');
    }
  });

  it('falls back to the snowflake time and never throws on junk', () => {
    const doc = article(
      `<div data-testid="User-Name"><a href="/someone"><span>@someone</span></a><a href="/someone/status/1852311426666537322">1h</a></div>`,
    );
    const post = xAdapter.readPost(doc.querySelector('article')!, { href: 'https://x.com/home' });
    // X's <time> is truncated to the second; the snowflake has the millisecond.
    expect(post).toMatchObject({ postedAt: '2024-11-01T11:27:13.056Z', postedAtSource: 'snowflake', text: '' });
    const junk = article('<a href="/x/status/"><time>?</time></a>');
    expect(xAdapter.findPosts(junk)).toEqual([]);
    expect(xAdapter.readPost(junk.querySelector('article')!, { href: 'not a url' })).toBeNull();
  });

  it('does not treat a nested article as a separate post', () => {
    const doc =
      article(`${userName('outer')}<a href="/outer/status/1852311426666537322"><time datetime="2024-11-01T11:27:13.000Z">x</time></a>
      <article data-testid="tweet">${userName('inner')}<a href="/inner/status/1852311426666537323"><time datetime="2024-11-01T11:27:13.000Z">x</time></a></article>`);
    expect(xAdapter.findPosts(doc).map((el) => xAdapter.readPost(el, { href: 'https://x.com/home' })?.authorHandle)).toEqual(['outer']);
  });

  it('knows a post again by its permalink, and another post in the same node at once (reused by the page)', () => {
    const doc = article(
      `${userName('someone')}<a href="/someone/status/1852311426666537322"><time datetime="2024-11-01T11:27:13.000Z">x</time></a>`,
    );
    const el = doc.querySelector('article')!;
    const at = { href: 'https://x.com/home' };
    expect(xAdapter.keyOf(el, at)).toBe('x:1852311426666537322');
    el.querySelector('a[href*="/status/"]')!.setAttribute('href', '/other/status/1852311426666537323'); // the link reused
    expect(xAdapter.keyOf(el, at)).toBe('x:1852311426666537323');
    el.querySelector('time')!
      .closest('a')!
      .replaceWith(Object.assign(doc.createElement('a'), { innerHTML: '<time datetime="2024-11-01T11:27:13.000Z">x</time>' }));
    el.querySelector('time')!.closest('a')!.setAttribute('href', '/third/status/1852311426666537324'); // a new link
    expect(xAdapter.keyOf(el, at)).toBe('x:1852311426666537324');
    el.querySelector('time')!.closest('a')!.remove(); // no permalink at all
    expect(xAdapter.keyOf(el, at)).toBeNull();
    expect(xAdapter.findPosts(doc)).toEqual([]);
  });

  it('classifies URLs', () => {
    const kind = (href: string) => xAdapter.pageKind({ href }, document);
    expect(kind('https://x.com/home')).toBe('timeline');
    expect(kind('https://x.com/')).toBe('timeline');
    expect(kind('https://twitter.com/a_b/status/123/photo/1')).toBe('post');
    expect(kind('https://x.com/notifications')).toBe('notifications');
    expect(kind('https://x.com/notifications/mentions')).toBe('notifications');
    expect(kind('https://x.com/search?q=%40AcmeSupport')).toBe('search');
    expect(kind('https://x.com/AcmeSupport')).toBe('profile');
    expect(kind('https://x.com/AcmeSupport/with_replies')).toBe('profile');
    expect(kind('https://x.com/messages/123-456')).toBe('messages');
    expect(kind('https://x.com/settings/account')).toBe('other');
  });

  it('matches X hosts only', () => {
    for (const h of ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com', 'www.x.com']) expect(xAdapter.matchesHost(h)).toBe(true);
    for (const h of ['facebook.com', 'x.com.evil.net', 'notx.com']) expect(xAdapter.matchesHost(h)).toBe(false);
  });

  it('reads the theme from the body background, then color-scheme', () => {
    const theme = (html: string) => xAdapter.theme(parse(html));
    expect(theme('<html><body style="background-color: #FFFFFF"></body></html>')).toBe('light');
    expect(theme('<html><body style="background-color: rgb(21, 32, 43)"></body></html>')).toBe('dark');
    expect(theme('<html style="color-scheme: dark"><body></body></html>')).toBe('dark');
    expect(theme('<html><body></body></html>')).toBe('light');
  });
});

// Real markup saved from x.com (see ../shared/fixtures/x/README.md). Absent on clones without the shared folder.
const hasShared = existsSync(path.join(sharedDir, 'status-page-conversation.html'));
describe.skipIf(!hasShared)(`real x.com markup (${hasShared ? sharedDir : 'skipped: ../shared/fixtures/x not found'})`, () => {
  const loadShared = (file: string) => parse(`<html><body>${readFileSync(path.join(sharedDir, file), 'utf8')}</body></html>`);
  const loc = { href: 'https://x.com/birdman46049238/status/1852311426666537322/photo/1' };

  it('status-page-conversation: 13 posts, the ad and the media viewer skipped', () => {
    const doc = loadShared('status-page-conversation.html');
    const posts = xAdapter.findPosts(doc);
    expect(posts).toHaveLength(13);
    expect(posts.every((el) => el.localName === 'article')).toBe(true);
    const read = posts.map((el) => xAdapter.readPost(el, loc)!);
    expect(new Set(read.map((p) => p.key)).size).toBe(13);
    expect(read.map((p) => p.authorHandle)).not.toContain('HeroWarsWeb');
    expect(read[0]).toMatchObject({
      key: 'x:1852311426666537322',
      postId: '1852311426666537322',
      authorHandle: 'birdman46049238',
      authorName: 'birdman🦊',
      postedAt: '2024-11-01T11:27:13.000Z',
      postedAtSource: 'time-element',
      text: '🦊🦊',
      inReplyToKey: null,
      permalink: 'https://x.com/birdman46049238/status/1852311426666537322',
    });
    expect(read[1]).toMatchObject({
      authorHandle: 'Ness682KisuNess',
      postId: '1852366029659206065',
      inReplyToKey: 'x:1852311426666537322',
    });
    expect(read[1].text).toContain('Always happy to see any of your cute foxes!');
    for (const p of read) {
      expect(p.postId).toMatch(/^\d{19}$/);
      expect(Math.floor(snowflakeMs(p.postId) / 1000) * 1000).toBe(Date.parse(p.postedAt!)); // <time> has whole seconds
    }
    const composer = xAdapter.findComposer(posts[0], doc);
    expect(composer?.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(xAdapter.findSubmitButton(composer!, doc)?.getAttribute('data-testid')).toBe('tweetButton');
    expect(xAdapter.findComposer(posts[1], doc)).toBeNull();
    expect(xAdapter.pageKind(loc, doc)).toBe('post');
    for (const el of posts) expect(el.contains(xAdapter.toolbarAnchor(el)!.parent)).toBe(true);
  });

  it.each(['status-page-focused-post.html', 'timeline-post-with-video.html'])('%s: one post read right', (file) => {
    const doc = loadShared(file);
    const posts = xAdapter.findPosts(doc);
    expect(posts).toHaveLength(1);
    expect(xAdapter.readPost(posts[0], { href: 'https://x.com/home' })).toMatchObject({
      key: 'x:1852311426666537322',
      authorHandle: 'birdman46049238',
      authorName: 'birdman🦊',
      postedAt: '2024-11-01T11:27:13.000Z',
      text: '🦊🦊',
    });
  });
});
