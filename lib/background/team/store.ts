import type { TeamChange } from '../../shared/team/rules';
import type { TeamEvent, TeamItem } from '../../shared/team/values';

// What the sync engine keeps on the agent's machine. The background implements it on Dexie tables (outbox, team
// items, team events, cursors); the engine never holds the only copy of a local change.

interface OpBase {
  /** Unique id (nuid): the KV value's `op`, the event id and the JetStream msgID, so retries are recognised. */
  id: string;
  /** Order of the outbox (assigned by the engine, increasing). */
  seq: number;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

/** A change to an item's shared state (claim, release, take-over, state), then its event. */
export interface ChangeOp extends OpBase {
  type: 'change';
  itemKey: string;
  change: TeamChange;
  /** Customer token of the item's author (see customerToken), so forgetting the customer reaches the event. */
  customer: string | null;
  note: string | null;
  /** When the customer posted, if the agent's item knows (for the team's response times). */
  postedAt?: string | null;
  /** The KV write landed; only the event is left to publish. */
  kvDone?: boolean;
  /** Item state before the change, recorded when the KV write landed (for the event's `from`). */
  from?: TeamItem['state'] | null;
  to?: TeamItem['state'] | null;
}

/** A plain event (an interaction, a note): appended to the stream. */
export interface EventOp extends OpBase {
  type: 'event';
  event: TeamEvent;
  customer: string | null;
}

/** "Forget this customer": purge the customer's events from the stream and the given items from the bucket. */
export interface ForgetOp extends OpBase {
  type: 'forget';
  customer: string;
  itemKeys: string[];
}

export type OutboxOp = ChangeOp | EventOp | ForgetOp;

/** One item's shared state as last seen from the server. */
export interface TeamItemRow {
  itemKey: string;
  value: TeamItem;
  /** The KV revision (stream sequence) of this value. */
  revision: number;
}

/** A team event as received, with the stream sequence the server gave it (the team-wide order). */
export interface ReceivedEvent extends TeamEvent {
  seq: number;
  customer: string | null;
}

/** A JetStream consumer this agent created (ordered, ephemeral): deleted on the next start if still there. */
export interface ConsumerRef {
  stream: string;
  name: string;
}

export interface TeamStore {
  /** Outbox in `seq` order. */
  outboxAll(): Promise<OutboxOp[]>;
  outboxPut(op: OutboxOp): Promise<void>;
  outboxDelete(id: string): Promise<void>;
  /** Items last seen, and the KV cursor (last bucket revision applied; 0 = never synced). */
  loadItems(): Promise<{ items: TeamItemRow[]; cursor: number }>;
  /** Applies a batch from the server: puts, deletions and the new cursor, atomically. `reset` replaces everything. */
  saveItems(batch: { put: TeamItemRow[]; remove: string[]; cursor: number; reset?: boolean }): Promise<void>;
  /** Last event sequence stored (0 = none). */
  eventCursor(): Promise<number>;
  /** Stores events merged by id (rule 2) and the new event cursor, atomically. */
  saveEvents(events: ReceivedEvent[], cursor: number): Promise<void>;
  /** Drops the stored events of a forgotten customer. */
  forgetEvents(customer: string): Promise<void>;
  /**
   * The consumers this agent's last session created. nats-server 2.9 keeps an ephemeral consumer for 5 minutes after
   * its client is gone, and an MV3 service worker is stopped without warning: the next start deletes them.
   */
  consumers?(): Promise<ConsumerRef[]>;
  saveConsumers?(refs: ConsumerRef[]): Promise<void>;
}
