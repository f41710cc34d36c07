import { describe, expect, it } from 'vitest';
import { connectorStatus, readConnectorConfig, saveConnector, activeRemoteConnector } from '../../lib/background/crm/service';
import { writeManagedPolicy } from '../../lib/background/db/policy';
import { readSettings, writeSettings } from '../../lib/background/db/settings';
import { handleRequest } from '../../lib/background/server';
import { readTeamSettings, TeamService } from '../../lib/background/team/service';
import { teamPolicyOf } from '../../lib/shared/managed-policy';
import type { TeamSettings } from '../../lib/shared/team/settings';
import { freshFactory, openDb } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';

// Issue 14.6 / 16.1: what the organisation's policy sets is in force over the agent's own values, which it never
// overwrites; an invalid policy value is ignored and reported; when the policy goes away, the agent's values are back.

const NO_POLICY = teamPolicyOf({});
const fromOptions = { id: RUNTIME_ID, url: `${ORIGIN}options.html` };
const ask = async <T>(db: ReturnType<typeof openDb>, type: string, payload: unknown = {}) => {
  const reply = (await handleRequest({ carebar: 1, type, payload }, fromOptions, serverContext(db))) as {
    ok: boolean;
    data?: T;
    error?: unknown;
  };
  if (!reply.ok) throw new Error(`${type}: ${JSON.stringify(reply.error)}`);
  return reply.data as T;
};

describe('settings: brand accounts, service levels, business hours', () => {
  it('the policy wins; what the agent saves meanwhile is kept for later; removing the policy brings it back', async () => {
    const db = openDb(freshFactory());
    await writeSettings(db, { brandAccounts: { x: ['MyBrand'], facebook: [] }, agentName: 'Sam' });
    const changed = await writeManagedPolicy(db, teamPolicyOf({ brandAccounts: { x: ['@AcmeSupport', 'https://x.com/AcmeHelp'] } }));
    expect(changed).toEqual({ settings: true, crm: false, team: false });
    expect((await readSettings(db)).brandAccounts).toEqual({ x: ['AcmeSupport', 'AcmeHelp'], facebook: [] });

    // The agent saves other settings (and tries the brand accounts): the policy's stay in force, theirs stay stored.
    await writeSettings(db, { brandAccounts: { x: ['Other'], facebook: [] }, agentName: 'Sam Rivera' });
    expect(await readSettings(db)).toMatchObject({ agentName: 'Sam Rivera', brandAccounts: { x: ['AcmeSupport', 'AcmeHelp'] } });
    expect(await ask<{ managed: string[] }>(db, 'settings.get')).toMatchObject({ managed: ['brandAccounts'] });

    await writeManagedPolicy(db, NO_POLICY);
    expect(await readSettings(db)).toMatchObject({ agentName: 'Sam Rivera', brandAccounts: { x: ['MyBrand'], facebook: [] } });
    expect((await ask<{ managed: string[] }>(db, 'settings.get')).managed).toEqual([]);
  });

  it('an invalid value is ignored (the agent’s own stays in force) and reported to the options page', async () => {
    const db = openDb(freshFactory());
    await writeSettings(db, { brandAccounts: { x: ['MyBrand'], facebook: [] } });
    await writeManagedPolicy(
      db,
      teamPolicyOf({
        brandAccounts: { x: ['AcmeSupport', 'Acme Support'] },
        serviceLevels: { x: { targetMinutes: 60, breachMinutes: 30 } },
      }),
    );
    const got = await ask<{ settings: { brandAccounts: unknown }; managed: string[]; policyProblems: string[] }>(db, 'settings.get');
    expect(got.settings.brandAccounts).toEqual({ x: ['MyBrand'], facebook: [] });
    expect(got.managed).toEqual([]);
    expect(got.policyProblems).toHaveLength(2);
    expect(got.policyProblems[0]).toMatch(/^brandAccounts\.x: “Acme Support” is not an X handle.*; ignored$/);
    expect(got.policyProblems[1]).toMatch(/^sla: x: the target must come before the breach time; ignored$/);
  });
});

