// Team settings by policy (issues 14.6 and 16.1) through Chromium's real policy mechanism: a policy file in the
// browser's managed policy folder, under "3rdparty" → "extensions" → this extension's id. The extension is loaded from
// a folder of its own, so its id (derived from the folder) is this test's alone and no other browser on the machine
// sees the policy. Needs write access to that folder (root on CI); skipped with the reason otherwise.
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { findBrowser } from '../../scripts/find-browser.mjs';
import { EXTENSION_DIR, launchWithExtension } from '../../scripts/launch-extension.mjs';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';

const browserPath = findBrowser() ?? '';
/** Where Linux Chromium and Google Chrome read mandatory policies from. */
const POLICY_DIR =
  process.env.CAREBAR_POLICY_DIR ??
  (/google-chrome|\/opt\/google/.test(browserPath) ? '/etc/opt/chrome/policies/managed' : '/etc/chromium/policies/managed');

function policyDirWritable(): string | null {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write Chromium's policy folder ${POLICY_DIR} (${(err as Error).message})`;
  }
}

/** An unpacked extension's id: the first 128 bits of SHA-256 of its absolute path, written with the letters a–p. */
const unpackedId = (dir: string) =>
  [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');

/** Ask the browser to read its policies again (chrome://policy's "Reload policies"; the folder watcher would take ~5 s). */
async function reloadPolicies(page: Page) {
  await page.goto('chrome://policy');
  await page.locator('#reload-policies').click();
}

test('policy: brand accounts, service levels, CRM connector, team mode and approved-only are in force and read-only; an invalid value is reported; removing the policy brings the agent’s own back', async () => {
  const unwritable = policyDirWritable();
  test.skip(unwritable !== null, unwritable ?? '');

  const extensionDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'carebar-policy-ext-')));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const id = unpackedId(extensionDir);
  const policyFile = path.join(POLICY_DIR, `carebar-e2e-${id}.json`);
  const launched = await launchWithExtension({ extensionDir });
  try {
    expect(launched.extensionId).toBe(id);
    const { context } = launched;
    const options = await openExtensionPage(context, id);

    // The agent's own settings, before any policy.
    expect(
      (await callApi(options, 'settings.update', { settings: { brandAccounts: { x: ['MyBrand'], facebook: [] }, setupDone: true } })).ok,
    ).toBe(true);
    const ownCrm = { kind: 'hubspot', baseUrl: 'https://api.hubapi.com', handleProperty: 'twitterhandle' };
    expect((await callApi(options, 'crm.connector.save', { config: ownCrm, token: 'my-hubspot-token' })).ok).toBe(true);
    const ownTeam = { enabled: false, urls: ['wss://nats.mine.example'], user: 'sam', team: 'solo', displayName: 'Sam', role: 'agent' };
    expect((await callApi(options, 'team.config.set', { settings: ownTeam, password: 'pw' })).ok).toBe(true);

    // The organisation's policy arrives (one team URL is plain ws:// to another machine: ignored and reported).
    const policy = {
      brandAccounts: { x: ['@AcmeSupport'], facebook: ['AcmeSupport'] },
      serviceLevels: { x: { targetMinutes: 10, breachMinutes: 20 } },
      crmConnector: { kind: 'zendesk', baseUrl: 'https://acme.zendesk.com', auth: 'basic' },
      teamMode: { urls: ['ws://nats.acme.example'], team: 'care', role: 'supervisor' },
      approvedOnly: true,
    };
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }));
    const policyPage = await context.newPage();
    await reloadPolicies(policyPage);
    await expect
      .poll(async () => ((await callApi(options, 'settings.get')).data.managed ?? []).sort(), { timeout: 20_000 })
      .toEqual(['approvedOnly', 'brandAccounts', 'crmConnector', 'sla', 'teamMode']);
    const got = (await callApi(options, 'settings.get')).data;
    expect(got.settings.brandAccounts).toEqual({ x: ['AcmeSupport'], facebook: ['AcmeSupport'] });
    expect(got.settings.sla.x).toEqual({ targetSec: 600, breachSec: 1200 });

    await options.reload();
    await expect(options.getByTestId('carebar-policy-note')).toBeVisible();
    const problems = options.getByTestId('carebar-policy-problems');
    await expect(problems).toContainText('teamMode.urls: ws://nats.acme.example: plain ws:// is allowed only to localhost');
    // Brand accounts and service levels: shown, marked, not editable.
    const brands = options.getByTestId('carebar-options-brands');
    await expect(brands.getByTestId('carebar-managed').first()).toBeVisible();
    await expect(brands.locator('textarea[name="brand-x"]')).toBeDisabled();
    await expect(brands.locator('textarea[name="brand-x"]')).toHaveValue('AcmeSupport');
    await expect(options.getByTestId('carebar-save-brands')).toHaveCount(0);
    await expect(options.locator('[name="sla-x-target"]').first()).toBeDisabled();
    // The CRM connector: the policy's, read-only; the agent's own token is not carried over to it.
    const crm = options.getByTestId('carebar-crm-settings');
    await expect(crm.getByTestId('carebar-crm-managed')).toBeVisible();
    await expect(crm.locator('select[name="crm-kind"]')).toBeDisabled();
    await expect(crm.locator('select[name="crm-kind"]')).toHaveValue('zendesk');
    await expect(crm.locator('input[name="baseUrl"]')).toBeDisabled();
    await expect(crm.locator('input[name="baseUrl"]')).toHaveValue('https://acme.zendesk.com');
    await expect(crm.locator('input[name="email"]')).toBeEnabled();
    await expect(crm.getByTestId('carebar-crm-token')).toBeEnabled();
    expect((await callApi(options, 'crm.connector.get')).data).toMatchObject({ managed: true, tokenMasked: null });
    // Team mode: team and role from the policy (read-only); the server URL is the agent's own (the policy's was invalid).
    const team = options.getByTestId('carebar-team-settings');
    await expect(team.getByTestId('carebar-team-managed')).toBeVisible();
    await expect(team.getByTestId('carebar-team-name')).toBeDisabled();
    await expect(team.getByTestId('carebar-team-name')).toHaveValue('care');
    await expect(team.locator('select[name="team-role"]')).toBeDisabled();
    await expect(team.locator('select[name="team-role"]')).toHaveValue('supervisor');
    await expect(team.getByTestId('carebar-team-url')).toBeEnabled();
    await expect(team.getByTestId('carebar-team-url')).toHaveValue('wss://nats.mine.example');
    await expect(team.getByTestId('carebar-team-password')).toBeEnabled();
    // Approved snippets only.
    await expect(options.getByTestId('carebar-options-snippets').getByRole('checkbox', { name: /Approved snippets only/ })).toBeDisabled();

    // The agent changes what is theirs under the policy: their name shown to the team.
    await team.locator('input[name="team-display-name"]').fill('Sam R');
    await team.getByTestId('carebar-team-save').click();
    await expect(team.getByRole('status').last()).toContainText('Team settings saved');
    expect((await callApi(options, 'team.config.get')).data.settings).toMatchObject({
      team: 'care',
      role: 'supervisor',
      displayName: 'Sam R',
    });

    // The policy goes away: the agent's own values are in force again, editable, nothing reported.
    rmSync(policyFile);
    await reloadPolicies(policyPage);
    await expect.poll(async () => (await callApi(options, 'settings.get')).data.managed ?? [], { timeout: 20_000 }).toEqual([]);
    await options.reload();
    await expect(options.getByTestId('carebar-policy-problems')).toHaveCount(0);
    await expect(options.getByTestId('carebar-managed')).toHaveCount(0);
    await expect(brands.locator('textarea[name="brand-x"]')).toBeEnabled();
    await expect(brands.locator('textarea[name="brand-x"]')).toHaveValue('MyBrand');
    await expect(crm.locator('select[name="crm-kind"]')).toHaveValue('hubspot');
    expect((await callApi(options, 'crm.connector.get')).data).toMatchObject({
      config: ownCrm,
      managed: false,
      tokenMasked: '••••••••oken',
    });
    await expect(team.getByTestId('carebar-team-name')).toBeEnabled();
    await expect(team.getByTestId('carebar-team-name')).toHaveValue('solo');
    expect((await callApi(options, 'team.config.get')).data.settings).toEqual({ ...ownTeam, displayName: 'Sam R' });
  } finally {
    rmSync(policyFile, { force: true });
    await launched.close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
});
