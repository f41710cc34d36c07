// @vitest-environment jsdom
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFacebookAdapter, parseFacebookPermalink, parseFacebookProfile, parseFacebookTime } from '../../lib/content/sites/facebook';
import { classifyPost } from '../../lib/shared/customer-items';
import type { PostInfo } from '../../lib/shared/model';
import { sharedFixtures } from './helpers/shared-fixtures';

// Expected times are written for UTC; the adapter reads local time like the browser does.
process.env.TZ = 'UTC';

const dir = path.resolve(__dirname, '../fixtures/facebook');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
  referenceNow: string;
  pages: Record<
    string,
    {
      file: string;
      url: string;
      pageKind: string;
      theme: 'dark' | 'light';
      signedIn: { name: string; handle: string | null; id: string | null };
      composerLabel: string;
      submitButtonLabel: string;
      items: Item[];
      afterViewMore: Item[];
      excludedKeys?: string[];
    }
  >;
};
interface Item {
  key: string;
  postId: string;
  kind: 'post' | 'comment';
  authorName: string;
  authorHandle: string | null;
  authorId: string | null;
  postedAt: string | null;
  postedAtSource: string;
  timeText: string;
  exactTime: string | null;
  textIncludes: string;
  permalink: string;
  inReplyToKey: string | null;
}

const NOW = Date.parse(expected.referenceNow);

