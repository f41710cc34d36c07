import { describe, expect, it } from 'vitest';
import { ChangeRejectedError, changeState, itemHistory, ItemNotFoundError, recordSeen, undoChange } from '../../lib/background/db/items';
import { freshFactory, openDb, post } from './helpers/db';

describe('items repository', () => {
  it('records new posts as items in state new and keeps state when seen again', async () => {
    const db = openDb(freshFactory());
    const [item] = await recordSeen(db, [post({ postId: '1852311426666537322' })], '2026-11-27T10:05:00.000Z');
    expect(item).toMatchObject({ key: 'x:1852311426666537322', state: 'new', firstSeenAt: '2026-11-27T10:05:00.000Z' });
    expect(item.authorKey).toBe('x:jane');

    await changeState(db, { key: item.key, to: 'claimed', agent: 'Sam' }, '2026-11-27T10:06:00.000Z');
    const [again] = await recordSeen(db, [post({ postId: '1852311426666537322', text: 'edited' })], '2026-11-28T09:00:00.000Z');
    expect(again).toMatchObject({ state: 'claimed', agent: 'Sam', excerpt: 'edited', firstSeenAt: '2026-11-27T10:05:00.000Z' });
  });

  it('falls back to the first-seen time when the page shows no post time, and marks it estimated', async () => {
    const db = openDb(freshFactory());
    const [item] = await recordSeen(
      db,
      [post({ postId: '5', channel: 'facebook', postedAt: null, postedAtSource: 'unknown' })],
      '2026-11-27T12:00:00.000Z',
    );
    expect(item).toMatchObject({ postedAt: '2026-11-27T12:00:00.000Z', postedAtEstimated: true });
    const [later] = await recordSeen(db, [post({ postId: '5', channel: 'facebook', postedAt: '2026-11-27T11:00:00.000Z' })]);
    expect(later).toMatchObject({ postedAt: '2026-11-27T11:00:00.000Z', postedAtEstimated: false });
  });

  it('appends one event per change and records the first response once', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '7' })]);
    await changeState(db, { key: 'x:7', to: 'claimed', agent: 'Sam' }, '2026-11-27T10:01:00.000Z');
    const { item } = await changeState(
      db,
      { key: 'x:7', to: 'replied', agent: 'Sam', note: 'sent tracking link' },
      '2026-11-27T10:02:00.000Z',
    );
    expect(item.firstResponseAt).toBe('2026-11-27T10:02:00.000Z');
    const { item: closed } = await changeState(db, { key: 'x:7', to: 'closed', agent: 'Ana' }, '2026-11-27T11:00:00.000Z');
    expect(closed.firstResponseAt).toBe('2026-11-27T10:02:00.000Z');

    const history = await itemHistory(db, 'x:7');
    expect(history.map((e) => [e.from, e.to, e.agent])).toEqual([
      ['new', 'claimed', 'Sam'],
      ['claimed', 'replied', 'Sam'],
      ['replied', 'closed', 'Ana'],
    ]);
    expect(history[1].note).toBe('sent tracking link');
    expect(new Set(history.map((e) => e.id)).size).toBe(3);
  });

  it('writes neither the item nor an event when the change fails', async () => {
    const db = openDb(freshFactory());
    await expect(changeState(db, { key: 'x:404', to: 'claimed', agent: null })).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await db.items.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
  });

  it('rolls back the item row when the event write fails (one transaction)', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '8' })]);
    db.events.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(changeState(db, { key: 'x:8', to: 'replied', agent: 'Sam' })).rejects.toThrow('disk full');
    expect((await db.items.get('x:8'))?.state).toBe('new');
  });
});

describe('state machine and undo', () => {
  it('rejects changes the state machine does not allow, writing nothing', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '9' })]);
    await expect(changeState(db, { key: 'x:9', to: 'closed', agent: 'Sam' })).rejects.toBeInstanceOf(ChangeRejectedError);
    expect((await db.items.get('x:9'))?.state).toBe('new');
    expect(await db.events.count()).toBe(0);
  });

  it('undoes the latest change within 10 s with a compensating event, restoring the first-response time', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '10' })]);
    const { event } = await changeState(db, { key: 'x:10', to: 'replied', agent: 'Sam' }, '2026-11-27T10:00:00.000Z');
    const { item } = await undoChange(db, { eventId: event.id, agent: 'Sam' }, '2026-11-27T10:00:09.000Z');
    expect(item).toMatchObject({ state: 'new', firstResponseAt: null });
    const history = await itemHistory(db, 'x:10');
    expect(history.map((e) => [e.from, e.to])).toEqual([
      ['new', 'replied'],
      ['replied', 'new'],
    ]);
    expect(history[1].note).toBe(`undo of ${event.id}`);
  });

  it('refuses to undo after 10 s or when a later change exists', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '11' })]);
    const first = await changeState(db, { key: 'x:11', to: 'claimed', agent: 'Sam' }, '2026-11-27T10:00:00.000Z');
    await expect(undoChange(db, { eventId: first.event.id, agent: 'Sam' }, '2026-11-27T10:00:11.000Z')).rejects.toThrow('Too late');
    await changeState(db, { key: 'x:11', to: 'replied', agent: 'Sam' }, '2026-11-27T10:00:01.000Z');
    await expect(undoChange(db, { eventId: first.event.id, agent: 'Sam' }, '2026-11-27T10:00:02.000Z')).rejects.toThrow('later change');
    expect((await db.items.get('x:11'))?.state).toBe('replied');
  });

  it('records an automatically detected reply at its real time', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '12' })]);
    const { item } = await changeState(
      db,
      { key: 'x:12', to: 'replied', agent: null, note: 'brand reply detected', respondedAt: '2026-11-27T10:03:00.000Z' },
      '2026-11-27T11:00:00.000Z',
    );
    expect(item.firstResponseAt).toBe('2026-11-27T10:03:00.000Z');
  });
});
