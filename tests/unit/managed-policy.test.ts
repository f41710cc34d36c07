import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/shared/settings';
import { snippetPolicyOf, teamPolicyOf, withPolicy } from '../../lib/shared/managed-policy';

const chromeExample = JSON.parse(readFileSync('docs/policy/chrome-carebar.json', 'utf8'))['3rdparty'].extensions
  .REPLACE_WITH_CAREBAR_EXTENSION_ID;
const firefoxExample = JSON.parse(readFileSync('docs/policy/firefox-policies.json', 'utf8')).policies['3rdparty'].Extensions[
  'carebar@carebar.app'
];
const schema = JSON.parse(readFileSync('public/managed_schema.json', 'utf8'));

describe('team settings by managed policy', () => {
  it('reads the documented example policy (Chrome and Firefox say the same)', () => {
    expect(firefoxExample).toEqual(chromeExample);
    const policy = teamPolicyOf(chromeExample);
    // The example's publisher key is a placeholder: until replaced it is reported, not trusted.
    expect(policy.problems).toEqual(['trustedKeys[0] (Acme care team lead): not a P-256 public key (kty EC, crv P-256, x, y); ignored']);
    expect(policy.settings).toEqual({
      brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport', '104857600123456'] },
      sla: { x: { targetSec: 900, breachSec: 1800 }, facebook: { targetSec: 1800, breachSec: 14_400 } },
      businessHours: {
        timeZone: 'Europe/London',
        days: {
          sun: [],
          mon: [['08:00', '20:00']],
          tue: [['08:00', '20:00']],
          wed: [['08:00', '20:00']],
          thu: [['08:00', '20:00']],
          fri: [['08:00', '20:00']],
          sat: [['10:00', '16:00']],
        },
      },
    });
    expect(policy.crm).toEqual({ kind: 'zendesk', baseUrl: 'https://acme.zendesk.com', auth: 'basic' });
    expect(policy.team).toEqual({
      urls: ['wss://nats1.acme.example', 'wss://nats2.acme.example', 'wss://nats3.acme.example'],
      team: 'care',
      user: 'ana',
      role: 'agent',
      enabled: true,
    });
    // Every key the example uses is declared in the schema Chrome checks policies against.
    for (const key of Object.keys(chromeExample)) expect(schema.properties).toHaveProperty(key);
    // … and every key the schema declares is in the example (the example shows every field).
    expect(Object.keys(chromeExample).sort()).toEqual(Object.keys(schema.properties).sort());
    for (const key of ['crmConnector', 'teamMode'] as const) {
      const declared = Object.keys(schema.properties[key].properties);
      for (const field of Object.keys(chromeExample[key])) expect(declared).toContain(field);
    }
  });

  it('ignores a malformed part without dropping the valid ones; never reads a token', () => {
    const policy = teamPolicyOf({
      brandAccounts: { x: ['@Acme Support <b>'] },
      serviceLevels: { x: { targetMinutes: 60, breachMinutes: 30 } },
      businessHours: { enabled: false },
      crmConnector: { kind: 'hubspot', baseUrl: 'https://api.hubapi.com', handleProperty: 'twitterhandle', token: 'secret' },
    });
    expect(policy.settings).toEqual({ businessHours: null });
    expect(policy.crm).toEqual({ kind: 'hubspot', baseUrl: 'https://api.hubapi.com', handleProperty: 'twitterhandle' });
    expect(JSON.stringify(policy)).not.toContain('secret');
    expect(policy.problems).toHaveLength(3);
    expect(teamPolicyOf({})).toEqual({ settings: {}, crm: null, team: null, problems: [] });
  });

  it('snippet parts: a pack URL that is not https, a key that is not a P-256 public key, a wrong type are reported; the rest apply', () => {
    const key = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };
    const { policy, problems } = snippetPolicyOf({
      packUrls: ['https://packs.acme.example/a.json', 'http://packs.acme.example/b.json', 7],
      trustedKeys: [{ label: 'Lead', jwk: key }, { label: 'Bad', jwk: { kty: 'RSA' } }, { jwk: JSON.stringify(key) }],
      approvedOnly: 'yes',
      refreshMinutes: 5,
    });
    expect(policy).toEqual({
      packUrls: ['https://packs.acme.example/a.json'],
      trustedKeys: [
        { label: 'Lead', jwk: key },
        { label: 'Managed key', jwk: key },
      ],
      refreshMinutes: 5,
    });
    expect(problems).toEqual([
      'packUrls: http://packs.acme.example/b.json is not an https:// address; ignored',
      'packUrls: 7 is not an https:// address; ignored',
      'approvedOnly: true or false; ignored',
      'trustedKeys[1] (Bad): not a P-256 public key (kty EC, crv P-256, x, y); ignored',
    ]);
    // The options page hears of them with the rest.
    expect(teamPolicyOf({ approvedOnly: 'yes' }).problems).toEqual(['approvedOnly: true or false; ignored']);
  });

  it('the policy wins over what the agent stored', () => {
    const stored = { ...DEFAULT_SETTINGS, brandAccounts: { x: ['mine'], facebook: [] }, agentName: 'Sam' };
    expect(withPolicy(stored, teamPolicyOf({ brandAccounts: { x: ['AcmeSupport'] } }))).toMatchObject({
      agentName: 'Sam',
      brandAccounts: { x: ['AcmeSupport'], facebook: [] },
    });
  });
});