function load(name: string): Document {
  const html = readFileSync(path.join(dir, expected.pages[name].file), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}

// Relative times ("3h") are read against the replica's capture time.
const fb = createFacebookAdapter({ now: () => NOW });

describe('parseFacebookTime', () => {
  const at = (s: string) => parseFacebookTime(s, NOW)?.toISOString() ?? null;
  it('reads the relative forms', () => {
    expect(at('Just now')).toBe('2026-03-10T15:00:00.000Z');
    expect(at('5m')).toBe('2026-03-10T14:55:00.000Z');
    expect(at('3h')).toBe('2026-03-10T12:00:00.000Z');
    expect(at('3 hrs')).toBe('2026-03-10T12:00:00.000Z');
    expect(at('2d')).toBe('2026-03-08T15:00:00.000Z');
    expect(at('2 days ago')).toBe('2026-03-08T15:00:00.000Z');
    expect(at('1w')).toBe('2026-03-03T15:00:00.000Z');
    expect(at('1y')).toBe('2025-03-10T15:00:00.000Z');
  });
  it('reads day and date forms', () => {
    expect(at('Yesterday at 10:02 AM')).toBe('2026-03-09T10:02:00.000Z');
    expect(at('Today at 9:00')).toBe('2026-03-10T09:00:00.000Z');
    expect(at('March 3 at 4:15 PM')).toBe('2026-03-03T16:15:00.000Z');
    expect(at('Mar 3')).toBe('2026-03-03T00:00:00.000Z');
    expect(at('December 24 at 12:30 AM')).toBe('2025-12-24T00:30:00.000Z'); // no year: the most recent one
    expect(at('March 3, 2024')).toBe('2024-03-03T00:00:00.000Z');
    expect(at('Tuesday, March 10, 2026 at 1:00 PM')).toBe('2026-03-10T13:00:00.000Z');
    expect(at('3 March 2026 at 16:15')).toBe('2026-03-03T16:15:00.000Z');
  });
  it('returns null for anything else', () => {
    for (const s of ['', 'Like', 'Reply', 'See more', 'February 31', '25:00', '3 bananas', 'Sponsored', 'Acme Support']) {
      expect(at(s), s).toBeNull();
    }
  });
});

describe('permalinks and profiles', () => {
  it('parses post and comment permalinks, dropping tracking', () => {
    expect(
      parseFacebookPermalink(
        'https://www.facebook.com/AcmeSupport/posts/pfbid02abcdefghijKLMNOP?comment_id=123&reply_comment_id=456&__cft__[0]=AZx&__tn__=R]-R',
      ),
    ).toEqual({
      postId: 'pfbid02abcdefghijKLMNOP',
      commentId: '123',
      replyCommentId: '456',
      postUrl: 'https://www.facebook.com/AcmeSupport/posts/pfbid02abcdefghijKLMNOP',
    });
    expect(parseFacebookPermalink('/permalink.php?story_fbid=111&id=222&__tn__=x')?.postUrl).toBe(
      'https://www.facebook.com/permalink.php?story_fbid=111&id=222',
    );
    expect(parseFacebookPermalink('https://m.facebook.com/story.php?story_fbid=pfbid0123456789abc&id=9')?.postId).toBe(
      'pfbid0123456789abc',
    );
    expect(parseFacebookPermalink('https://www.facebook.com/groups/42/permalink/777/')?.postId).toBe('777');
    expect(parseFacebookPermalink('https://www.facebook.com/jane.doe.123?comment_id=Y29tbWVudDox')).toBeNull();
    expect(parseFacebookPermalink('https://evil.example/AcmeSupport/posts/123')).toBeNull();
    expect(parseFacebookPermalink('javascript:alert(1)')).toBeNull();
  });
  it('parses the video viewer’s comment links (Watch and a Page’s video), never a bare video link', () => {
    expect(parseFacebookPermalink('https://www.facebook.com/watch/?v=1047203344556677&comment_id=1184607777777771&__cft__[0]=AZx')).toEqual(
      {
        postId: '1047203344556677',
        commentId: '1184607777777771',
        replyCommentId: null,
        postUrl: 'https://www.facebook.com/watch/?v=1047203344556677',
      },
    );
    expect(
      parseFacebookPermalink(
        '/AcmeSupport/videos/1047209988776655/?comment_id=1184608888888881&reply_comment_id=1184608888888889&__tn__=R]-R',
      ),
    ).toEqual({
      postId: '1047209988776655',
      commentId: '1184608888888881',
      replyCommentId: '1184608888888889',
      postUrl: 'https://www.facebook.com/AcmeSupport/videos/1047209988776655/',
    });
    // A video a post links to is an attachment, not the post's permalink; malformed or reserved forms are nothing.
    expect(parseFacebookPermalink('https://www.facebook.com/watch/?v=1047203344556677')).toBeNull();
    expect(parseFacebookPermalink('https://www.facebook.com/AcmeSupport/videos/1047209988776655/')).toBeNull();
    expect(parseFacebookPermalink('https://www.facebook.com/watch/?v=abc&comment_id=1')).toBeNull();
    expect(parseFacebookPermalink('https://www.facebook.com/groups/videos/1047209988776655/?comment_id=1')).toBeNull();
    expect(parseFacebookPermalink('https://evil.example/watch/?v=1047203344556677&comment_id=1')).toBeNull();
  });
  it('parses profile links', () => {
    expect(parseFacebookProfile('https://www.facebook.com/jane.doe.123?comment_id=Y29&__tn__=R]-R')).toEqual({
      handle: 'jane.doe.123',
      id: null,
    });
    expect(parseFacebookProfile('/profile.php?id=100087654321098&__cft__[0]=x')).toEqual({ handle: null, id: '100087654321098' });
    expect(parseFacebookProfile('/groups/1/user/100023456789012/')).toEqual({ handle: null, id: '100023456789012' });
    expect(parseFacebookProfile('/people/Jane-Doe/100012345/')).toEqual({ handle: null, id: '100012345' });
    expect(parseFacebookProfile('/hashtag/acme')).toBeNull();
    expect(parseFacebookProfile('/groups/1/')).toBeNull();
  });
});

describe('facebookAdapter basics', () => {
  it('matches Facebook hosts only', () => {
    for (const h of ['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com']) expect(fb.matchesHost(h)).toBe(true);
    for (const h of ['x.com', 'facebook.com.evil.example', 'business.facebook.com']) expect(fb.matchesHost(h)).toBe(false);
  });
  it('tells the page kind from the URL', () => {
    const doc = document.implementation.createHTMLDocument('');
    const kind = (href: string) => fb.pageKind({ href }, doc);
    expect(kind('https://www.facebook.com/AcmeSupport/posts/pfbid02abcdefghijKLMNOP')).toBe('page-post');
    expect(kind('https://www.facebook.com/permalink.php?story_fbid=1&id=2')).toBe('page-post');
    expect(kind('https://www.facebook.com/story.php?story_fbid=1&id=2')).toBe('page-post');
    expect(kind('https://www.facebook.com/AcmeSupport/posts/pfbid02abcdefghijKLMNOP?comment_id=123')).toBe('comments');
    expect(kind('https://www.facebook.com/groups/42/posts/777/')).toBe('group-post');
    expect(kind('https://www.facebook.com/groups/42/permalink/777/')).toBe('group-post');
    expect(kind('https://www.facebook.com/')).toBe('feed');
    expect(kind('https://www.facebook.com/home.php')).toBe('feed');
    expect(kind('https://www.facebook.com/AcmeSupport')).toBe('page');
    expect(kind('https://www.facebook.com/profile.php?id=100087654321098')).toBe('page');
    expect(kind('https://www.facebook.com/marketplace/')).toBe('other');
    expect(kind('not a url')).toBe('other');
  });
  it('never throws on junk', () => {
    const el = document.createElement('div');
    el.setAttribute('role', 'article');
    el.innerHTML = '<a href="http://[::1">x</a><a href="/AcmeSupport/posts/">y</a>';
    expect(fb.readPost(el, { href: 'about:blank' })).toBeNull();
    expect(fb.findPosts(el)).toEqual([]);
    expect(fb.toolbarAnchor(el)).toBeNull();
    expect(fb.findComposer(el, document)).toBeNull();
    expect(fb.signedInAccount(document.implementation.createHTMLDocument(''))).toBeNull();
  });
});

for (const [name, page] of Object.entries(expected.pages)) {
  describe(`replica ${name}`, () => {
    const doc = load(name);
    const loc = { href: page.url };
    const posts = fb.findPosts(doc);
    const infos = posts.map((el) => fb.readPost(el, loc));

    it('finds exactly the expected posts and comments, in page order', () => {
      expect(infos.map((i) => i?.key)).toEqual(page.items.map((i) => i.key));
      for (const key of page.excludedKeys ?? []) expect(infos.some((i) => i?.key === key)).toBe(false);
    });

    for (const want of page.items) {
      it(`reads ${want.kind} ${want.key.slice(0, 60)}`, () => {
        const got = infos.find((i) => i?.key === want.key)!;
        expect(got).toBeTruthy();
        expect(got).toMatchObject({
          channel: 'facebook',
          postId: want.postId,
          kind: want.kind,
          authorName: want.authorName,
          authorHandle: want.authorHandle,
          authorId: want.authorId,
          postedAt: want.postedAt,
          postedAtSource: want.postedAtSource,
          permalink: want.permalink,
          inReplyToKey: want.inReplyToKey,
        });
        expect(got.text).toContain(want.textIncludes);
        expect(got.text).not.toMatch(/See more|\bLike\b.*\bReply\b/);
      });
    }

    it('anchors every toolbar inside its own article', () => {
      for (const el of posts) {
        const anchor = fb.toolbarAnchor(el)!;
        expect(anchor).toBeTruthy();
        expect(el.contains(anchor.parent)).toBe(true);
        expect(anchor.parent.closest('[role="article"]')).toBe(el);
        if (anchor.before) expect(anchor.before.parentNode).toBe(anchor.parent);
      }
    });

    it('finds the Lexical composer for every post and comment, and its submit button', () => {
      for (const el of posts) {
        const composer = fb.findComposer(el, doc);
        expect(composer, fb.readPost(el, loc)?.key).toBeTruthy();
        expect(composer!.getAttribute('data-lexical-editor')).toBe('true');
        expect(composer!.getAttribute('aria-label')).toBe(page.composerLabel);
        // The composer belongs to this story, not to another post of the feed (in the photo viewer: the photo's column).
        const story = el.parentElement?.closest('[role="article"]') ?? el.closest('.fbr-photo-panel') ?? el;
        expect(story.contains(composer)).toBe(true);
        const submit = fb.findSubmitButton(composer!, doc);
        expect(submit?.getAttribute('aria-label')).toBe(page.submitButtonLabel);
      }
    });

    it('tells the page kind, signed-in account and theme', () => {
      expect(fb.pageKind(loc, doc)).toBe(page.pageKind);
      expect(fb.signedInAccount(doc)).toEqual(page.signedIn);
      expect(fb.theme(doc)).toBe(page.theme);
    });
  });
}

describe('replica details', () => {
  it('keeps hostile names and text as text', () => {
    const doc = load('page-post');
    const infos = fb.findPosts(doc).map((el) => fb.readPost(el, { href: expected.pages['page-post'].url })!);
    const hostile = infos.find((i) => i.authorId === '100012345678901')!;
    expect(hostile.authorName).toBe('<img src=x onerror=alert(1)>');
    expect(hostile.text).toBe('<script>alert("xss")</script> is this thing on? "quotes" & <b>ampersands</b>');
    expect(doc.querySelector('img[src="x"]')).toBeNull();
    // Emoji come back from <img alt>, also in names; RTL text is intact.
    expect(infos.find((i) => i.authorHandle === 'lena.mueller')!.authorName).toBe('Lena Müller 🌸');
    expect(infos[0].text).toBe(
      '📦 Spring shipping update: orders placed after March 6 now ship from our new warehouse in Leeds, so tracking links can take up to 48 hours to appear.\nQuestions about an order? Drop them below and our care team will jump in 👇',
    );
    expect(infos.find((i) => i.authorId === '100087654321098')!.text).toBe('طلبي لم يصل بعد، هل يمكنكم مساعدتي؟ رقم الطلب A-10391');
    // "See more": the visible part, without the button.
    const long = infos.find((i) => i.authorHandle === 'bobsmith.writes')!;
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.text.length).toBeLessThan(300);
  });

  it('prefers the exact time of a hover tooltip', () => {
    const doc = load('page-post');
    const el = fb.findPosts(doc)[1];
    const link = [...el.querySelectorAll('a[href*="/posts/"][href*="comment_id="]')].find((a) => /^\d+h$/.test(a.textContent ?? ''))!;
    const tip = doc.createElement('div');
    tip.id = ':rtip:';
    tip.setAttribute('role', 'tooltip');
    tip.textContent = 'Tuesday, March 10, 2026 at 1:59 PM';
    doc.body.append(tip);
    link.setAttribute('aria-describedby', ':rtip:');
    expect(fb.readPost(el, { href: expected.pages['page-post'].url })!.postedAt).toBe('2026-03-10T13:59:00.000Z');
  });

  it('gives unknown time when the timestamp cannot be read', () => {
    const doc = load('group-post');
    const el = fb.findPosts(doc)[2];
    const link = el.querySelector('a[href*="/posts/"][href*="comment_id="] span')!;
    link.textContent = '•';
    const info = fb.readPost(el, { href: expected.pages['group-post'].url })!;
    expect(info.postedAt).toBeNull();
    expect(info.postedAtSource).toBe('unknown');
  });

  it('skips a comment that is still being posted (no permalink yet)', () => {
    const doc = load('page-post');
    const first = fb.findPosts(doc)[1];
    const pending = first.cloneNode(true) as Element;
    pending.querySelector('a[href*="/posts/"][href*="comment_id="]')!.removeAttribute('href');
    first.parentElement!.append(pending);
    expect(fb.readPost(pending, { href: expected.pages['page-post'].url })).toBeNull();
    expect(fb.findPosts(doc)).not.toContain(pending);
  });

  it('uses an open reply box for the comments of that thread only', () => {
    const doc = load('page-post');
    const loc = { href: expected.pages['page-post'].url };
    const posts = fb.findPosts(doc);
    const byKey = (k: string) => posts.find((el) => fb.readPost(el, loc)!.key.endsWith(k))!;
    const jane = byKey('_1184467732910455');
    const janeReply = byKey('_1184480017226389');
    const other = byKey('_1184455590183377');
    const thread = jane.parentElement!;
    const replies = thread.querySelector('div:last-child')!;
    const box = doc.createElement('div');
    box.innerHTML = '<div role="textbox" contenteditable="true" data-lexical-editor="true" aria-label="Reply as Acme Support"></div>';
    replies.append(box);
    expect(fb.findComposer(jane, doc)?.getAttribute('aria-label')).toBe('Reply as Acme Support');
    expect(fb.findComposer(janeReply, doc)?.getAttribute('aria-label')).toBe('Reply as Acme Support');
    expect(fb.findComposer(other, doc)?.getAttribute('aria-label')).toBe('Comment as Acme Support');
    expect(fb.findComposer(posts[0], doc)?.getAttribute('aria-label')).toBe('Comment as Acme Support');
  });
});

