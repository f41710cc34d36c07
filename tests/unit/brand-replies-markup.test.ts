// @vitest-environment jsdom
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedFixtures } from './helpers/shared-fixtures';
import { facebookAdapter } from '../../lib/content/sites/facebook';
import { xAdapter } from '../../lib/content/sites/x';
import { classifyPost } from '../../lib/shared/customer-items';
import type { PostInfo } from '../../lib/shared/model';
import type { SiteAdapter } from '../../lib/shared/sites/types';

// Issue 17.1: a brand account's reply in the thread under a customer item — what the page gives the background to keep
// as an interaction (the item it answers, the reply's own key, text and time, the brand account by handle or id).

const fixtures = path.join(projectRoot, 'tests/fixtures');
const sharedX = sharedFixtures('x');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

/** The brand's replies on a page, as the overlay reports them (a post by a brand account that answers an item). */
function brandReplies(adapter: SiteAdapter, doc: Document, href: string, brands: string[]): PostInfo[] {
  return adapter
    .findPosts(doc)
    .map((el) => adapter.readPost(el, { href }))
    .filter((p): p is PostInfo => !!p && !!p.inReplyToKey && classifyPost(p, brands, null) === 'brand');
}

describe('X replica status page', () => {
  const X = JSON.parse(readFileSync(path.join(fixtures, 'x/expected.json'), 'utf8'));
  const page = X.pages.status;
  const doc = parse(readFileSync(path.join(fixtures, page.file), 'utf8'));
  it("@AcmeSupport's two replies answer the focused post, with their own keys, texts and times", () => {
    const want = page.posts.filter((p: PostInfo) => p.authorHandle === 'AcmeSupport');
    expect(want).toHaveLength(2);
    const got = brandReplies(xAdapter, doc, page.url, ['AcmeSupport']);
    expect(
      got.map((p) => ({ key: p.key, inReplyToKey: p.inReplyToKey, text: p.text, postedAt: p.postedAt, postedAtSource: p.postedAtSource })),
    ).toEqual(
      want.map((p: PostInfo) => ({
        key: p.key,
        inReplyToKey: page.posts[0].key,
        text: p.text,
        postedAt: p.postedAt,
        postedAtSource: 'time-element',
      })),
    );
  });
  it('only handles identify the brand: another account is not it, display names never are', () => {
    expect(brandReplies(xAdapter, doc, page.url, ['bystander_bo']).map((p) => p.authorHandle)).toEqual(['bystander_bo']);
    // Display names are never identities.
    const names = page.posts.map((p: PostInfo) => p.authorName).filter((n: string) => n && !/^[A-Za-z0-9_]{1,15}$/.test(n));
    expect(names.length).toBeGreaterThan(0);
    expect(brandReplies(xAdapter, doc, page.url, names)).toEqual([]);
  });
});

const hasShared = existsSync(path.join(sharedX, 'status-page-conversation.html'));
describe.skipIf(!hasShared)(`real x.com conversation (${hasShared ? sharedX : 'skipped: ../shared/fixtures/x not found'})`, () => {
  const doc = parse(`<html><body>${readFileSync(path.join(sharedX, 'status-page-conversation.html'), 'utf8')}</body></html>`);
  // The post page of @birdman46049238's post, as the media viewer URL shows it.
  const href = 'https://x.com/birdman46049238/status/1852311426666537322/photo/1';
  it('with @Ness682KisuNess as the brand account: its reply answers the focused post, read with its time element', () => {
    expect(brandReplies(xAdapter, doc, href, ['Ness682KisuNess'])).toEqual([
      expect.objectContaining({
        key: 'x:1852366029659206065',
        inReplyToKey: 'x:1852311426666537322',
        authorHandle: 'Ness682KisuNess',
        text: 'Always happy to see any of your cute foxes!\n<3',
        postedAt: '2024-11-01T15:04:11.000Z',
        postedAtSource: 'time-element',
      }),
    ]);
  });
  it('the focused post itself by a brand account is not a reply; off the post page nothing is a reply', () => {
    expect(brandReplies(xAdapter, doc, href, ['birdman46049238'])).toEqual([]);
    expect(brandReplies(xAdapter, doc, 'https://x.com/home', ['Ness682KisuNess'])).toEqual([]);
  });
});

describe('Facebook replicas: a comment reply by the brand page', () => {
  const FB = JSON.parse(readFileSync(path.join(fixtures, 'facebook/expected.json'), 'utf8'));
  it.each(['page-post', 'group-post'])('%s: the page’s replies answer the comment or post above them', (name) => {
    const page = FB.pages[name];
    const doc = parse(readFileSync(path.join(fixtures, `facebook/${page.file}`), 'utf8'));
    const want = page.items.filter((i: PostInfo) => i.authorHandle === 'AcmeSupport' && i.kind === 'comment');
    expect(want.length).toBeGreaterThan(0);
    const got = brandReplies(facebookAdapter, doc, page.url, ['AcmeSupport']);
    expect(got.map((p) => [p.key, p.inReplyToKey])).toEqual(want.map((i: PostInfo) => [i.key, i.inReplyToKey]));
    for (const [i, p] of got.entries()) expect(p.text).toContain(want[i].textIncludes);
  });
});
