import { describe, expect, it } from 'vitest';
import type { ItemRow } from '../../lib/shared/records';
import { DEFAULT_SETTINGS } from '../../lib/shared/settings';
import { buildQueue, countByState } from '../../lib/shared/queue';

const row = (key: string, postedAt: string, state: ItemRow['state'] = 'new', extra: Partial<ItemRow> = {}): ItemRow => ({
  key,
  channel: 'x',
  postId: key.slice(2),
  kind: 'post',
  permalink: `https://x.com/a/status/${key.slice(2)}`,
  authorHandle: 'a',
  authorName: 'A',
  authorId: null,
  authorKey: 'x:a',
  excerpt: '',
  postedAt,
  postedAtEstimated: false,
  firstSeenAt: postedAt,
  lastSeenAt: postedAt,
  state,
  stateChangedAt: postedAt,
  agent: null,
  firstResponseAt: null,
  inReplyToKey: null,
  ...extra,
});

describe('buildQueue', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  const items = [
    row('x:1', '2026-11-27T11:55:00Z'), // ok 5m
    row('x:2', '2026-11-27T11:00:00Z'), // breached 60m
    row('x:3', '2026-11-27T11:40:00Z', 'claimed'), // due 20m
    row('x:4', '2026-11-27T11:20:00Z'), // breached 40m
    row('x:5', '2026-11-25T11:20:00Z', 'dm', { stateChangedAt: '2026-11-25T12:00:00Z', firstResponseAt: '2026-11-25T12:00:00Z' }),
  ];

  it('puts breached first, then due, then by wait', () => {
    expect(buildQueue(items, DEFAULT_SETTINGS, now).map((e) => e.item.key)).toEqual(['x:2', 'x:4', 'x:3', 'x:1', 'x:5']);
  });

  it('flags DMs unresolved past the follow-up time and filters by state and channel', () => {
    const dm = buildQueue(items, DEFAULT_SETTINGS, now, { state: 'dm' });
    expect(dm.map((e) => [e.item.key, e.dmOverdue])).toEqual([['x:5', true]]);
    expect(buildQueue(items, DEFAULT_SETTINGS, now, { channel: 'facebook' })).toEqual([]);
    expect(countByState(items)).toEqual({ new: 3, claimed: 1, dm: 1 });
  });
});