// Issue 13.6: in the photo and video viewers there is no post article; the comments sit beside the media in the
// viewer's side panel, under the media's owner. With brand accounts set, they are addressed to that owner.
describe('media viewer comments are addressed to the media’s owner', () => {
  const read = (doc: Document, href: string) =>
    fb
      .findPosts(doc)
      .map((el) => fb.readPost(el, { href }))
      .filter((i): i is PostInfo => !!i);

  for (const name of ['photo-viewer', 'video-viewer', 'page-video']) {
    it(`replica ${name}: every comment is an item with the owner set as brand account, none with another brand`, () => {
      const page = expected.pages[name];
      const infos = read(load(name), page.url);
      expect(infos.map((i) => i.key)).toEqual(page.items.map((i) => i.key));
      for (const info of infos) {
        expect(info.addressees).toContain('AcmeSupport');
        expect(info.addressees).not.toContain('Acme Support'); // the owner by handle, never by display name
        expect(classifyPost(info, ['AcmeSupport'], null)).toBe('item');
        expect(classifyPost(info, ['https://www.facebook.com/AcmeSupport'], null)).toBe('item');
        expect(classifyPost(info, ['OtherBrand'], null)).toBe('unrelated');
      }
    });
  }

  it('a side panel that does not show this media lends no owner', () => {
    const page = expected.pages['photo-viewer'];
    const doc = load('photo-viewer');
    const time = doc.querySelector('[role="complementary"] a.fbr-time')!;
    time.setAttribute('href', 'https://www.facebook.com/photo/?fbid=1029500000000099&set=a.1029500000000001');
    for (const info of read(doc, page.url)) {
      expect(info.addressees).not.toContain('AcmeSupport');
      expect(classifyPost(info, ['AcmeSupport'], null)).toBe('unrelated');
    }
  });

  it('a comment in a viewer mentioning the brand is an item even when the brand does not own the media', () => {
    const page = expected.pages['photo-viewer'];
    const doc = load('photo-viewer');
    const [first] = fb.findPosts(doc);
    const body = first.querySelector('div[dir="auto"][style*="text-align"]')!;
    const mention = doc.createElement('a');
    mention.setAttribute('href', 'https://www.facebook.com/OtherBrand');
    mention.textContent = 'Other Brand';
    body.append(' ', mention);
    const infos = read(doc, page.url);
    expect(classifyPost(infos[0], ['OtherBrand'], null)).toBe('item');
    for (const info of infos.slice(1)) expect(classifyPost(info, ['OtherBrand'], null)).toBe('unrelated');
  });
});

