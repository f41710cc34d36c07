import { describe, expect, it } from 'vitest';
import type { ItemRow } from '../../lib/shared/records';
import { DEFAULT_SETTINGS } from '../../lib/shared/settings';
import { buildQueueGroups, queueCounts, threadKeyOf } from '../../lib/shared/queue';

const row = (key: string, postedAt: string, extra: Partial<ItemRow> = {}): ItemRow => {
  const [channel, postId] = key.split(':') as [ItemRow['channel'], string];
  return {
    key,
    channel,
    postId,
    kind: postId.includes('_') ? 'comment' : 'post',
    permalink: `https://x.com/a/status/${postId}`,
    authorHandle: 'a',
    authorName: 'A',
    authorId: null,
    authorKey: `${channel}:a`,
    excerpt: '',
    postedAt,
    postedAtEstimated: false,
    firstSeenAt: postedAt,
    lastSeenAt: postedAt,
    state: 'new',
    stateChangedAt: postedAt,
    agent: null,
    firstResponseAt: null,
    inReplyToKey: null,
    ...extra,
  };
};

const now = Date.parse('2026-11-27T12:00:00Z');
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

describe('queue groups: one row per customer per thread', () => {
  it('groups a customer’s follow-ups in one X thread under their first post; another customer stays apart', () => {
    const items = [
      row('x:1', at(50)), // Sam's first post (breached)
      row('x:2', at(20), { inReplyToKey: 'x:9' }), // Sam replying to a post Carebar does not know (x:9): another thread
      row('x:3', at(10), { inReplyToKey: 'x:1' }), // Sam's follow-up to their own post
      row('x:4', at(40), { inReplyToKey: 'x:1', authorKey: 'x:bo', authorName: 'Bo' }), // someone else in the thread
      row('x:5', at(5), { inReplyToKey: 'x:3' }), // a follow-up to the follow-up
    ];
    const groups = buildQueueGroups(items, DEFAULT_SETTINGS, now);
    expect(groups.map((g) => [g.item.key, g.followUps.map((f) => f.item.key)])).toEqual([
      ['x:1', ['x:3', 'x:5']],
      ['x:4', []],
      ['x:2', []],
    ]);
    expect(groups[0].sla.state).toBe('breached'); // the wait is the first post's
  });

  it('groups Facebook comments by the post they are on', () => {
    const items = [
      row('facebook:100_1', at(30), { authorKey: 'facebook:jane' }),
      row('facebook:100_2', at(10), { authorKey: 'facebook:jane' }),
      row('facebook:200_3', at(5), { authorKey: 'facebook:jane' }),
    ];
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(threadKeyOf(items[1], byKey)).toBe('facebook:100');
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now).map((g) => [g.item.key, g.followUps.length])).toEqual([
      ['facebook:100_1', 1],
      ['facebook:200_3', 0],
    ]);
  });

  it('a reply chain that loops ends; items with no author are never grouped', () => {
    const items = [
      row('x:1', at(5), { inReplyToKey: 'x:2' }),
      row('x:2', at(6), { inReplyToKey: 'x:1' }),
      row('x:3', at(7), { authorKey: null }),
      row('x:4', at(8), { authorKey: null }),
    ];
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now)).toHaveLength(3);
  });

  it('filters by SLA state, workflow state and channel; counts every open item whatever the filter', () => {
    const items = [
      row('x:1', at(50)), // breached
      row('x:2', at(20), { authorKey: 'x:b' }), // due
      row('x:3', at(5), { authorKey: 'x:c', state: 'claimed' }), // ok
      row('facebook:7_1', at(60), { authorKey: 'facebook:d' }), // ok on Facebook (25 min target, 24 h breach → due)
    ];
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now, { sla: 'breached' }).map((g) => g.item.key)).toEqual(['x:1']);
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now, { sla: 'due' }).map((g) => g.item.key)).toEqual(['facebook:7_1', 'x:2']);
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now, { state: 'claimed' }).map((g) => g.item.key)).toEqual(['x:3']);
    expect(buildQueueGroups(items, DEFAULT_SETTINGS, now, { channel: 'facebook' }).map((g) => g.item.key)).toEqual(['facebook:7_1']);
    expect(queueCounts(items, DEFAULT_SETTINGS, now)).toMatchObject({ open: 4, breached: 1, due: 2, ok: 1, new: 3, claimed: 1 });
  });
});
