import browser from 'webextension-polyfill';
import type { ChangeNotice } from '../shared/messaging/protocol';
import { teamPolicyOf } from '../shared/managed-policy';
import type { CarebarDB } from './db/schema';
import { readSettings, writeManagedSettings } from './db/settings';

/**
 * Apply the team settings of the organisation's managed-storage policy (brand accounts, service levels, business
 * hours): at start and whenever the policy changes. Every tab hears of a change like any settings change.
 */
export function startManagedSettings(db: CarebarDB, broadcast: (notice: ChangeNotice) => void): void {
  const sync = async () => {
    let raw: Record<string, unknown> = {};
    try {
      raw = (await browser.storage.managed.get(null)) as Record<string, unknown>;
    } catch {
      raw = {}; // no policy installed (Firefox throws when there is no managed manifest)
    }
    const policy = teamPolicyOf(raw);
    if (policy.problems.length) console.warn('[carebar] parts of the managed policy were ignored:', policy.problems.join('; '));
    if (await writeManagedSettings(db, policy.settings)) broadcast({ type: 'settings.changed', settings: await readSettings(db) });
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