const sharedFacebook = sharedFixtures('facebook');
const hasSharedViewer = existsSync(path.join(sharedFacebook, 'photo-viewer-with-comments-2021.html'));
describe.skipIf(!hasSharedViewer)(
  `real photo viewer with a brand account set (${hasSharedViewer ? sharedFacebook : 'skipped: ../shared/fixtures/facebook not found'})`,
  () => {
    const real = (file: string) =>
      new DOMParser().parseFromString(
        readFileSync(path.join(sharedFacebook, file), 'utf8').replace(/<script[\s\S]*?<\/script>/gi, ''),
        'text/html',
      );
    const viewerUrl = 'https://www.facebook.com/photo/?fbid=1144501625643317&set=a.117311035029053';
    const ids = ['1289753461118132', '1472962699463873', '1919221368171335', '2053338158092988', '2053873391372798', '3740769899349797'];

    it('photo-viewer-with-comments-2021: the six comments are addressed to the photo’s owner (vicky.barik2, from the side panel’s heading link)', () => {
      const infos = fb.findPosts(real('photo-viewer-with-comments-2021.html')).map((el) => fb.readPost(el, { href: viewerUrl })!);
      expect(infos.map((i) => i.postId)).toEqual(ids.map((c) => `1144501625643317_${c}`));
      for (const info of infos) {
        expect(info.addressees).toContain('vicky.barik2');
        expect(info.addressees).not.toContain('Vicky Barik');
        expect(classifyPost(info, ['vicky.barik2'], null)).toBe('item');
        expect(classifyPost(info, ['https://www.facebook.com/vicky.barik2'], null)).toBe('item');
        // A brand that neither owns the photo nor is mentioned: nothing to answer.
        expect(classifyPost(info, ['AcmeSupport'], null)).toBe('unrelated');
      }
    });

    it('photo-viewer-notifications-open-2023: still no comment at all, brand accounts or not', () => {
      const doc = real('photo-viewer-notifications-open-2023.html');
      const href = 'https://www.facebook.com/photo/?fbid=866944181884270&set=a.699977498580940';
      expect(
        fb
          .findPosts(doc)
          .map((el) => fb.readPost(el, { href }))
          .filter(Boolean),
      ).toEqual([]);
    });
  },
);

describe('addressees are handles and ids, never display names', () => {
  it('a post whose author is named like the brand lends no brand to its comments', () => {
    const page = expected.pages['page-post'];
    const doc = load('page-post');
    const posts = fb.findPosts(doc);
    const story = fb.readPost(posts[0], { href: page.url })!;
    expect(story.kind).toBe('post');
    // The Page's name shown as "OtherBrand": comments under it are not addressed to the account OtherBrand.
    let renamed = 0;
    for (const a of posts[0].querySelectorAll('a[href]')) {
      if (parseFacebookProfile(a.getAttribute('href'))?.handle === story.authorHandle && a.textContent?.trim()) {
        a.textContent = 'OtherBrand';
        renamed++;
      }
    }
    expect(renamed).toBeGreaterThan(0);
    expect(fb.readPost(posts[0], { href: page.url })!.authorName).toBe('OtherBrand');
    const comments = posts.slice(1).map((el) => fb.readPost(el, { href: page.url })!);
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) {
      expect(c.addressees).not.toContain('OtherBrand');
      expect(c.addressees).toContain(story.authorHandle);
    }
  });
});
