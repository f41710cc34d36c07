import type { TeamReportRow } from '../../shared/messaging/requests/team';
import type { TeamNotice } from '../../shared/messaging/team-port';
import type { ItemState } from '../../shared/model';
import type { EventRow, ItemRow } from '../../shared/records';
import { ownTeamSettings, teamDraft, teamWithPolicy } from '../../shared/managed-policy';
import { customerToken } from '../../shared/team/names';
import { earliest } from '../../shared/team/rules';
import { type TeamItemView, type TeamPresenceView, type TeamSettings, type TeamStatusView } from '../../shared/team/settings';
import type { Activity } from '../../shared/team/values';
import { customerByHandle, getCustomer } from '../crm/customer-store';
import { applyTeamQaEvents, forgetTeamQa, isQaEvent } from '../qa-team';
import { ChangeRejectedError, nextSeq } from '../db/items';
import { readManagedTeam } from '../db/policy';
import type { CarebarDB } from '../db/schema';
import { DexieTeamStore } from './dexie-store';
import { FORGET_KIND, TeamEngine, type ClaimResult, type TeamStatus } from './engine';
import type { ReceivedEvent, TeamItemRow } from './store';

// Team mode in the service worker: the configuration (password in the secrets table, like CRM tokens), one engine
// while configured, and the bridge between the team's state and the agent's own database:
// - remote item state is applied to local items (the server's revision wins), except for items with local changes
//   still in the outbox (the agent's newer work is not overwritten; once sent, the server decides);
// - remote state events are merged into the local history by id;
// - toolbars, the queue and the options page get team notices (claims, presence, status) through the changes port.

export const TEAM_SETTINGS_KEY = 'team.settings';
export const TEAM_PASSWORD_KEY = 'team.password';

export interface TeamServiceHooks {
  notify(notice: TeamNotice): void;
  /** Local items changed by the team (for items.changed). */
  itemsChanged(items: ItemRow[]): void;
}

export type ServiceDB = CarebarDB;

const OFF: TeamStatusView = {
  state: 'off',
  since: null,
  error: null,
  team: null,
  user: null,
  role: null,
  pending: 0,
  synced: false,
  malformed: 0,
};

/** Team mode in force: the agent's own settings with the organisation's policy's parts over them (managed-policy.ts). */
export async function readTeamSettings(db: ServiceDB): Promise<TeamSettings | null> {
  const [own, managed] = await Promise.all([db.settings.get(TEAM_SETTINGS_KEY), readManagedTeam(db)]);
  return teamWithPolicy(own?.value, managed);
}

/** The parts known so far (the options page fills them in when they do not make a whole configuration yet). */
export async function readTeamDraft(db: ServiceDB): Promise<Partial<TeamSettings>> {
  const [own, managed] = await Promise.all([db.settings.get(TEAM_SETTINGS_KEY), readManagedTeam(db)]);
  return teamDraft(own?.value, managed);
}

