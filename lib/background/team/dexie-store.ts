import type Dexie from 'dexie';
import type { EntityTable } from 'dexie';
import type { ConsumerRef, OutboxOp, ReceivedEvent, TeamItemRow, TeamStore } from './store';

// TeamStore on the background's IndexedDB (schema v5 tables): the outbox survives a killed service worker, a closed
// browser and an hour offline; items and events are the last state seen from the server, with their cursors.

export type TeamMetaRow = { key: 'kvCursor' | 'eventCursor'; value: number } | { key: 'consumers'; value: ConsumerRef[] };

export type TeamDB = Dexie & {
  teamOutbox: EntityTable<OutboxOp, 'id'>;
  teamItems: EntityTable<TeamItemRow, 'itemKey'>;
  teamEvents: EntityTable<ReceivedEvent, 'id'>;
  teamMeta: EntityTable<TeamMetaRow, 'key'>;
};

const cursorOf = (row: TeamMetaRow | undefined): number => (typeof row?.value === 'number' ? row.value : 0);

export class DexieTeamStore implements TeamStore {
  constructor(private readonly db: TeamDB) {}

  outboxAll(): Promise<OutboxOp[]> {
    return this.db.teamOutbox.orderBy('seq').toArray();
  }

  async outboxPut(op: OutboxOp): Promise<void> {
    await this.db.teamOutbox.put(op);
  }

  outboxDelete(id: string): Promise<void> {
    return this.db.teamOutbox.delete(id);
  }

  async loadItems(): Promise<{ items: TeamItemRow[]; cursor: number }> {
    return this.db.transaction('r', this.db.teamItems, this.db.teamMeta, async () => ({
      items: await this.db.teamItems.toArray(),
      cursor: cursorOf(await this.db.teamMeta.get('kvCursor')),
    }));
  }

  async saveItems(batch: { put: TeamItemRow[]; remove: string[]; cursor: number; reset?: boolean }): Promise<void> {
    await this.db.transaction('rw', this.db.teamItems, this.db.teamMeta, async () => {
      if (batch.reset) await this.db.teamItems.clear();
      if (batch.remove.length) await this.db.teamItems.bulkDelete(batch.remove);
      if (batch.put.length) await this.db.teamItems.bulkPut(batch.put);
      await this.db.teamMeta.put({ key: 'kvCursor', value: batch.cursor });
    });
  }

  async eventCursor(): Promise<number> {
    return cursorOf(await this.db.teamMeta.get('eventCursor'));
  }

  async saveEvents(events: ReceivedEvent[], cursor: number): Promise<void> {
    await this.db.transaction('rw', this.db.teamEvents, this.db.teamMeta, async () => {
      // Rule 2: merged by id — a copy already stored (the same event delivered twice) is kept as it is.
      const have = new Set((await this.db.teamEvents.bulkGet(events.map((e) => e.id))).filter(Boolean).map((e) => e!.id));
      const fresh = events.filter((e) => !have.has(e.id));
      if (fresh.length) await this.db.teamEvents.bulkPut(fresh);
      const prev = cursorOf(await this.db.teamMeta.get('eventCursor'));
      await this.db.teamMeta.put({ key: 'eventCursor', value: Math.max(prev, cursor) });
    });
  }

  async consumers(): Promise<ConsumerRef[]> {
    const row = await this.db.teamMeta.get('consumers');
    return row?.key === 'consumers' ? row.value : [];
  }

  async saveConsumers(refs: ConsumerRef[]): Promise<void> {
    await this.db.teamMeta.put({ key: 'consumers', value: refs });
  }

  async forgetEvents(customer: string): Promise<void> {
    await this.db.teamEvents.where('customer').equals(customer).delete();
  }

  /** Leaving team mode (or changing team): nothing of the old team stays, except unsent changes are reported. */
  async clearTeamState(): Promise<void> {
    await this.db.transaction('rw', [this.db.teamItems, this.db.teamEvents, this.db.teamMeta], async () => {
      await Promise.all([this.db.teamItems.clear(), this.db.teamEvents.clear(), this.db.teamMeta.clear()]);
    });
  }
}

/** Schema v5's tables (lib/background/db/schema.ts). */
export const TEAM_STORES = {
  teamOutbox: 'id, seq',
  teamItems: 'itemKey, revision',
  teamEvents: 'id, seq, itemKey, customer, at, user',
  teamMeta: 'key',
};
