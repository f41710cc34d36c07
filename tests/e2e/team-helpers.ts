import { createServer, Socket, type Server } from 'node:net';
import type { Page } from '@playwright/test';
import { connect } from '@nats-io/transport-node';
import { ensureTeam } from '../../lib/background/team/admin';
import { NatsServer, USERS } from '../integration/nats-server';
import { expect, launchWithExtension } from './harness';

// Team-mode e2e helpers: a cuttable proxy per agent in front of the real nats-server, and joining from options.

/** A loopback TCP proxy that can be cut (every socket destroyed, the port closed) and restored on the same port. */
export class CuttableProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: number) {}
  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    // Stop accepting first (the client reconnects within milliseconds), then drop every open connection.
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }
}

export async function joinTeam(
  options: Page,
  proxy: CuttableProxy,
  who: 'ana' | 'ben' | 'sam',
  name: string,
  role: 'agent' | 'supervisor' = 'agent',
): Promise<void> {
  await options.getByTestId('carebar-team-url').fill(`ws://127.0.0.1:${proxy.port}`);
  await options.getByTestId('carebar-team-name').fill('demo');
  await options.getByTestId('carebar-team-user').fill(USERS[who].user);
  await options.getByTestId('carebar-team-password').fill(USERS[who].password);
  await options.locator('input[name="team-display-name"]').fill(name);
  await options.locator('select[name="team-role"]').selectOption(role);
  await options.getByTestId('carebar-team-save').click();
  await expect(options.getByTestId('carebar-team-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
}

/** A real nats-server with team "demo" (presence beats every second, claims stale after 5 s), and two browser profiles,
 * each with its own proxy to the server's WebSocket port. */
export async function startTwoAgents() {
  const server = await NatsServer.start();
  const admin = await connect({ servers: server.tcpUrl, user: USERS.admin.user, pass: USERS.admin.password });
  await ensureTeam(admin, 'demo', true, { config: { v: 1, staleAfterMs: 5000, beatMs: 1000 } });
  await admin.close();
  const proxyA = new CuttableProxy(server.wsPort);
  const proxyB = new CuttableProxy(server.wsPort);
  await proxyA.open();
  await proxyB.open();
  const a = await launchWithExtension();
  const b = await launchWithExtension();
  return { server, proxyA, proxyB, a, b };
}
