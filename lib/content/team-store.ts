import { subscribeToTeam, type TeamNotice } from '../shared/messaging/team-port';
import type { TeamItemView, TeamPresenceView } from '../shared/team/settings';
import type { Activity } from '../shared/team/values';
import type { Request } from './request';

// The content script's view of team mode: who holds the items whose toolbars are mounted, and who is on them. One
// port per content script, one batched request for the items of newly mounted toolbars. Also reports this agent's own
// presence (viewing a post's page, typing on it).
//
// Made only once team mode is known to be on: this module, the badge and the team port ship in the interactive UI
// (/overlay-ui.js, `startTeam` in lib/content/overlay-ui.ts), not in the content script — most agents work solo, and
// their pages pay only for the one status request lib/content/features/team.ts makes (#13, content script size).

type Listener = () => void;

export class TeamStore {
  private stopPort: (() => void) | null = null;

  constructor(private readonly request: Request) {}

  private staleTimer: ReturnType<typeof setInterval> | null = null;

  /** The page's content script ends: close the port. */
  stop(): void {
    this.stopPort?.();
    this.stopPort = null;
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
  }

  private recheckHeld(): void {
    for (const [k, v] of this.items) if (v.holder && v.standing !== 'mine' && this.listeners.has(k)) this.wanted.add(k);
    this.scheduleFetch();
  }

  private items = new Map<string, TeamItemView>();
  private presence: TeamPresenceView[] = [];
  private listeners = new Map<string, Set<Listener>>();
  private active = false;
  private wanted = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  view(key: string): TeamItemView | null {
    return this.items.get(key) ?? null;
  }

  presenceOn(key: string, self: string | null): TeamPresenceView[] {
    return this.presence.filter((p) => p.itemKey === key && p.user !== self);
  }

  /** A toolbar's interest in one item; returns the unsubscribe. */
  watch(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    this.wanted.add(key);
    this.scheduleFetch();
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(key);
    };
  }

  /** Team mode is on (the caller asked): open the port, send this agent's presence, fetch the watched items. */
  start(): void {
    if (this.active) return;
    this.active = true;
    if (this.mine.key) this.sendPresence();
    // A claim turns stale with time alone (its holder's silence): look again at held items every few seconds.
    this.staleTimer = setInterval(() => this.recheckHeld(), 5000);
    this.stopPort = subscribeToTeam(
      (n) => this.onNotice(n),
      () => this.refetchAll(),
    );
    this.refetchAll();
  }

  private refetchAll(): void {
    for (const k of this.listeners.keys()) this.wanted.add(k);
    this.scheduleFetch();
  }

  private scheduleFetch(): void {
    if (!this.active || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const keys = [...this.wanted].slice(0, 500);
      keys.forEach((k) => this.wanted.delete(k));
      if (!keys.length) return;
      void this.request('team.items', { keys })
        .then(({ items, presence }) => {
          for (const v of items) this.items.set(v.key, v);
          this.presence = [...this.presence.filter((p) => !p.itemKey || !keys.includes(p.itemKey)), ...presence];
          this.emit(keys);
        })
        .catch(() => {});
      if (this.wanted.size) this.scheduleFetch();
    }, 30);
  }

  private onNotice(n: TeamNotice): void {
    if (n.type === 'team.items') {
      const keys: string[] = [];
      for (const v of n.items) {
        if (!this.listeners.has(v.key)) continue;
        this.items.set(v.key, v);
        keys.push(v.key);
      }
      this.emit(keys);
    } else if (n.type === 'team.presence') {
      const before = new Set(this.presence.map((p) => p.itemKey));
      this.presence = n.presence;
      // Someone came or went: a claim's standing (held / stale) may have changed — ask again for held items.
      this.recheckHeld();
      this.emit([...new Set([...before, ...n.presence.map((p) => p.itemKey)])].filter((k): k is string => !!k));
    }
  }

  private emit(keys: Iterable<string>): void {
    for (const k of keys) for (const l of this.listeners.get(k) ?? []) l();
  }

  /** Takes over a stale claim; resolves with an error message, or null when it is this agent's now. */
  async takeOver(key: string): Promise<string | null> {
    try {
      const r = await this.request('team.takeOver', { key });
      if (r.item) this.items.set(key, r.item);
      this.emit([key]);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  // ---- own presence ----------------------------------------------------------------------------------------------

  private mine: { key: string | null; activity: Activity } = { key: null, activity: 'idle' };
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  setPresence(key: string | null, activity: Activity): void {
    if (this.mine.key === key && this.mine.activity === activity) return;
    this.mine = { key, activity };
    // Before start(), only remembered: sent once the port is open.
    if (this.active) this.sendPresence();
  }

  private sendPresence(): void {
    void this.request('team.presence.set', { ...this.mine }).catch(() => {});
  }

  /** On a post's own page: viewing it; typing while the agent types anywhere on that page (the reply box). */
  viewing(key: string): () => void {
    this.setPresence(key, 'viewing');
    const onInput = (e: Event) => {
      const t = e.target as HTMLElement | null;
      if (!t || !(t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'INPUT')) return;
      this.setPresence(key, 'typing');
      if (this.typingTimer) clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.setPresence(key, 'viewing'), 5000);
    };
    const leave = () => {
      // A pending "typing" must not bring back a presence the agent has left.
      if (this.typingTimer) clearTimeout(this.typingTimer);
      this.typingTimer = null;
      if (this.mine.key === key) this.setPresence(null, 'idle');
    };
    document.addEventListener('input', onInput, true);
    return () => {
      document.removeEventListener('input', onInput, true);
      leave();
    };
  }
}
