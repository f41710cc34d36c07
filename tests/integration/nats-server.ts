import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Starts a real nats-server on free loopback ports with the repository's configuration (team/nats-server.conf: its
// users, permissions, JetStream and WebSocket listener), only the ports and the store directory changed.

export const REPO = path.resolve(import.meta.dirname, '../..');
export const CONF = path.join(REPO, 'team/nats-server.conf');

/** Users of team/nats-server.conf (demo passwords). */
export const USERS = {
  admin: { user: 'admin', password: 'admin-demo-password' },
  ana: { user: 'ana', password: 'ana-demo-password', role: 'agent' as const },
  ben: { user: 'ben', password: 'ben-demo-password', role: 'agent' as const },
  sam: { user: 'sam', password: 'sam-demo-password', role: 'supervisor' as const },
};

export function natsServerPath(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server /usr/local/bin/nats-server 2>/dev/null | head -1'], {
    encoding: 'utf8',
  });
  const p = r.stdout.trim().split('\n')[0];
  return p || null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.connect(port, '127.0.0.1');
  });
}

export class NatsServer {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'carebar-nats-'));
  tcpPort = 0;
  wsPort = 0;
  log = '';

  /** `config`: the configuration text (default team/nats-server.conf); its ports and store directory are replaced. */
  static async start(config?: string): Promise<NatsServer> {
    const s = new NatsServer();
    s.tcpPort = await freePort();
    s.wsPort = await freePort();
    const conf = (config ?? readFileSync(CONF, 'utf8'))
      .replace(/^listen: .*$/m, `listen: "127.0.0.1:${s.tcpPort}"`)
      .replace(/(websocket \{\s*listen: )"[^"]*"/, `$1"127.0.0.1:${s.wsPort}"`)
      .replace(/store_dir: "[^"]*"/, `store_dir: ${JSON.stringify(path.join(s.dir, 'js'))}`);
    if (!conf.includes(String(s.wsPort)) || !conf.includes(String(s.tcpPort)))
      throw new Error('could not rewrite the ports of team/nats-server.conf');
    writeFileSync(path.join(s.dir, 'nats.conf'), conf);
    await s.boot();
    return s;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  get tcpUrl(): string {
    return `nats://127.0.0.1:${this.tcpPort}`;
  }

  async boot(): Promise<void> {
    const bin = natsServerPath();
    if (!bin) throw new Error('nats-server is not installed');
    const proc = spawn(bin, ['-c', path.join(this.dir, 'nats.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stderr!.on('data', (d) => (this.log += d));
    proc.stdout!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 15_000;
    while (!(this.log.includes('Server is ready') && (await portOpen(this.wsPort)))) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited: ${this.log}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not start: ${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (proc.exitCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    this.log = '';
    await this.boot();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
