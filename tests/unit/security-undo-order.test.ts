import { describe, expect, it } from 'vitest';
import { changeState, recordSeen, undoChange, itemHistory } from '../../lib/background/db/items';
import { SCHEMA_VERSIONS } from '../../lib/background/db/schema';

/** The last schema version before events got sequence numbers (later versions may add tables on top). */
const BEFORE_SEQUENCES = SCHEMA_VERSIONS.find((v) => v.stores.events?.includes('seq'))!.version - 1;
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, finding 9: events of one item are ordered by a local sequence number, not by time and a random id.

describe('undo picks the latest change by sequence', () => {
  it('changes in the same millisecond: undo of the earlier one is refused, the later one is undone', async () => {
    for (let run = 0; run < 40; run++) {
      const db = openDb(freshFactory());
      const at = '2026-11-27T10:00:00.000Z';
      await recordSeen(db, [post({ postId: '1' })], at);
      const claimed = await changeState(db, { key: 'x:1', to: 'claimed', agent: 'Sam' }, at);
      const replied = await changeState(db, { key: 'x:1', to: 'replied', agent: 'Sam' }, at);
      expect(replied.event.seq).toBeGreaterThan(claimed.event.seq!);
      await expect(undoChange(db, { eventId: claimed.event.id, agent: 'Sam' }, at)).rejects.toMatchObject({ name: 'ChangeRejectedError' });
      const undone = await undoChange(db, { eventId: replied.event.id, agent: 'Sam' }, at);
      expect(undone.item.state).toBe('claimed');
      expect((await itemHistory(db, 'x:1')).map((e) => e.to)).toEqual(['claimed', 'replied', 'claimed']);
      db.close();
    }
  });

  it('a database from before sequences is migrated: old events get sequence numbers in their time order', async () => {
    const factory = freshFactory();
    const old = openDb(factory, BEFORE_SEQUENCES);
    await old.table('items').put({ key: 'x:1', state: 'replied' });
    await old.table('events').bulkPut([
      { id: 'b', itemKey: 'x:1', from: 'claimed', to: 'replied', at: '2026-11-27T10:00:02.000Z', agent: null, note: null },
      { id: 'a', itemKey: 'x:1', from: 'new', to: 'claimed', at: '2026-11-27T10:00:01.000Z', agent: null, note: null },
      { id: 'c', itemKey: 'x:2', from: 'new', to: 'claimed', at: '2026-11-27T09:00:00.000Z', agent: null, note: null },
    ]);
    old.close();
    const db = openDb(factory);
    const events = await db.events.toArray();
    const seq = Object.fromEntries(events.map((e) => [e.id, e.seq]));
    expect(seq.a).toBeLessThan(seq.b!);
    expect(typeof seq.c).toBe('number');
    const next = await changeState(db, { key: 'x:1', to: 'closed', agent: null }, '2026-11-27T10:00:00.000Z');
    expect(next.event.seq).toBeGreaterThan(seq.b!);
    expect((await itemHistory(db, 'x:1')).map((e) => e.id)).toEqual(['a', 'b', next.event.id]);
  });
});
