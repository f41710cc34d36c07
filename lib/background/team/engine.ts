import { nuid, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import type { ItemState } from '../../shared/model';
import {
  CONFIG_KEY,
  eventCustomerFilter,
  eventSubject,
  isValidName,
  itemKeyFromKv,
  kvKeyForItem,
  parseEventSubject,
  presenceSubject,
  teamNames,
  type TeamNames,
} from '../../shared/team/names';
import { applyChange, claimStanding, type Actor, type ClaimStanding, type TeamChange } from '../../shared/team/rules';
import {
  DEFAULT_TEAM_CONFIG,
  encodeJson,
  EVENT_KIND_RE,
  parseJson,
  PresenceBeatSchema,
  TeamConfigSchema,
  TeamEventSchema,
  TeamItemSchema,
  type Activity,
  type PresenceBeat,
  type TeamConfig,
  type TeamEvent,
  type TeamItem,
} from '../../shared/team/values';
import { ensureTeam, openBucket } from './admin';
import { describeError, TeamConnection, type TeamConnStatus } from './connection';
import type { ChangeOp, ConsumerRef, OutboxOp, ReceivedEvent, TeamItemRow, TeamStore } from './store';

// The team sync engine: local-first. Every local change goes to the outbox first (TeamStore), then to the server when
// connected; remote changes come in through a KV watch and a stream consumer resumed from the last revision seen,
// so an agent who was offline catches up on reconnect. The conflict rules are in lib/shared/team/rules.ts.

export type Role = 'agent' | 'supervisor';

/** The event a forget leaves on the stream (under the customer's token): receivers drop their copies. */
export const FORGET_KIND = 'forget';

export interface TeamEngineOptions {
  servers: string[];
  team: string;
  user: string;
  /** Shown to others ("Ana"). */
  displayName: string;
  password?: string;
  token?: string;
  role: Role;
  store: TeamStore;
  /** Create the bucket and stream when missing, if the credentials allow it (default true). */
  createIfMissing?: boolean;
  pingIntervalMs?: number;
  offlineAfterMs?: number;
  /** How long a JetStream request may take before it counts as timed out (default 5 s). */
  requestTimeoutMs?: number;
  /** How long claim() waits for the server's answer before answering "pending" (default 4 s). */
  answerTimeoutMs?: number;
}

export interface TeamStatus extends TeamConnStatus {
  team: string;
  user: string;
  role: Role;
  /** Local changes not yet on the server. */
  pending: number;
  /** Caught up with the bucket since the last (re)connect. */
  synced: boolean;
  /** Remote values ignored because they did not parse. */
  malformed: number;
  /** What an admin must do (e.g. the bucket is missing and these credentials may not create it). */
  setupHint: string | null;
}

export type ClaimResult =
  | { outcome: 'won'; item: TeamItemRow | null }
  | { outcome: 'lost'; standing: ClaimStanding; holder: string | null; holderName: string | null; claimedAt: string | null }
  | { outcome: 'pending'; reason: string };

export interface MalformedReport {
  where: 'kv' | 'event' | 'presence';
  /** KV key, event subject or presence subject. */
  key: string;
  revision: number | null;
  reason: string;
  at: string;
}

export interface ConflictReport {
  opId: string;
  itemKey: string;
  kind: TeamChange['kind'];
  holder: string | null;
  holderName: string | null;
  standing: ClaimStanding;
}

export interface PresenceEntry extends PresenceBeat {
  receivedAt: number;
}

export interface TeamListener {
  status?(s: TeamStatus): void;
  items?(changes: Array<{ itemKey: string; row: TeamItemRow | null }>): void;
  events?(events: ReceivedEvent[]): void;
  presence?(entries: PresenceEntry[]): void;
  malformed?(r: MalformedReport): void;
  conflict?(c: ConflictReport): void;
}

/** Extra facts about a change: the customer's token (for forgetting), a note, and the id of the local event it
 * mirrors (so the team event and the agent's own event are one event, merged by id). */
export interface ChangeMeta {
  customer?: string | null;
  note?: string | null;
  id?: string;
  postedAt?: string | null;
}

export interface ItemView {
  row: TeamItemRow | null;
  standing: ClaimStanding;
}

const WRONG_LAST_SEQUENCE = new Set([10071, 10164]);

function isWrongLastSequence(err: unknown): boolean {
  const code = (err as { code?: number }).code;
  return (typeof code === 'number' && WRONG_LAST_SEQUENCE.has(code)) || /wrong last sequence/i.test(String((err as Error)?.message));
}

function isPermissionError(err: unknown): boolean {
  return /permission/i.test(String((err as Error)?.message)) || (err as Error)?.name === 'PermissionViolationError';
}

/** Errors after which the same request may succeed later (server restarting, connection lost). */
function isTransient(err: unknown): boolean {
  const name = (err as Error)?.name ?? '';
  const msg = String((err as Error)?.message ?? err).toLowerCase();
  if (isPermissionError(err) || /authorization/.test(msg)) return false;
  return (
    ['TimeoutError', 'ConnectionError', 'ClosedConnectionError', 'NoRespondersError', 'RequestError', 'DrainingConnectionError'].includes(
      name,
    ) || /timeout|timed out|no responders|disconnect|closed|connection|jetstream not (enabled|available)|not ready|503/.test(msg)
  );
}

export class TeamEngine {
  readonly names: TeamNames;
  private readonly conn: TeamConnection;
  private readonly actor: Actor;
  private readonly listeners = new Set<TeamListener>();
  private readonly items = new Map<string, TeamItemRow>();
  private kvCursor = 0;
  private eventCursor = 0;
  private pending = 0;
  private malformedCount = 0;
  private setupHint: string | null = null;
  private synced = false;
  private syncedWaiters: Array<() => void> = [];
  private teamConfig: TeamConfig = DEFAULT_TEAM_CONFIG;
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private kv: KV | null = null;
  /** Bumped on every (re)connect and stop: loops of an older generation end. */
  private gen = 0;
  private stops: Array<() => void> = [];
  private presenceSub: Subscription | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters = new Map<string, (r: ClaimResult) => void>();
  private seqCounter = 0;
  private readonly presence = new Map<string, PresenceEntry>();
  private readonly lastSeen = new Map<string, number>();
  private joinedAt = Date.now();
  private myPresence: { itemKey: string | null; activity: Activity } = { itemKey: null, activity: 'idle' };
  private beatTimer: ReturnType<typeof setInterval> | null = null;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private kvFlush: Promise<void> = Promise.resolve();
  private started = false;
  /** The consumers of this session (the client's objects: an ordered consumer renames itself when it resets). */
  private consumers: ConsumerRef[] = [];
  private savedConsumers = '';

  constructor(private readonly opts: TeamEngineOptions) {
    if (!isValidName(opts.user)) throw new Error(`invalid user name: ${JSON.stringify(opts.user)}`);
    this.names = teamNames(opts.team);
    this.actor = { user: opts.user, name: opts.displayName.slice(0, 80) || opts.user };
    this.conn = new TeamConnection({
      servers: opts.servers,
      team: opts.team,
      user: opts.user,
      password: opts.password,
      token: opts.token,
      pingIntervalMs: opts.pingIntervalMs,
      offlineAfterMs: opts.offlineAfterMs,
      onConnect: (nc, fresh) => void this.online(nc, fresh),
      onDisconnect: () => this.offline(),
      onStatus: () => this.emitStatus(),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { items, cursor } = await this.opts.store.loadItems();
    for (const row of items) this.items.set(row.itemKey, row);
    this.kvCursor = cursor;
    this.eventCursor = await this.opts.store.eventCursor();
    const outbox = await this.opts.store.outboxAll();
    this.pending = outbox.length;
    this.seqCounter = outbox.reduce((m, o) => Math.max(m, o.seq), 0);
    this.joinedAt = Date.now();
    this.sweepTimer = setInterval(() => this.sweepPresence(), 1000);
    this.conn.start();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.conn.current) await this.beat(true).catch(() => {});
    this.gen++;
    this.stopLoops();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.sweepTimer = this.beatTimer = this.drainTimer = null;
    await this.kvFlush.catch(() => {});
    await this.dropConsumers(this.consumers.splice(0));
    await this.conn.stop();
    for (const resolve of this.waiters.values()) resolve({ outcome: 'pending', reason: 'stopped' });
    this.waiters.clear();
  }

  /** Resolves once the bucket has been caught up with (after start or the next reconnect). */
  ready(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  subscribe(l: TeamListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  status(): TeamStatus {
    const c = this.conn.state;
    const error = this.setupHint && c.state === 'connected' ? this.setupHint : c.error;
    return {
      ...c,
      state: this.setupHint && c.state === 'connected' ? 'error' : c.state,
      error,
      team: this.opts.team,
      user: this.opts.user,
      role: this.opts.role,
      pending: this.pending,
      synced: this.synced,
      malformed: this.malformedCount,
      setupHint: this.setupHint,
    };
  }

  config(): TeamConfig {
    return this.teamConfig;
  }

  /** Drops the socket (the client reconnects by itself): "reconnect now", and tests. */
  reconnectNow(): Promise<void> {
    return this.conn.reconnectNow();
  }

  // ---- reading ---------------------------------------------------------------------------------------------------

  item(itemKey: string): ItemView {
    const row = this.items.get(itemKey) ?? null;
    return { row, standing: this.standing(row?.value ?? null) };
  }

  allItems(): TeamItemRow[] {
    return [...this.items.values()];
  }

  /** Items held by someone else (for the queue's marks). */
  heldByOthers(): TeamItemRow[] {
    return [...this.items.values()].filter((r) => r.value.holder && r.value.holder !== this.opts.user);
  }

  presenceList(): PresenceEntry[] {
    return [...this.presence.values()];
  }

  private standing(value: TeamItem | null): ClaimStanding {
    const holder = value?.holder;
    return claimStanding(
      value,
      this.opts.user,
      Date.now(),
      this.teamConfig.staleAfterMs,
      holder ? (this.lastSeen.get(holder) ?? null) : null,
      this.joinedAt,
    );
  }

  // ---- local changes ---------------------------------------------------------------------------------------------

  claim(itemKey: string, meta: ChangeMeta = {}): Promise<ClaimResult> {
    return this.change(itemKey, { kind: 'claim' }, meta);
  }

  release(itemKey: string, meta: ChangeMeta = {}): Promise<ClaimResult> {
    return this.change(itemKey, { kind: 'release' }, meta);
  }

  takeOver(itemKey: string, meta: ChangeMeta = {}): Promise<ClaimResult> {
    return this.change(itemKey, { kind: 'takeover' }, meta);
  }

  setState(itemKey: string, to: ItemState, at: string, meta: ChangeMeta = {}): Promise<ClaimResult> {
    return this.change(itemKey, { kind: 'state', to, at }, meta);
  }

  /**
   * Queues a change (stored in the outbox before anything is sent) and waits a little for the server's answer.
   * "pending" means it is safely queued and will be sent (and its outcome reported) when the server answers.
   */
  async change(itemKey: string, change: TeamChange, meta: ChangeMeta = {}): Promise<ClaimResult> {
    const base = this.opBase();
    const op: ChangeOp = {
      ...base,
      id: meta.id ?? base.id,
      type: 'change',
      itemKey,
      change,
      customer: meta.customer ?? null,
      note: meta.note ?? null,
      postedAt: meta.postedAt ?? null,
    };
    return this.enqueue(op);
  }

  /** Appends an event (e.g. an interaction) to the team's stream; `id` is kept if given (so a retry is one event). */
  async publishEvent(
    draft: Omit<TeamEvent, 'v' | 'user' | 'id' | 'at'> & { id?: string; at?: string },
    customer: string | null = null,
  ): Promise<void> {
    if (!EVENT_KIND_RE.test(draft.kind)) throw new Error(`invalid event kind: ${draft.kind}`);
    const base = this.opBase();
    const event: TeamEvent = { ...draft, v: 1, id: draft.id ?? base.id, at: draft.at ?? base.createdAt, user: this.opts.user };
    await this.enqueue({ ...base, id: event.id, type: 'event', event, customer });
  }

  /** "Forget this customer": their events leave the team stream and their items the bucket (and the local copies). */
  async forgetCustomer(customer: string, itemKeys: string[]): Promise<void> {
    await this.opts.store.forgetEvents(customer);
    await this.enqueue({ ...this.opBase(), type: 'forget', customer, itemKeys });
  }

  setPresence(itemKey: string | null, activity: Activity): void {
    const same = this.myPresence.itemKey === itemKey && this.myPresence.activity === activity;
    this.myPresence = { itemKey, activity };
    if (!same) void this.beat().catch(() => {});
  }

  private opBase() {
    return { id: nuid.next(), seq: ++this.seqCounter, createdAt: new Date().toISOString(), attempts: 0, lastError: null };
  }

  private async enqueue(op: OutboxOp): Promise<ClaimResult> {
    await this.opts.store.outboxPut(op);
    this.pending++;
    this.emitStatus();
    const answer = new Promise<ClaimResult>((resolve) => this.waiters.set(op.id, resolve));
    if (this.conn.current && this.kv) void this.drain();
    const timeout = new Promise<ClaimResult>((resolve) =>
      setTimeout(
        () => resolve({ outcome: 'pending', reason: this.conn.current ? 'no answer from the server yet' : 'offline: queued' }),
        this.conn.current && this.kv ? (this.opts.answerTimeoutMs ?? 4000) : 0,
      ),
    );
    const r = await Promise.race([answer, timeout]);
    if (r.outcome === 'pending') this.waiters.delete(op.id);
    return r;
  }

  private answer(opId: string, r: ClaimResult): void {
    const w = this.waiters.get(opId);
    this.waiters.delete(opId);
    w?.(r);
  }

  // ---- connection ------------------------------------------------------------------------------------------------

  private stopLoops(): void {
    for (const s of this.stops.splice(0)) {
      try {
        s();
      } catch {
        /* already stopped */
      }
    }
  }

  private offline(): void {
    this.synced = false;
    this.emitStatus();
  }

  private async online(nc: NatsConnection, fresh: boolean): Promise<void> {
    const gen = ++this.gen;
    this.stopLoops();
    this.synced = false;
    this.nc = nc;
    const timeout = this.opts.requestTimeoutMs ?? 5000;
    for (let attempt = 0; gen === this.gen; attempt++) {
      try {
        this.js = jetstream(nc, { timeout });
        this.jsm = await jetstreamManager(nc, { timeout, checkAPI: false });
        const found = await ensureTeam(nc, this.opts.team, false);
        if (found.missing.length) {
          try {
            if (this.opts.createIfMissing === false) throw new Error('creating is off');
            await ensureTeam(nc, this.opts.team, true);
          } catch (err) {
            if (isTransient(err)) throw err;
            this.setupHint = `The team's ${found.missing.join(' and ')} are missing and these credentials may not create them: an admin runs "npm run team -- init --team ${this.opts.team}" (${describeError(err)})`;
            this.emitStatus();
            return;
          }
        }
        this.setupHint = null;
        // The consumers of the last session (a stopped service worker, a dropped connection) go before new ones come.
        this.consumers = [];
        await this.dropConsumers((await this.opts.store.consumers?.()) ?? []);
        this.savedConsumers = '';
        this.kv = await openBucket(nc, this.opts.team, timeout);
        if (gen !== this.gen) return;
        if (fresh || !this.presenceSub) this.subscribePresence(nc);
        this.startBeats();
        void this.runWatch(gen);
        void this.runEvents(gen);
        this.emitStatus();
        void this.drain();
        return;
      } catch (err) {
        if (gen !== this.gen) return;
        if (!isTransient(err)) {
          this.setupHint = describeError(err);
          this.emitStatus();
        }
        // JetStream answers a moment after a restart: try again while this connection lasts.
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
      }
    }
  }

  // ---- remote changes: the bucket --------------------------------------------------------------------------------

  private async runWatch(gen: number): Promise<void> {
    const kv = this.kv!;
    const jsm = this.jsm!;
    let pendingBatch: KvEntry[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    try {
      const info = await jsm.streams.info(this.names.bucketStream);
      const { first_seq: first, last_seq: last, messages } = info.state;
      // A full resync when never synced, when the server no longer has the revisions after our cursor (expired), or
      // when the server is behind us (a new, empty server): then local items not on the server are dropped.
      const full = this.kvCursor === 0 || this.kvCursor + 1 < first || this.kvCursor > last;
      const seen = full ? new Set<string>() : null;
      const target = last;
      const iter = await kv.watch(full ? {} : { resumeFromRevision: this.kvCursor + 1 });
      // The watch's ordered consumer (the client keeps it as the iterator's _data; its name changes on a reset).
      const watcher = (iter as unknown as { _data?: ConsumerRef })._data;
      if (gen !== this.gen) {
        iter.stop();
        if (watcher) void this.dropConsumers([watcher]);
        return;
      }
      if (watcher) this.trackConsumer(watcher);
      this.stops.push(() => iter.stop());
      const done = (): void => {
        if (!this.synced && gen === this.gen) {
          this.synced = true;
          for (const w of this.syncedWaiters.splice(0)) w();
          this.emitStatus();
        }
      };
      if (messages === 0 || (!full && this.kvCursor >= last)) {
        if (seen) this.kvFlush = this.kvFlush.then(() => this.applyEntries([], seen));
        done();
      }
      const flush = (final: boolean): void => {
        if (timer) clearTimeout(timer);
        timer = null;
        const batch = pendingBatch;
        pendingBatch = [];
        this.kvFlush = this.kvFlush.then(() => this.applyEntries(batch, final ? seen : null)).catch(() => {});
        if (final) void this.kvFlush.then(done);
      };
      for await (const e of iter) {
        if (gen !== this.gen) break;
        if (seen) {
          const k = itemKeyFromKv(e.key);
          if (k) seen.add(k);
        }
        pendingBatch.push(e);
        if (!this.synced && e.revision >= target) flush(true);
        else if (pendingBatch.length >= 500) flush(false);
        else if (!timer) timer = setTimeout(() => flush(false), this.synced ? 0 : 25);
      }
      if (pendingBatch.length) flush(false);
    } catch (err) {
      if (timer) clearTimeout(timer);
      if (gen === this.gen && isTransient(err)) {
        await new Promise((r) => setTimeout(r, 1000));
        if (gen === this.gen && this.conn.current) void this.runWatch(gen);
      }
    }
  }

  /** Applies bucket entries (in revision order). `seen` (full resync, final batch): drop local items not on the server. */
  private async applyEntries(batch: KvEntry[], seen: Set<string> | null): Promise<void> {
    const put = new Map<string, TeamItemRow>();
    const quiet = new Map<string, TeamItemRow>();
    const remove = new Set<string>();
    let cursor = this.kvCursor;
    for (const e of batch) {
      cursor = Math.max(cursor, e.revision);
      if (e.key === CONFIG_KEY) {
        if (e.operation !== 'PUT') continue;
        const p = parseJson(TeamConfigSchema, e.value);
        if (p.ok) this.teamConfig = p.value;
        else this.reportMalformed('kv', e.key, e.revision, p.reason);
        continue;
      }
      const itemKey = itemKeyFromKv(e.key);
      if (!itemKey) {
        this.reportMalformed('kv', e.key, e.revision, 'not an item key');
        continue;
      }
      const known = this.items.get(itemKey);
      if (known && known.revision > e.revision) continue;
      // This client's own write (applied at once by applyOwn, in memory only): now it is stored too, without news.
      if (known && known.revision === e.revision) {
        if (e.operation === 'PUT') quiet.set(itemKey, known);
        continue;
      }
      if (e.operation !== 'PUT') {
        this.items.delete(itemKey);
        put.delete(itemKey);
        remove.add(itemKey);
        continue;
      }
      const p = parseJson(TeamItemSchema, e.value);
      if (!p.ok) {
        // Rule: a malformed remote value is ignored (the last good value stays) and reported.
        this.reportMalformed('kv', e.key, e.revision, p.reason);
        continue;
      }
      const row: TeamItemRow = { itemKey, value: p.value, revision: e.revision };
      this.items.set(itemKey, row);
      remove.delete(itemKey);
      put.set(itemKey, row);
    }
    if (seen) {
      for (const k of [...this.items.keys()]) {
        if (!seen.has(k)) {
          this.items.delete(k);
          remove.add(k);
        }
      }
    }
    this.kvCursor = cursor;
    await this.opts.store.saveItems({
      put: [...put.values(), ...[...quiet.values()].filter((r) => !put.has(r.itemKey) && !remove.has(r.itemKey))],
      remove: [...remove],
      cursor,
    });
    await this.saveConsumers().catch(() => {});
    if (put.size || remove.size) {
      const changes = [
        ...[...put.values()].map((row) => ({ itemKey: row.itemKey, row })),
        ...[...remove].map((itemKey) => ({ itemKey, row: null })),
      ];
      for (const l of this.listeners) l.items?.(changes);
    }
  }

  /** A value this client wrote itself, known before the watch brings it back (so the toolbar answers at once). */
  private applyOwn(row: TeamItemRow): void {
    const known = this.items.get(row.itemKey);
    if (known && known.revision >= row.revision) return;
    this.items.set(row.itemKey, row);
    for (const l of this.listeners) l.items?.([{ itemKey: row.itemKey, row }]);
  }

  // ---- remote changes: the events stream -------------------------------------------------------------------------

  private async runEvents(gen: number): Promise<void> {
    const js = this.js!;
    const jsm = this.jsm!;
    try {
      const info = await jsm.streams.info(this.names.eventStream);
      const resume = this.eventCursor > 0 && this.eventCursor + 1 >= info.state.first_seq && this.eventCursor <= info.state.last_seq;
      const pc = await js.consumers.getPushConsumer(
        this.names.eventStream,
        resume
          ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.eventCursor + 1 }
          : { deliver_policy: DeliverPolicy.All },
      );
      const msgs = await pc.consume();
      const consumer = pc as unknown as ConsumerRef;
      if (gen !== this.gen) {
        msgs.stop();
        void this.dropConsumers([consumer]);
        return;
      }
      this.trackConsumer(consumer);
      this.stops.push(() => msgs.stop());
      let batch: ReceivedEvent[] = [];
      let cursor = this.eventCursor;
      let flushing: Promise<void> = Promise.resolve();
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = (): void => {
        timer = null;
        const events = batch;
        const upTo = cursor;
        batch = [];
        flushing = flushing.then(async () => {
          await this.opts.store.saveEvents(events, upTo);
          this.eventCursor = Math.max(this.eventCursor, upTo);
          await this.saveConsumers();
          if (events.length) for (const l of this.listeners) l.events?.(events);
        });
        flushing.catch(() => {});
      };
      for await (const m of msgs) {
        if (gen !== this.gen) break;
        cursor = Math.max(cursor, m.seq);
        const subj = parseEventSubject(m.subject);
        const p = parseJson(TeamEventSchema, m.data);
        if (!subj || subj.team !== this.opts.team) this.reportMalformed('event', m.subject, m.seq, 'not an event subject');
        else if (!p.ok) this.reportMalformed('event', m.subject, m.seq, p.reason);
        else if (p.value.user !== subj.user || p.value.kind !== subj.kind)
          this.reportMalformed('event', m.subject, m.seq, 'user or kind differs from the subject');
        else batch.push({ ...p.value, seq: m.seq, customer: subj.customer });
        if (batch.length >= 500) flush();
        else if (!timer) timer = setTimeout(flush, 20);
      }
    } catch (err) {
      if (gen === this.gen && isTransient(err)) {
        await new Promise((r) => setTimeout(r, 1000));
        if (gen === this.gen && this.conn.current) void this.runEvents(gen);
      }
    }
  }

  // ---- consumers -------------------------------------------------------------------------------------------------

  private trackConsumer(c: ConsumerRef): void {
    this.consumers.push(c);
    void this.saveConsumers().catch(() => {});
  }

  /** Remembers this session's consumers by name (again when an ordered consumer has reset under a new name). */
  private async saveConsumers(): Promise<void> {
    const refs = this.consumers.map((c) => ({ stream: c.stream, name: c.name }));
    const key = JSON.stringify(refs);
    if (key === this.savedConsumers) return;
    this.savedConsumers = key;
    await this.opts.store.saveConsumers?.(refs);
  }

  /** Deletes consumers on the server (best effort: one already gone, or no connection, is fine), then forgets them. */
  private async dropConsumers(refs: ConsumerRef[]): Promise<void> {
    const jsm = this.jsm;
    if (!refs.length) return;
    if (jsm && this.conn.current) {
      const names = refs.map((c) => ({ stream: c.stream, name: c.name }));
      await Promise.all(
        names.map((c) =>
          Promise.race([jsm.consumers.delete(c.stream, c.name).catch(() => false), new Promise((r) => setTimeout(r, 2000))]),
        ),
      );
    }
    const left = this.consumers.map((c) => ({ stream: c.stream, name: c.name }));
    this.savedConsumers = JSON.stringify(left);
    await this.opts.store.saveConsumers?.(left).catch(() => {});
  }

  // ---- the outbox ------------------------------------------------------------------------------------------------

  /** Sends the outbox in order. One drain at a time; a change queued meanwhile is picked up by a second pass. */
  drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainAgain = false;
          await this.drainOnce();
        } while (this.drainAgain && this.conn.current);
      } finally {
        // In the same synchronous step as the last check: a change queued just now starts a new drain.
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    const ops = await this.opts.store.outboxAll();
    for (const op of ops) {
      if (!this.conn.current || !this.kv || !this.started) return;
      try {
        await this.execute(op);
        await this.opts.store.outboxDelete(op.id);
        this.pending = Math.max(0, this.pending - 1);
        this.emitStatus();
      } catch (err) {
        op.attempts++;
        op.lastError = describeError(err);
        await this.opts.store.outboxPut(op);
        if (isTransient(err)) {
          // Stop here (order matters); the next connect, or a retry shortly, goes on from this op.
          if (this.conn.current && !this.drainTimer) {
            this.drainTimer = setTimeout(() => {
              this.drainTimer = null;
              void this.drain();
            }, 2000);
          }
          return;
        }
        // Permission or a refused value: kept (never lost), reported in the status, tried again on the next drain.
        this.answer(op.id, { outcome: 'pending', reason: op.lastError });
      }
    }
  }

  private async execute(op: OutboxOp): Promise<void> {
    switch (op.type) {
      case 'change':
        return this.executeChange(op);
      case 'event':
        await this.publish(op.event, op.customer);
        this.answer(op.id, { outcome: 'won', item: null });
        return;
      case 'forget': {
        await this.jsm!.streams.purge(this.names.eventStream, { filter: eventCustomerFilter(this.opts.team, op.customer) });
        for (const k of op.itemKeys) {
          await this.kv!.purge(kvKeyForItem(k));
        }
        // A tombstone under the customer's token (nothing else about them): the others' copies of what was purged
        // (their event logs, the interactions and reviews about these items) go too, also for an agent offline now.
        await this.publish(
          {
            v: 1,
            id: op.id,
            kind: FORGET_KIND,
            itemKey: null,
            at: op.createdAt,
            user: this.opts.user,
            data: { itemKeys: op.itemKeys.slice(0, 100) },
          },
          op.customer,
        );
        this.answer(op.id, { outcome: 'won', item: null });
        return;
      }
    }
  }

  private async publish(event: TeamEvent, customer: string | null): Promise<void> {
    await this.js!.publish(eventSubject(this.opts.team, customer, this.opts.user, event.kind), encodeJson(event), {
      msgID: event.id,
      expect: { streamName: this.names.eventStream },
    });
  }

  private async executeChange(op: ChangeOp): Promise<void> {
    if (!op.kvDone) {
      const r = await this.writeChange(op);
      if (r.outcome === 'lost') {
        this.answer(op.id, r);
        for (const l of this.listeners)
          l.conflict?.({
            opId: op.id,
            itemKey: op.itemKey,
            kind: op.change.kind,
            holder: r.holder,
            holderName: r.holderName,
            standing: r.standing,
          });
        return;
      }
      if (!r.wrote) {
        this.answer(op.id, { outcome: 'won', item: r.row });
        return;
      }
      op.kvDone = true;
      op.from = r.from;
      op.to = r.to;
      await this.opts.store.outboxPut(op);
      this.answer(op.id, { outcome: 'won', item: r.row });
    }
    const kind = op.change.kind === 'state' ? 'state' : op.change.kind;
    await this.publish(
      {
        v: 1,
        id: op.id,
        kind,
        itemKey: op.itemKey,
        at: op.createdAt,
        user: this.opts.user,
        from: op.from ?? null,
        to: op.to ?? null,
        note: op.note,
      },
      op.customer,
    );
  }

  /** Compare-and-set against the server's current revision, re-reading after each lost race (rule 1). */
  private async writeChange(
    op: ChangeOp,
  ): Promise<
    | { outcome: 'won'; wrote: boolean; from: ItemState | null; to: ItemState | null; row: TeamItemRow | null }
    | { outcome: 'lost'; standing: ClaimStanding; holder: string | null; holderName: string | null; claimedAt: string | null }
  > {
    const kv = this.kv!;
    const key = kvKeyForItem(op.itemKey);
    const supervisor = this.opts.role === 'supervisor';
    for (let round = 0; round < 50; round++) {
      const entry = await kv.get(key);
      let current: TeamItem | null = null;
      if (entry && entry.operation === 'PUT') {
        const p = parseJson(TeamItemSchema, entry.value);
        if (p.ok) current = p.value;
        else this.reportMalformed('kv', key, entry.revision, p.reason);
      }
      // A write of this op that timed out may have landed: then it is done (no second write, no second event).
      const row = current && entry ? { itemKey: op.itemKey, value: current, revision: entry.revision } : null;
      if (row && current?.op === op.id) {
        this.applyOwn(row);
        return { outcome: 'won', wrote: true, from: op.from ?? null, to: row.value.state, row };
      }
      const standing = this.standing(current);
      const lost = {
        outcome: 'lost' as const,
        standing,
        holder: current?.holder ?? null,
        holderName: current?.holderName ?? null,
        claimedAt: current?.claimedAt ?? null,
      };
      switch (op.change.kind) {
        case 'claim':
          if (standing === 'mine') return { outcome: 'won', wrote: false, from: null, to: null, row };
          if (standing !== 'free') return lost;
          break;
        case 'takeover':
          if (standing === 'mine') return { outcome: 'won', wrote: false, from: null, to: null, row };
          if (standing === 'held' && !supervisor) return lost;
          break;
        case 'release':
          if (standing === 'free') return { outcome: 'won', wrote: false, from: null, to: null, row };
          if (standing !== 'mine' && !supervisor) return lost;
          break;
        case 'state':
          break;
      }
      const next = applyChange(current, op.change, this.actor, op.id, new Date().toISOString(), { postedAt: op.postedAt });
      try {
        const revision = entry ? await kv.update(key, encodeJson(next), entry.revision) : await kv.create(key, encodeJson(next));
        const written = { itemKey: op.itemKey, value: next, revision };
        this.applyOwn(written);
        return { outcome: 'won', wrote: true, from: current?.state ?? null, to: next.state, row: written };
      } catch (err) {
        if (isWrongLastSequence(err)) continue;
        throw err;
      }
    }
    throw new Error('too many concurrent changes to this item; will retry');
  }

  // ---- presence --------------------------------------------------------------------------------------------------

  private subscribePresence(nc: NatsConnection): void {
    this.presenceSub?.unsubscribe();
    const sub = nc.subscribe(this.names.presenceWildcard, {
      callback: (err, msg) => {
        if (err) return;
        const user = msg.subject.split('.').pop() ?? '';
        const p = parseJson(PresenceBeatSchema, msg.data);
        if (!p.ok) return this.reportMalformed('presence', msg.subject, null, p.reason);
        if (p.value.user !== user) return this.reportMalformed('presence', msg.subject, null, 'user differs from the subject');
        if (user === this.opts.user) return;
        const now = Date.now();
        this.lastSeen.set(user, now);
        if (p.value.bye) this.presence.delete(user);
        else this.presence.set(user, { ...p.value, receivedAt: now });
        this.emitPresence();
      },
    });
    this.presenceSub = sub;
  }

  private startBeats(): void {
    if (this.beatTimer) clearInterval(this.beatTimer);
    this.beatTimer = setInterval(() => void this.beat().catch(() => {}), this.teamConfig.beatMs);
    void this.beat().catch(() => {});
  }

  private async beat(bye = false): Promise<void> {
    const nc = this.conn.current;
    if (!nc) return;
    const beat: PresenceBeat = {
      v: 1,
      user: this.opts.user,
      name: this.actor.name,
      ...this.myPresence,
      beatMs: this.teamConfig.beatMs,
      ...(bye ? { bye } : {}),
    };
    nc.publish(presenceSubject(this.opts.team, this.opts.user), encodeJson(beat));
    if (bye) await nc.flush();
  }

  /** Presence expires after three missed beats of the sender's own interval. */
  private sweepPresence(): void {
    const now = Date.now();
    let changed = false;
    for (const [user, e] of this.presence) {
      if (now - e.receivedAt > 3 * e.beatMs + 500) {
        this.presence.delete(user);
        changed = true;
      }
    }
    if (changed) this.emitPresence();
  }

  private emitPresence(): void {
    const list = this.presenceList();
    for (const l of this.listeners) l.presence?.(list);
  }

  // ---- reports ---------------------------------------------------------------------------------------------------

  private reportMalformed(where: MalformedReport['where'], key: string, revision: number | null, reason: string): void {
    this.malformedCount++;
    const r: MalformedReport = { where, key, revision, reason, at: new Date().toISOString() };
    for (const l of this.listeners) l.malformed?.(r);
    this.emitStatus();
  }

  private emitStatus(): void {
    const s = this.status();
    for (const l of this.listeners) l.status?.(s);
  }
}