describe('CRM connector', () => {
  const zendesk = { kind: 'zendesk' as const, baseUrl: 'https://acme.zendesk.com', auth: 'basic' as const };
  const own = { kind: 'hubspot' as const, baseUrl: 'https://api.hubapi.com', handleProperty: 'twitterhandle' };

  it('the policy’s connector is in force; the agent’s own token never goes to it; theirs comes back when the policy goes', async () => {
    const db = openDb(freshFactory());
    await saveConnector(db, own, 'hubspot-token');
    await db.crmCache.put({
      key: 'hubspot|x:sam',
      connectorId: 'hubspot',
      identityKey: 'x:sam',
      customer: null,
      fetchedAt: new Date().toISOString(),
    });

    expect(await writeManagedPolicy(db, teamPolicyOf({ crmConnector: zendesk }))).toMatchObject({ crm: true });
    expect(await db.crmCache.count()).toBe(0); // another CRM's answers are not this one's
    expect(await connectorStatus(db)).toEqual({ config: zendesk, tokenMasked: null, managed: true });

    // Under the policy the agent saves their e-mail and token; the policy's fields are not theirs to change.
    await saveConnector(db, { ...zendesk, baseUrl: 'https://attacker.example.com', email: 'sam@acme.com' }, 'zendesk-token-1234');
    expect(await readConnectorConfig(db)).toEqual({ ...zendesk, email: 'sam@acme.com' });
    expect(await connectorStatus(db)).toMatchObject({ tokenMasked: '••••••••1234', managed: true });
    const sent: { url: string; auth: string | null }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      sent.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') });
      return new Response('{"users":[]}', { status: 200 });
    }) as typeof fetch;
    const connector = await activeRemoteConnector(db, { fetchImpl, hostPermitted: async () => true });
    await connector!.lookup({ channel: 'x', handle: 'sam', id: null, name: null });
    expect(sent[0].url.startsWith('https://acme.zendesk.com/')).toBe(true);
    expect(atob(sent[0].auth!.replace(/^Basic /, ''))).toBe('sam@acme.com/token:zendesk-token-1234');

    // The policy moves the CRM elsewhere: the token entered for the old address is not sent there.
    await writeManagedPolicy(db, teamPolicyOf({ crmConnector: { ...zendesk, baseUrl: 'https://acme2.zendesk.com' } }));
    expect(await connectorStatus(db)).toMatchObject({ tokenMasked: null, managed: true });

    await writeManagedPolicy(db, NO_POLICY);
    expect(await connectorStatus(db)).toEqual({ config: own, tokenMasked: '••••••••oken', managed: false });
  });

  it('a token or e-mail in the policy is refused and reported; an invalid connector is ignored', async () => {
    const policy = teamPolicyOf({ crmConnector: { ...zendesk, token: 'leaked', email: 'all@acme.com' } });
    expect(policy.crm).toEqual(zendesk);
    expect(JSON.stringify(policy)).not.toContain('leaked');
    expect(policy.problems).toEqual([
      'crmConnector: token never read from policy; each agent enters their own',
      "crmConnector.email: each agent's own (they enter it in Carebar); ignored",
    ]);
    const plain = teamPolicyOf({ crmConnector: { ...zendesk, baseUrl: 'http://crm.example.com' } });
    expect(plain.crm).toBeNull();
    expect(plain.problems[0]).toMatch(/^crmConnector: baseUrl: an https:\/\/ address .*; ignored$/);
  });
});

