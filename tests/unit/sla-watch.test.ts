import { describe, expect, it } from 'vitest';
import { changeState, recordSeen } from '../../lib/background/db/items';
import { sweepSla } from '../../lib/background/sla-watch';
import { DEFAULT_SETTINGS } from '../../lib/shared/settings';
import { freshFactory, openDb, post } from './helpers/db';

describe('sweepSla', () => {
  it('counts due and breached waiting items and reports each breach once', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [
      post({ postId: '1', postedAt: '2026-11-27T10:00:00.000Z' }), // 40 min: breached
      post({ postId: '2', postedAt: '2026-11-27T10:20:00.000Z' }), // 20 min: due
      post({ postId: '3', postedAt: '2026-11-27T10:35:00.000Z' }), // 5 min: ok
      post({ postId: '4', postedAt: '2026-11-27T09:00:00.000Z' }), // answered
      post({ postId: '5', channel: 'facebook', permalink: 'https://www.facebook.com/acme/posts/5', postedAt: '2026-11-27T10:00:00.000Z' }), // FB 40 min: due
    ]);
    await changeState(db, { key: 'x:4', to: 'replied', agent: 'Sam' });
    const now = Date.parse('2026-11-27T10:40:00.000Z');
    const first = await sweepSla(db, DEFAULT_SETTINGS, now);
    expect(first).toMatchObject({ due: 2, breached: 1 });
    expect(first.newlyBreached.map((i) => i.key)).toEqual(['x:1']);
    const second = await sweepSla(db, DEFAULT_SETTINGS, now + 60_000);
    expect(second.newlyBreached).toEqual([]);
    expect(second.breached).toBe(1);
    expect((await db.items.get('x:1'))?.breachNotifiedAt).toBe('2026-11-27T10:40:00.000Z');
  });
});
