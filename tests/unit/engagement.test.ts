// @vitest-environment jsdom
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedFixtures } from './helpers/shared-fixtures';
import { facebookAdapter } from '../../lib/content/sites/facebook';
import { readFacebookEngagement } from '../../lib/content/sites/facebook/engagement';
import { xAdapter } from '../../lib/content/sites/x';
import { readXEngagement } from '../../lib/content/sites/x-engagement';
import { parseCount } from '../../lib/shared/viral';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures');
const sharedX = sharedFixtures('x');
const sharedFacebook = sharedFixtures('facebook');
type ReplicaCounts = { replies: number; reposts: number; likes: number; views: number };
// The replica's own data (an untyped module): the truth the generated pages were made from.
const xDataModule: string = '../fixtures/src/x-data.mjs';
const { POSTS_BY_ID } = (await import(xDataModule)) as { POSTS_BY_ID: Map<string, ReplicaCounts> };
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('parseCount', () => {
  it.each([
    ['8784', 8784],
    ['8,784', 8784],
    ['1.2K', 1200],
    ['3M', 3_000_000],
    ['0', 0],
    ['12 345', 12345],
    ['abc', null],
    ['', null],
  ])('%s → %s', (raw, want) => expect(parseCount(raw)).toBe(want));
});

describe('X replicas: counts from the action bar labels', () => {
  for (const page of ['home', 'search', 'status', 'notifications']) {
    it(`${page}: every post's counts are the replica's data`, () => {
      const doc = parse(readFileSync(path.join(fixtures, `x/${page}.html`), 'utf8'));
      const posts = xAdapter.findPosts(doc);
      expect(posts.length).toBeGreaterThan(0);
      for (const el of posts) {
        const post = xAdapter.readPost(el, { href: 'https://x.com/home' })!;
        const data = POSTS_BY_ID.get(post.postId)!;
        expect(readXEngagement(el), post.key).toEqual({
          replies: data.replies,
          reposts: data.reposts,
          likes: data.likes,
          views: data.views,
          authorFollowers: null,
        });
      }
    });
  }
});

const hasSharedX = existsSync(path.join(sharedX, 'status-page-conversation.html'));
describe.skipIf(!hasSharedX)(`real x.com markup (${hasSharedX ? sharedX : 'skipped: ../shared/fixtures/x not found'})`, () => {
  const load = (file: string) => parse(`<html><body>${readFileSync(path.join(sharedX, file), 'utf8')}</body></html>`);
  const byId = (doc: Document) =>
    new Map(xAdapter.findPosts(doc).map((el) => [xAdapter.readPost(el, { href: 'https://x.com/home' })!.postId, readXEngagement(el)]));

  it('status-page-focused-post: 15 replies, 1003 reposts, 8784 likes, 89532 views', () => {
    const counts = [...byId(load('status-page-focused-post.html')).values()];
    expect(counts).toEqual([{ replies: 15, reposts: 1003, likes: 8784, views: 89532, authorFollowers: null }]);
  });

  it('timeline-post-with-video: the same post read off the timeline', () => {
    expect([...byId(load('timeline-post-with-video.html')).values()]).toEqual([
      { replies: 15, reposts: 1003, likes: 8784, views: 89532, authorFollowers: null },
    ]);
  });

  it('status-page-conversation: every post has counts; zero counts the bar label leaves out read as 0', () => {
    const doc = load('status-page-conversation.html');
    const counts = byId(doc);
    expect(counts.size).toBe(13);
    for (const c of counts.values()) {
      expect(c).not.toBeNull();
      expect(c!.replies).toBeGreaterThanOrEqual(0);
      expect(c!.reposts).toBeGreaterThanOrEqual(0);
      expect(c!.likes).toBeGreaterThanOrEqual(0);
    }
    // The conversation's focused post, saved a moment earlier than status.html: 8783 likes, 89562 views.
    expect([...counts.values()]).toContainEqual({ replies: 15, reposts: 1003, likes: 8783, views: 89562, authorFollowers: null });
    // A reply with one like and 138 views (its bar label says only "1 like, 138 views").
    expect([...counts.values()]).toContainEqual({ replies: 0, reposts: 0, likes: 1, views: 138, authorFollowers: null });
  });
});

describe('Facebook replicas: reactions, comments, shares', () => {
  const read = (file: string, key: string) => {
    const doc = parse(readFileSync(path.join(fixtures, file), 'utf8'));
    const loc = { href: 'https://www.facebook.com/' };
    const el = facebookAdapter.findPosts(doc).find((e) => facebookAdapter.readPost(e, loc)?.key === key);
    expect(el, key).toBeTruthy();
    return readFacebookEngagement(el!);
  };
  it("the page post: 128 reactions, 43 comments, 12 shares (its comments' counts are not the post's)", () => {
    expect(read('facebook/page-post.html', 'facebook:pfbid02kZ9vJ6Lq3mH8Rt1sYw4NcE7bPdFgA5uXoV2iKjQnMhTr6WzLl')).toEqual({
      replies: 43,
      reposts: 12,
      likes: 128,
      views: null,
      authorFollowers: null,
    });
  });
  it('a comment with reactions reads them', () => {
    const doc = parse(readFileSync(path.join(fixtures, 'facebook/page-post.html'), 'utf8'));
    const loc = { href: 'https://www.facebook.com/' };
    const comments = facebookAdapter.findPosts(doc).filter((e) => facebookAdapter.readPost(e, loc)?.kind === 'comment');
    const withReactions = comments.map(readFacebookEngagement).filter((c) => c?.likes);
    expect(withReactions.length).toBeGreaterThan(0);
    for (const c of withReactions) expect(c).toMatchObject({ replies: null, reposts: null, views: null });
  });
});

const hasSharedFacebook = existsSync(path.join(sharedFacebook, 'post-with-comments-2025.html'));
describe.skipIf(!hasSharedFacebook)(
  `real facebook.com markup (${hasSharedFacebook ? sharedFacebook : 'skipped: ../shared/fixtures/facebook not found'})`,
  () => {
    it('post-with-comments-2025: 369 reactions, 782 comments, 114 shares', () => {
      const html = readFileSync(path.join(sharedFacebook, 'post-with-comments-2025.html'), 'utf8').replace(
        /<script[\s\S]*?<\/script>/gi,
        '',
      );
      const doc = parse(html);
      const loc = { href: 'https://www.facebook.com/' };
      const [post, ...comments] = facebookAdapter.findPosts(doc);
      expect(facebookAdapter.readPost(post, loc)?.kind).toBe('post');
      // The post's counts, not its comments'.
      expect(readFacebookEngagement(post)).toEqual({ likes: 369, replies: 782, reposts: 114, views: null, authorFollowers: null });
      expect(comments.length).toBe(10);
      for (const c of comments) expect(readFacebookEngagement(c)?.replies ?? null).toBeNull();
    });
  },
);