export class TeamService {
  private engine: TeamEngine | null = null;
  private settings: TeamSettings | null = null;
  private starting: Promise<void> | null = null;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: ServiceDB,
    private readonly hooks: TeamServiceHooks,
  ) {}

  /** Reads the configuration and starts the engine when team mode is on (once per service-worker start). */
  init(): Promise<void> {
    this.starting ??= this.restart();
    return this.starting;
  }

  /** Resolves once the configuration has been read (requests wait for it after a service-worker restart). */
  whenReady(): Promise<void> {
    return (this.starting ?? this.init()).catch(() => {});
  }

  async config(): Promise<{ settings: TeamSettings | null; hasPassword: boolean }> {
    return { settings: await readTeamSettings(this.db), hasPassword: !!(await this.db.secrets.get(TEAM_PASSWORD_KEY)) };
  }

  /** Saves the configuration (`password` undefined keeps the stored one) and reconnects with it. */
  async configure(settings: TeamSettings, password: string | undefined): Promise<TeamStatusView> {
    const previous = await readTeamSettings(this.db);
    await this.db.transaction('rw', this.db.settings, this.db.secrets, async () => {
      // Parts the organisation's policy sets stay as the agent had them (they come back when the policy goes away).
      const own = ownTeamSettings(settings, (await this.db.settings.get(TEAM_SETTINGS_KEY))?.value, await readManagedTeam(this.db));
      await this.db.settings.put({ key: TEAM_SETTINGS_KEY, value: own });
      if (password !== undefined)
        await this.db.secrets.put({ key: TEAM_PASSWORD_KEY, value: password, updatedAt: new Date().toISOString() });
    });
    await this.switchTo(previous);
    return this.status();
  }

  /** The organisation's policy changed team mode's parts: reconnect with the settings now in force. */
  async policyChanged(): Promise<void> {
    await this.whenReady();
    await this.switchTo(this.settings);
  }

  private async switchTo(previous: TeamSettings | null): Promise<void> {
    const next = await readTeamSettings(this.db);
    // Another team (or server) is another world: its items and events are not this one's. Unsent changes stay queued.
    if (previous && next && (previous.team !== next.team || previous.urls.join() !== next.urls.join() || previous.user !== next.user)) {
      await new DexieTeamStore(this.db).clearTeamState();
    }
    await this.restart();
  }

  private async restart(): Promise<void> {
    await this.engine?.stop();
    this.engine = null;
    this.settings = await readTeamSettings(this.db);
    const password = (await this.db.secrets.get(TEAM_PASSWORD_KEY))?.value;
    if (!this.settings?.enabled || !password) {
      this.hooks.notify({ type: 'team.status', status: OFF });
      return;
    }
    const s = this.settings;
    const engine = new TeamEngine({
      servers: s.urls,
      team: s.team,
      user: s.user,
      displayName: s.displayName,
      password,
      role: s.role,
      store: new DexieTeamStore(this.db),
    });
    this.engine = engine;
    engine.subscribe({
      status: (st) => this.hooks.notify({ type: 'team.status', status: this.view(st) }),
      items: (changes) => void this.onRemoteItems(changes.map((c) => c.row).filter((r): r is TeamItemRow => r !== null)),
      events: (events) => void this.onRemoteEvents(events),
      presence: () => this.notifyPresence(),
      malformed: (r) => console.warn('[carebar] team: ignored a malformed value', r),
    });
    await engine.start();
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
    this.engine = null;
  }

  status(): TeamStatusView {
    return this.engine ? this.view(this.engine.status()) : OFF;
  }

  private view(s: TeamStatus): TeamStatusView {
    return {
      state: s.state,
      since: s.since,
      error: s.error,
      team: s.team,
      user: s.user,
      role: s.role,
      pending: s.pending,
      synced: s.synced,
      malformed: s.malformed,
    };
  }

  get active(): boolean {
    return this.engine !== null;
  }

  get isSupervisor(): boolean {
    return this.settings?.role === 'supervisor';
  }

  items(keys: string[]): TeamItemView[] {
    const e = this.engine;
    if (!e) return [];
    const out: TeamItemView[] = [];
    for (const key of keys) {
      const { row, standing } = e.item(key);
      if (row) out.push(toView(row, standing));
    }
    return out;
  }

  /** Items someone else holds (the queue's marks). */
  heldByOthers(): TeamItemView[] {
    const e = this.engine;
    return e ? e.heldByOthers().map((row) => toView(row, e.item(row.itemKey).standing)) : [];
  }

  /** Every team item with what the team view needs (supervisors). */
  reportRows(): TeamReportRow[] {
    return (this.engine?.allItems() ?? []).map(({ itemKey, value: t }) => ({
      key: itemKey,
      state: t.state,
      holder: t.holder,
      postedAt: t.postedAt ?? null,
      firstResponseAt: t.firstResponseAt,
      firstResponder: t.firstResponder ?? null,
    }));
  }

  presence(): TeamPresenceView[] {
    return (this.engine?.presenceList() ?? []).map(({ user, name, itemKey, activity }) => ({ user, name, itemKey, activity }));
  }

  setPresence(itemKey: string | null, activity: Activity): void {
    this.engine?.setPresence(itemKey, activity);
  }

  events(): Promise<ReceivedEvent[]> {
    return this.db.teamEvents.orderBy('seq').toArray();
  }

  // ---- local changes going out ------------------------------------------------------------------------------------

  /**
   * Before any local state change: an item someone else holds (and who is still around) is theirs — no claim, no
   * answer, no un-claim from here (supervisors excepted). A claim asks the team and waits for its answer: `lost`
   * rejects; `pending` (offline, no answer yet) lets the local claim proceed and the outbox decides later (rule 1).
   * Returns true when the team already has (or has queued) the claim.
   */
  async beforeLocalChange(key: string, to: ItemState): Promise<boolean> {
    const e = this.engine;
    if (!e) return false;
    const { row, standing } = e.item(key);
    const who = row?.value.holderName ?? row?.value.holder ?? 'someone else';
    if (standing === 'held' && !this.isSupervisor) throw new ChangeRejectedError(`Claimed by ${who}`);
    if (to !== 'claimed') return false;
    const item = await this.db.items.get(key);
    const r = await e.claim(key, { customer: item ? await this.customerOf(item) : null, postedAt: item?.postedAt ?? null });
    if (r.outcome === 'lost') {
      const holder = r.holderName ?? r.holder ?? 'someone else';
      throw new ChangeRejectedError(r.standing === 'stale' ? `Claimed by ${holder} (stale: take it over)` : `Claimed by ${holder}`);
    }
    return true;
  }

  /**
   * Before a local claim: asks the team. `lost` means someone else holds it (the claim must not take the item);
   * `pending` (offline, no answer yet) lets the local claim proceed — the outbox decides later, by rule 1.
   */
  async claim(item: ItemRow, eventId?: string): Promise<ClaimResult | null> {
    if (!this.engine) return null;
    return this.engine.claim(item.key, { customer: await this.customerOf(item), id: eventId, postedAt: item.postedAt });
  }

  /** Releases a claim; a supervisor releasing someone else's is logged on the team's stream with whose it was. */
  async release(item: ItemRow): Promise<ClaimResult | null> {
    const e = this.engine;
    if (!e) return null;
    const held = e.item(item.key).row?.value;
    const other = held?.holder && held.holder !== this.settings?.user ? (held.holderName ?? held.holder) : null;
    const note = other ? `Released by supervisor ${this.settings?.displayName ?? this.settings?.user}; was claimed by ${other}` : null;
    return e.release(item.key, { customer: await this.customerOf(item), note });
  }

  async takeOver(item: ItemRow): Promise<ClaimResult | null> {
    return this.engine ? this.engine.takeOver(item.key, { customer: await this.customerOf(item) }) : null;
  }

  /** A local state change (already in IndexedDB) goes to the team; the team event has the local event's id. */
  async stateChanged(item: ItemRow, event: EventRow, claimed = false): Promise<void> {
    if (!this.engine || (claimed && event.to === 'claimed')) return;
    const meta = { customer: await this.customerOf(item), id: event.id, note: event.note, postedAt: item.postedAt };
    if (event.to === 'claimed') {
      // A claim recorded locally while the team could not answer (or before team mode): claim on the team too.
      void this.engine.claim(item.key, meta);
      return;
    }
    void this.engine.setState(item.key, event.to as ItemState, event.at, meta);
  }

  /**
   * "Forget this customer" reaches the team: before the local forget, the customer's identities (a CRM customer's
   * handles, or the one identity) and the items they authored are found; each identity's events leave the stream
   * and those items the bucket (queued in the outbox like any change).
   */
  async forgetTarget(target: { customerId?: string; identityKey?: string }): Promise<void> {
    if (!this.engine || !this.settings) return;
    const keys = new Set<string>(target.identityKey ? [target.identityKey.toLowerCase()] : []);
    const customer = target.customerId
      ? await getCustomer(this.db, target.customerId)
      : target.identityKey
        ? await customerByHandle(this.db, target.identityKey.toLowerCase())
        : undefined;
    for (const h of customer?.handles ?? []) keys.add(h);
    for (const authorKey of keys) {
      const itemKeys = (await this.db.items.where('authorKey').equals(authorKey).primaryKeys()) as string[];
      await this.engine.forgetCustomer(await customerToken(this.settings.team, authorKey), itemKeys);
    }
  }

  /**
   * Quality monitoring on the team's stream: an interaction (event id = its id, so a retry is one event) or a review
   * with its coaching note (a fresh event id each save: the payload's review id merges them). Queued in the outbox
   * like any change, so an offline agent's interactions and a supervisor's reviews go out on reconnect.
   */
  async publishQa(kind: 'qa-interaction' | 'qa-review', itemKey: string, data: Record<string, unknown>, id?: string): Promise<void> {
    if (!this.engine) return;
    await this.engine.publishEvent({ kind, itemKey, id, data }, await this.customerOfKey(itemKey));
  }

  /** The customer token of an item: from the local item, else from a team event about it (a remote interaction). */
  private async customerOfKey(itemKey: string): Promise<string | null> {
    const item = await this.db.items.get(itemKey);
    if (item) return this.customerOf(item);
    const known = await this.db.teamEvents
      .where('itemKey')
      .equals(itemKey)
      .filter((e) => !!e.customer)
      .first();
    return known?.customer ?? null;
  }

  private async customerOf(item: ItemRow): Promise<string | null> {
    return item.authorKey && this.settings ? customerToken(this.settings.team, item.authorKey) : null;
  }

  // ---- remote changes coming in -----------------------------------------------------------------------------------

  private async onRemoteItems(rows: TeamItemRow[]): Promise<void> {
    const e = this.engine;
    if (!e || rows.length === 0) return;
    this.hooks.notify({ type: 'team.items', items: rows.map((r) => toView(r, e.item(r.itemKey).standing)) });
    const changed = await this.applyToLocal(rows);
    if (changed.length) this.hooks.itemsChanged(changed);
  }

  /** Items just seen on a page take the team's state (someone may have claimed or answered them already). */
  async reconcileSeen(items: ItemRow[]): Promise<ItemRow[]> {
    const e = this.engine;
    if (!e) return items;
    const rows = items.map((i) => e.item(i.key).row).filter((r): r is TeamItemRow => r !== null);
    if (!rows.length) return items;
    const changed = new Map((await this.applyToLocal(rows)).map((i) => [i.key, i]));
    return items.map((i) => changed.get(i.key) ?? i);
  }

  /** Team state onto the agent's items (those it has); returns the rows that changed. */
  async applyToLocal(rows: TeamItemRow[]): Promise<ItemRow[]> {
    const pending = new Set((await this.db.teamOutbox.toArray()).flatMap((o) => (o.type === 'change' ? [o.itemKey] : [])));
    const changed: ItemRow[] = [];
    await this.db.transaction('rw', this.db.items, async () => {
      const locals = await this.db.items.bulkGet(rows.map((r) => r.itemKey));
      rows.forEach((row, i) => {
        const local = locals[i];
        if (!local || pending.has(row.itemKey)) return;
        const t = row.value;
        const next: ItemRow = { ...local, firstResponseAt: earliest(local.firstResponseAt, t.firstResponseAt) };
        if (local.state !== t.state) {
          next.state = t.state;
          next.stateChangedAt = t.updatedAt;
          next.agent = t.state === 'claimed' ? (t.holderName ?? t.holder) : t.updatedBy === this.settings?.user ? local.agent : t.updatedBy;
        }
        if (JSON.stringify(next) !== JSON.stringify(local)) changed.push(next);
      });
      if (changed.length) await this.db.items.bulkPut(changed);
    });
    return changed;
  }

  /** Team events about state into the local history, merged by id (rule 2). */
  private async onRemoteEvents(events: ReceivedEvent[]): Promise<void> {
    const qa = events.filter(isQaEvent);
    if (qa.length) {
      const { malformed } = await applyTeamQaEvents(this.db, qa);
      for (const m of malformed) console.warn('[carebar] team: ignored a malformed QA event', m);
    }
    // After the batch's QA events: an interaction sent just before the forget must not come back.
    for (const f of events.filter((e) => e.kind === FORGET_KIND)) {
      const keys = Array.isArray(f.data?.itemKeys) ? f.data.itemKeys.filter((k): k is string => typeof k === 'string') : [];
      await forgetTeamQa(this.db, f.customer, keys);
    }
    const rows: EventRow[] = events
      .filter((e) => e.itemKey && e.to && e.user !== this.settings?.user)
      .map((e) => ({ id: e.id, itemKey: e.itemKey!, from: e.from ?? null, to: e.to!, at: e.at, agent: e.user, note: e.note ?? null }));
    if (!rows.length) return;
    await this.db.transaction('rw', this.db.events, async () => {
      const have = await this.db.events.bulkGet(rows.map((r) => r.id));
      const fresh = rows.filter((_, i) => !have[i]);
      // Each gets this item's next local sequence number (the order it arrived here), like a local change.
      for (const row of fresh) {
        row.seq = await nextSeq(this.db, row.itemKey);
        await this.db.events.add(row);
      }
    });
  }

  private notifyPresence(): void {
    // Presence changes come in bursts (every agent beats): one notice per 200 ms is enough for "Ana is typing".
    if (this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.hooks.notify({ type: 'team.presence', presence: this.presence() });
    }, 200);
  }
}

function toView(row: TeamItemRow, standing: TeamItemView['standing']): TeamItemView {
  const t = row.value;
  return {
    key: row.itemKey,
    state: t.state,
    holder: t.holder,
    holderName: t.holderName,
    claimedAt: t.claimedAt,
    standing,
    firstResponseAt: t.firstResponseAt,
  };
}
