import { brandAccountProblems, storedBrandAccounts } from '../../shared/customer-items';
import type { Settings } from '../../shared/settings';
import type { ManagedPolicy } from '../../shared/snippets/types';
import { readManagedConnector, readManagedTeam, readPolicyProblems } from '../db/policy';
import { readManagedSettings, readSettings, readSignedIn, recordSignedIn, writeSettings } from '../db/settings';
import { InvalidInputError } from '../request-errors';
import type { HandlerTable } from './context';

/** Brand accounts in their one stored form (@ and URLs gone, case kept); a display name refuses the whole update. */
function normalizedBrands(accounts: Settings['brandAccounts']): Settings['brandAccounts'] {
  const problems = brandAccountProblems(accounts);
  if (problems.length) throw new InvalidInputError('Brand accounts: a page username, page URL or numeric id, not a display name', problems);
  return storedBrandAccounts(accounts);
}

export const settingsHandlers: HandlerTable<'accounts.seen' | 'accounts.signedIn' | 'settings.get' | 'settings.update'> = {
  'accounts.seen': async ({ channel, handle }, ctx) => {
    await recordSignedIn(ctx.db, channel, handle);
    return { ok: true };
  },
  'accounts.signedIn': async (_input, ctx) => ({ accounts: await readSignedIn(ctx.db) }),
  'settings.get': async (_input, ctx) => {
    // What the organisation's policy sets, by name: the options page shows those read-only.
    const policy: ManagedPolicy = (await ctx.snippets?.policy().catch(() => ({}))) ?? {};
    const snippetKeys = (['approvedOnly', 'packUrls', 'trustedKeys', 'refreshMinutes'] as const).filter((k) => policy[k] !== undefined);
    const [settings, managedSettings, crm, team, problems] = await Promise.all([
      readSettings(ctx.db),
      readManagedSettings(ctx.db),
      readManagedConnector(ctx.db),
      readManagedTeam(ctx.db),
      readPolicyProblems(ctx.db),
    ]);
    const managed = [...Object.keys(managedSettings), ...snippetKeys, ...(crm ? ['crmConnector'] : []), ...(team ? ['teamMode'] : [])];
    return { settings, managed, ...(problems.length ? { policyProblems: problems } : {}) };
  },
  'settings.update': async ({ settings }, ctx) => {
    const patch = settings.brandAccounts ? { ...settings, brandAccounts: normalizedBrands(settings.brandAccounts) } : settings;
    const saved = await writeSettings(ctx.db, patch);
    ctx.broadcast({ type: 'settings.changed', settings: saved });
    return { settings: saved };
  },
};
