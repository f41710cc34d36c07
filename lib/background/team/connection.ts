import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { inboxPrefix } from '../../shared/team/names';

// One NATS connection over WebSocket (the only transport a service worker has), kept alive and described by a status
// the options page and the queue show. The client library reconnects by itself once connected; this module also
// retries the first connection (server down at start) and reconnects from scratch if the library gives up.

export type TeamConnState = 'connected' | 'connecting' | 'reconnecting' | 'offline' | 'error';

export interface TeamConnStatus {
  state: TeamConnState;
  /** ISO time the state began (for "offline since …"). */
  since: string;
  /** What went wrong (error) or the last failure (offline / reconnecting). */
  error: string | null;
  /** Server currently connected to. */
  server: string | null;
}

export interface ConnectionOptions {
  servers: string[];
  team: string;
  user: string;
  password?: string;
  token?: string;
  /** Client ping interval; at most 20 s so a Chrome service worker stays alive on a quiet connection. */
  pingIntervalMs?: number;
  /** After this long without a connection, "reconnecting" becomes "offline". */
  offlineAfterMs?: number;
  /** Called with each new (or re-established) connection. `fresh` is false after a reconnect of the same connection. */
  onConnect(nc: NatsConnection, fresh: boolean): void;
  onDisconnect(): void;
  onStatus(s: TeamConnStatus): void;
}

export const MAX_PING_INTERVAL_MS = 20_000;

function isAuthError(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err).toLowerCase();
  const name = (err as Error)?.name ?? '';
  return (
    name === 'AuthorizationError' ||
    name === 'UserAuthenticationExpiredError' ||
    text.includes('authorization violation') ||
    text.includes('authentication')
  );
}

export function describeError(err: unknown): string {
  if (isAuthError(err)) return 'the server refused the user or password';
  const msg = String((err as Error)?.message ?? err);
  return msg.length > 300 ? `${msg.slice(0, 300)}…` : msg;
}

export class TeamConnection {
  private nc: NatsConnection | null = null;
  private stopped = false;
  private status: TeamConnStatus = { state: 'connecting', since: new Date().toISOString(), error: null, server: null };
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  constructor(private readonly opts: ConnectionOptions) {}

  get current(): NatsConnection | null {
    return this.status.state === 'connected' ? this.nc : null;
  }

  get state(): TeamConnStatus {
    return this.status;
  }

  start(): void {
    this.stopped = false;
    void this.connectLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const nc = this.nc;
    this.nc = null;
    if (nc && !nc.isClosed()) await nc.close().catch(() => {});
    this.set('offline', null);
  }

  /** Drops the socket without stopping (tests and "reconnect now"): the library reconnects. */
  async reconnectNow(): Promise<void> {
    await this.nc?.reconnect().catch(() => {});
  }

  private set(state: TeamConnState, error: string | null, server: string | null = this.status.server): void {
    const changed = state !== this.status.state;
    this.status = {
      state,
      since: changed ? new Date().toISOString() : this.status.since,
      error,
      server: state === 'connected' ? server : null,
    };
    this.opts.onStatus(this.status);
  }

  private clearTimers(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.offlineTimer = this.retryTimer = null;
  }

  private goneOfflineLater(): void {
    if (this.offlineTimer) return;
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = null;
      if (!this.stopped && this.status.state === 'reconnecting') {
        // Keep the time the connection was lost: "offline since" is when it went, not when we gave it a name.
        const since = this.status.since;
        this.set('offline', this.status.error);
        this.status.since = since;
        this.opts.onStatus(this.status);
      }
    }, this.opts.offlineAfterMs ?? 15_000);
  }

  private async connectLoop(): Promise<void> {
    if (this.stopped) return;
    const { servers, team, user, password, token } = this.opts;
    if (this.status.state !== 'offline' && this.status.state !== 'error') this.set('connecting', this.status.error);
    let nc: NatsConnection;
    try {
      nc = await wsconnect({
        servers,
        user: token ? undefined : user,
        pass: token ? undefined : password,
        token,
        name: `carebar ${team}/${user}`,
        inboxPrefix: inboxPrefix(team, user),
        pingInterval: Math.min(this.opts.pingIntervalMs ?? 15_000, MAX_PING_INTERVAL_MS),
        maxPingOut: 2,
        reconnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
        reconnectJitter: 500,
        timeout: 5000,
        // Only the addresses the agent configured: gossiped cluster URLs could be plain ws:// to other hosts.
        ignoreClusterUpdates: true,
        waitOnFirstConnect: false,
      });
    } catch (err) {
      if (this.stopped) return;
      this.failures++;
      const auth = isAuthError(err);
      this.set(auth ? 'error' : this.failures >= 3 ? 'offline' : 'connecting', describeError(err));
      // Wrong credentials are not fixed by hammering the server; a down server is retried quickly at first.
      const wait = auth ? 30_000 : Math.min(1000 * 2 ** Math.min(this.failures - 1, 4), 10_000);
      this.retryTimer = setTimeout(() => void this.connectLoop(), wait);
      return;
    }
    if (this.stopped) {
      await nc.close().catch(() => {});
      return;
    }
    this.failures = 0;
    this.nc = nc;
    this.set('connected', null, nc.getServer());
    this.opts.onConnect(nc, true);
    void this.watchStatus(nc);
    void nc.closed().then((err) => {
      if (this.nc !== nc) return;
      this.nc = null;
      this.opts.onDisconnect();
      if (this.stopped) return;
      this.set(err && isAuthError(err) ? 'error' : 'reconnecting', err ? describeError(err) : 'connection closed');
      this.goneOfflineLater();
      this.retryTimer = setTimeout(() => void this.connectLoop(), 1000);
    });
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (this.nc !== nc || this.stopped) return;
      switch (s.type) {
        case 'disconnect':
          this.set('reconnecting', this.status.error);
          this.goneOfflineLater();
          this.opts.onDisconnect();
          break;
        case 'reconnect':
          if (this.offlineTimer) clearTimeout(this.offlineTimer);
          this.offlineTimer = null;
          this.set('connected', null, s.server);
          this.opts.onConnect(nc, false);
          break;
        case 'error':
          // Permission violations and the like: the connection stays up; keep the message for the status line.
          this.status = { ...this.status, error: describeError(s.error) };
          this.opts.onStatus(this.status);
          break;
        default:
          break;
      }
    }
  }
}
