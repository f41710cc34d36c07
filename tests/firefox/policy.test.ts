// Firefox: team settings by policy. Firefox gives storage.managed from enterprise policies (policies.json,
// "3rdparty" → "Extensions" → the add-on id) or from a managed-storage manifest in the user's ~/.mozilla; this test
// uses the latter with a HOME of its own, so no other Firefox on the machine sees it. Firefox reads it when the
// background starts: the policy is in force, read-only in options, and an invalid value is reported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { callApi, openExtensionPage, poll, useFirefox } from './harness';

const GECKO_ID = 'carebar@carebar.app';
const policy = {
  brandAccounts: { x: ['@AcmeSupport'], facebook: ['AcmeSupport'] },
  crmConnector: { kind: 'zendesk', baseUrl: 'https://acme.zendesk.com', auth: 'basic' },
  teamMode: { urls: ['ws://nats.acme.example'], team: 'care', role: 'supervisor' },
  approvedOnly: true,
};

// Before Firefox starts (this file runs in a process of its own): the manifest where Firefox looks for this user.
const home = mkdtempSync(path.join(tmpdir(), 'carebar-ff-home-'));
mkdirSync(path.join(home, '.mozilla/managed-storage'), { recursive: true });
writeFileSync(
  path.join(home, `.mozilla/managed-storage/${GECKO_ID}.json`),
  JSON.stringify({ name: GECKO_ID, description: 'Carebar team settings', type: 'storage', data: policy }),
);
const previousHome = process.env.HOME;
process.env.HOME = home;
afterAll(() => {
  process.env.HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

const ff = useFirefox();

it('the policy from managed storage is in force, read-only in options; an invalid team URL is reported, not applied', async () => {
  const options = await openExtensionPage(ff(), 'options.html');
  await poll(async () => ((await callApi(ff(), options, 'settings.get')).data.managed ?? []).sort()).toEqual([
    'approvedOnly',
    'brandAccounts',
    'crmConnector',
    'teamMode',
  ]);
  const { data } = await callApi(ff(), options, 'settings.get');
  expect(data.settings.brandAccounts).toEqual({ x: ['AcmeSupport'], facebook: ['AcmeSupport'] });
  expect(data.policyProblems).toEqual([
    'teamMode.urls: ws://nats.acme.example: plain ws:// is allowed only to localhost; use wss://; ignored',
  ]);
  expect((await callApi(ff(), options, 'crm.connector.get')).data).toMatchObject({ managed: true, config: policy.crmConnector });
  expect((await callApi(ff(), options, 'team.config.get')).data).toMatchObject({
    settings: null,
    managed: { team: 'care', role: 'supervisor' },
  });

  await options.reload({ timeout: 1000 }).catch(() => {}); // BiDi may not report an extension page's load: wait for the document below
  await poll(() => options.evaluate(() => document.querySelector('[data-testid="carebar-policy-problems"]')?.textContent ?? '')).toContain(
    'plain ws:// is allowed only to localhost',
  );
  const state = await options.evaluate(() => {
    const el = (s: string) => document.querySelector(s) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
    return {
      brandX: { disabled: el('textarea[name="brand-x"]')?.disabled, value: el('textarea[name="brand-x"]')?.value },
      crmKind: { disabled: el('select[name="crm-kind"]')?.disabled, value: el('select[name="crm-kind"]')?.value },
      crmToken: el('[data-testid="carebar-crm-token"]')?.disabled,
      teamName: { disabled: el('[data-testid="carebar-team-name"]')?.disabled, value: el('[data-testid="carebar-team-name"]')?.value },
      teamUrl: el('[data-testid="carebar-team-url"]')?.disabled,
      marks: document.querySelectorAll('[data-testid="carebar-managed"]').length,
    };
  });
  expect(state).toMatchObject({
    brandX: { disabled: true, value: 'AcmeSupport' },
    crmKind: { disabled: true, value: 'zendesk' },
    crmToken: false,
    teamName: { disabled: true, value: 'care' },
    teamUrl: false,
  });
  expect(state.marks).toBeGreaterThanOrEqual(5);
});
