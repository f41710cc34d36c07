import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageThreads } from '../../lib/content/dm-reasons';
import { normalizeAccount } from '../../lib/shared/item-verdict';
import type { PostInfo } from '../../lib/shared/model';

const post = (key: string, author: string, inReplyToKey: string | null): PostInfo => ({
  channel: 'x',
  postId: key,
  key: `x:${key}`,
  permalink: `https://x.com/${author}/status/${key}`,
  authorHandle: author,
  authorName: null,
  authorId: null,
  text: 'hi',
  postedAt: null,
  postedAtSource: 'unknown',
  kind: 'post',
  inReplyToKey: inReplyToKey && `x:${inReplyToKey}`,
  addressees: [],
});
const isBrand = (p: PostInfo) => p.authorHandle === 'brand';

/** The thread of one post read the plain way (every post's root walked again for every post asked about). */
function plainThread(posts: PostInfo[], target: PostInfo): string {
  const byKey = new Map(posts.map((p) => [p.key, p]));
  const rootOf = (p: PostInfo) => {
    let current = p;
    for (let i = 0; i < 50 && current.inReplyToKey && byKey.has(current.inReplyToKey); i++) current = byKey.get(current.inReplyToKey)!;
    return current.inReplyToKey ?? current.key;
  };
  const root = rootOf(target);
  const author = normalizeAccount(target.authorHandle);
  let shape = '';
  for (const p of posts) {
    if (rootOf(p) !== root && p.key !== root) continue;
    if (isBrand(p)) shape += 'b';
    else if (author && normalizeAccount(p.authorHandle) === author) shape += 'c';
  }
  return shape.slice(0, 400);
}

describe('page threads (the DM chip reads the page once per batch)', () => {
  it('gives each post its own conversation, in page order: c = the post’s author, b = a brand account', () => {
    const posts = [
      post('1', 'ann', null),
      post('2', 'brand', '1'),
      post('3', 'bob', '1'),
      post('4', 'ann', '2'),
      post('9', 'carl', '8'), // another conversation whose start is not on the page
      post('10', 'brand', '9'),
    ];
    const threadOf = pageThreads(posts, isBrand);
    expect(threadOf(posts[3])).toBe('cbc');
    expect(threadOf(posts[2])).toBe('bc');
    expect(threadOf(posts[4])).toBe('cb');
    // A post not on the page (drawn before the read) is placed by its reply chain.
    expect(threadOf(post('11', 'ann', '4'))).toBe('cbc');
  });

  it('answers like the plain per-post reading for any page', () => {
    const page = fc
      .array(fc.record({ author: fc.constantFrom('ann', 'bob', 'brand', 'ANN'), parent: fc.nat(30) }), { maxLength: 30 })
      .map((rows) => rows.map((r, i) => post(String(i), r.author, r.parent === i || r.parent > 25 ? null : String(r.parent))));
    fc.assert(
      fc.property(page, (posts) => {
        const threadOf = pageThreads(posts, isBrand);
        for (const p of posts) expect(threadOf(p)).toBe(plainThread(posts, p));
      }),
    );
  });

  it('stops at 400 marks', () => {
    const posts = Array.from({ length: 450 }, (_, i) => post(String(i), i % 2 ? 'brand' : 'ann', i ? '0' : null));
    expect(pageThreads(posts, isBrand)(posts[4])).toHaveLength(400);
  });
});
