// Team mode in Firefox (issue 16): the Firefox build's background connects to a real nats-server on loopback (the
// repository's configuration, as tests/integration start it) over WebSocket, an agent's claim on the replica goes to
// the team, and a second agent — the same sync engine in Node — sees it; that agent's claim shows on Firefox's
// toolbar as "claimed by".
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamEngine } from '../../lib/background/team/engine';
import { NatsServer, natsServerPath, USERS } from '../integration/nats-server';
import { engineFor, initTeam, online, TEAM, waitFor } from '../integration/team-helpers';
import {
  callApi,
  clickInToolbar,
  openExtensionPage,
  poll,
  REPLICA_PAGES,
  shadowAttr,
  stateOf,
  toolbarSelector,
  useFirefox,
  X,
} from './harness';

const haveNats = natsServerPath() !== null;
if (!haveNats) throw new Error('nats-server is not installed (apt-get install nats-server)');

const STATUS = X.pages.status;
// Two customer posts on the status replica that no brand reply on the replicas answers (both start as new).
const [ROOT, FOLLOW_UP] = REPLICA_PAGES.find((p) => p.url === STATUS.url)!
  .keys.filter((k) => !REPLICA_PAGES.some((p) => p.answered.includes(k)))
  .map((key) => ({ key }));

let server: NatsServer;
let ben: TeamEngine;

beforeAll(async () => {
  server = await NatsServer.start();
  await initTeam(server, { config: { v: 1, staleAfterMs: 60_000, beatMs: 1000 } });
  ben = await online(engineFor(server, 'ben').engine);
});
afterAll(async () => {
  await ben?.stop();
  await server?.dispose();
});
// After the server's hooks: afterAll hooks run in reverse, so Firefox is checked and closed before the server stops
// (a server stopped first makes the background log its reconnect attempts).
const ff = useFirefox();

it('the Firefox build connects, claims for the team, and the other agent (Node) sees the claim; theirs shows in Firefox', async () => {
  const options = await openExtensionPage(ff(), 'options.html');
  const set = await callApi(ff(), options, 'team.config.set', {
    settings: { enabled: true, urls: [server.wsUrl], user: 'ana', team: TEAM, displayName: 'Ana', role: 'agent' },
    password: USERS.ana.password,
  });
  expect(set.ok, JSON.stringify(set.error)).toBe(true);
  await poll(async () => (await callApi(ff(), options, 'team.status', {})).data.status.state, 15_000).toBe('connected');

  const page = await ff().newPage();
  await page.goto(STATUS.url);
  await poll(() => stateOf(page, ROOT.key), 30_000).toBe('new');
  const t0 = Date.now();
  await clickInToolbar(page, ROOT.key, 'carebar-claim');
  await poll(() => stateOf(page, ROOT.key)).toBe('claimed');
  const seen = await waitFor('Ben sees Ana’s claim', () => ben.item(ROOT.key).row, 10_000);
  expect(seen.value).toMatchObject({ holder: 'ana', holderName: 'Ana', state: 'claimed' });
  console.info(`Firefox claim → Node agent: ${Date.now() - t0} ms`);
  expect((await ben.claim(ROOT.key)).outcome).toBe('lost');

  // The other way: Ben claims the follow-up; Firefox's toolbar names him.
  await poll(() => stateOf(page, FOLLOW_UP.key), 30_000).toBe('new');
  expect((await ben.claim(FOLLOW_UP.key)).outcome).toBe('won');
  await poll(() => shadowAttr(page, toolbarSelector(FOLLOW_UP.key), 'carebar-claimed-by', 'data-testid'), 10_000).toBe(
    'carebar-claimed-by',
  );
  await page.close();
  await options.close();
});
