import type { ConsumerRef, OutboxOp, ReceivedEvent, TeamItemRow, TeamStore } from '../../lib/background/team/store';

/**
 * The test double of the agent's storage (the background implements TeamStore on Dexie). Everything else in the
 * integration tests is real: nats-server, WebSocket, JetStream. Values are cloned on the way in and out, as
 * IndexedDB would. Survives an engine "restart" when the same instance is handed to a new engine.
 */
export class MemoryTeamStore implements TeamStore {
  outbox = new Map<string, OutboxOp>();
  items = new Map<string, TeamItemRow>();
  cursor = 0;
  events = new Map<string, ReceivedEvent>();
  evCursor = 0;

  async outboxAll(): Promise<OutboxOp[]> {
    return [...this.outbox.values()].sort((a, b) => a.seq - b.seq).map((o) => structuredClone(o));
  }
  async outboxPut(op: OutboxOp): Promise<void> {
    this.outbox.set(op.id, structuredClone(op));
  }
  async outboxDelete(id: string): Promise<void> {
    this.outbox.delete(id);
  }
  async loadItems(): Promise<{ items: TeamItemRow[]; cursor: number }> {
    return { items: [...this.items.values()].map((r) => structuredClone(r)), cursor: this.cursor };
  }
  async saveItems(batch: { put: TeamItemRow[]; remove: string[]; cursor: number; reset?: boolean }): Promise<void> {
    if (batch.reset) this.items.clear();
    for (const k of batch.remove) this.items.delete(k);
    for (const r of batch.put) this.items.set(r.itemKey, structuredClone(r));
    this.cursor = batch.cursor;
  }
  async eventCursor(): Promise<number> {
    return this.evCursor;
  }
  async saveEvents(events: ReceivedEvent[], cursor: number): Promise<void> {
    for (const e of events) if (!this.events.has(e.id)) this.events.set(e.id, structuredClone(e));
    this.evCursor = Math.max(this.evCursor, cursor);
  }
  consumerRefs: ConsumerRef[] = [];
  async consumers(): Promise<ConsumerRef[]> {
    return structuredClone(this.consumerRefs);
  }
  async saveConsumers(refs: ConsumerRef[]): Promise<void> {
    this.consumerRefs = structuredClone(refs);
  }
  async forgetEvents(customer: string): Promise<void> {
    for (const [id, e] of this.events) if (e.customer === customer) this.events.delete(id);
  }
}
