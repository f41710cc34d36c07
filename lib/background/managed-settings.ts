import browser from 'webextension-polyfill';
import type { ChangeNotice } from '../shared/messaging/protocol';
import { teamPolicyOf } from '../shared/managed-policy';
import type { CarebarDB } from './db/schema';
import { readSettings } from './db/settings';
import { writeManagedPolicy } from './db/policy';

/**
 * Apply the organisation's managed-storage policy (public/managed_schema.json): brand accounts, service levels,
 * business hours, the CRM connector and team mode's server, team, user and role — at start and whenever the policy
 * changes. The policy is recorded apart from the agent's own values (lib/background/db/policy.ts), which it never
 * overwrites. Every tab hears of a settings change; team mode reconnects when its part changed. (The snippet parts
 * — pack URLs, keys, approved-only — are read from managed storage by the snippet background itself.)
 */
export function startManagedSettings(
  db: CarebarDB,
  broadcast: (notice: ChangeNotice) => void,
  hooks: { teamChanged?: () => Promise<void> } = {},
): void {
  const sync = async () => {
    let raw: Record<string, unknown> = {};
    try {
      raw = (await browser.storage.managed.get(null)) as Record<string, unknown>;
    } catch {
      raw = {}; // no policy installed (Firefox throws when there is no managed manifest)
    }
    const policy = teamPolicyOf(raw);
    if (policy.problems.length) console.warn('[carebar] parts of the managed policy were ignored:', policy.problems.join('; '));
    const changed = await writeManagedPolicy(db, policy);
    if (changed.team) await hooks.teamChanged?.();
    if (changed.settings || changed.crm || changed.team) broadcast({ type: 'settings.changed', settings: await readSettings(db) });
  };
  // Chrome applies a changed policy at once; Firefox reads its policies at start-up only (and a listener there logs
  // an error each time the idle background stops).
  if (!import.meta.env?.FIREFOX) {
    browser.storage.onChanged?.addListener((_changes, area) => {
      if (area === 'managed') void sync().catch((err) => console.warn('[carebar] managed policy', err));
    });
  }
  void sync().catch((err) => console.warn('[carebar] managed policy', err));
}