describe('team mode', () => {
  const mine: TeamSettings = {
    enabled: false,
    urls: ['wss://nats.mine.example'],
    user: 'sam',
    team: 'solo',
    displayName: 'Sam',
    role: 'agent',
  };
  const service = (db: ReturnType<typeof openDb>) => new TeamService(db, { notify: () => {}, itemsChanged: () => {} });

  it('the policy’s server, team and role are in force; the agent’s own come back when it goes', async () => {
    const db = openDb(freshFactory());
    const team = service(db);
    await team.configure(mine, 'pw');
    await writeManagedPolicy(
      db,
      teamPolicyOf({
        teamMode: { urls: ['wss://nats1.acme.example', 'wss://nats2.acme.example:4443/'], team: 'care', role: 'supervisor' },
      }),
    );
    await team.policyChanged();
    expect(await readTeamSettings(db)).toEqual({
      ...mine,
      urls: ['wss://nats1.acme.example', 'wss://nats2.acme.example:4443'],
      team: 'care',
      role: 'supervisor',
    });
    // Saving under the policy changes the agent's own parts only.
    await team.configure({ ...mine, urls: ['wss://x.example'], team: 'care', role: 'supervisor', displayName: 'Sam R' }, undefined);
    expect((await db.settings.get('team.settings'))?.value).toEqual({ ...mine, displayName: 'Sam R' });

    await writeManagedPolicy(db, NO_POLICY);
    await team.policyChanged();
    expect(await readTeamSettings(db)).toEqual({ ...mine, displayName: 'Sam R' });
  });

  it('a policy naming server and team is completed by the agent’s user; nothing is stored as theirs that they did not set', async () => {
    const db = openDb(freshFactory());
    await writeManagedPolicy(db, teamPolicyOf({ teamMode: { urls: ['wss://nats.acme.example'], team: 'care' } }));
    expect(await readTeamSettings(db)).toBeNull(); // no user yet: team mode stays off
    const got = await ask<{ settings: unknown; managed: unknown; draft: unknown }>(db, 'team.config.get');
    expect(got).toMatchObject({
      settings: null,
      managed: { urls: ['wss://nats.acme.example'], team: 'care' },
      draft: { enabled: true, role: 'agent', urls: ['wss://nats.acme.example'], team: 'care' },
    });
    const team = service(db);
    await team.configure(
      { enabled: false, urls: ['wss://nats.acme.example'], team: 'care', user: 'ana', displayName: 'Ana', role: 'agent' },
      'pw',
    );
    expect((await db.settings.get('team.settings'))?.value).toEqual({ enabled: false, user: 'ana', displayName: 'Ana', role: 'agent' });
    expect(await readTeamSettings(db)).toMatchObject({ urls: ['wss://nats.acme.example'], team: 'care', user: 'ana' });
    await writeManagedPolicy(db, NO_POLICY);
    expect(await readTeamSettings(db)).toBeNull();
  });

  it('plain ws:// to another machine, a bad name and a password are ignored and reported; the valid parts apply', () => {
    const policy = teamPolicyOf({
      teamMode: { urls: ['ws://nats.acme.example'], team: 'Care Team', user: 'ana', password: 'secret', role: 'boss' },
    });
    expect(policy.team).toEqual({ user: 'ana' });
    expect(JSON.stringify(policy)).not.toContain('secret');
    expect(policy.problems).toEqual([
      'teamMode: password never read from policy; each agent enters their own',
      'teamMode.urls: ws://nats.acme.example: plain ws:// is allowed only to localhost; use wss://; ignored',
      'teamMode.team: lower-case letters, digits, - and _ (as on the server); ignored',
      'teamMode.role: agent or supervisor; ignored',
    ]);
    expect(teamPolicyOf({ teamMode: { urls: ['ws://127.0.0.1:8080', 'ws://[::1]:8080', 'ws://localhost'] } }).team).toEqual({
      urls: ['ws://127.0.0.1:8080', 'ws://[::1]:8080', 'ws://localhost'],
    });
    expect(teamPolicyOf({ teamMode: 'wss://nats.acme.example' }).problems).toEqual(['teamMode: not an object; ignored']);
  });
});
