import type { ConnectorConfig } from '../../shared/crm/schemas';
import type { ManagedTeamMode, ManagedTeamPolicy } from '../../shared/managed-policy';
import type { CarebarDB } from './schema';
import { writeManagedSettings } from './settings';

// What the organisation's managed-storage policy sets beyond the settings (lib/background/db/settings.ts keeps
// those): the CRM connector, team mode's parts and the problems found, as the background last read them from
// managed storage (lib/background/managed-settings.ts). Kept apart from the agent's own values, which a policy never
// overwrites: readers lay the policy over them.

const CRM_KEY = 'policy.crmConnector';
const TEAM_KEY = 'policy.teamMode';
const PROBLEMS_KEY = 'policy.problems';

export async function readManagedConnector(db: CarebarDB): Promise<ConnectorConfig | null> {
  return ((await db.settings.get(CRM_KEY))?.value as ConnectorConfig | undefined) ?? null;
}

export async function readManagedTeam(db: CarebarDB): Promise<ManagedTeamMode | null> {
  return ((await db.settings.get(TEAM_KEY))?.value as ManagedTeamMode | undefined) ?? null;
}

export async function readPolicyProblems(db: CarebarDB): Promise<string[]> {
  return ((await db.settings.get(PROBLEMS_KEY))?.value as string[] | undefined) ?? [];
}

export interface PolicyChanges {
  settings: boolean;
  crm: boolean;
  team: boolean;
}

/** Record the policy just read; says which parts changed. A CRM change drops the cached answers of the other CRM. */
export async function writeManagedPolicy(db: CarebarDB, policy: ManagedTeamPolicy): Promise<PolicyChanges> {
  const settings = await writeManagedSettings(db, policy.settings);
  return db.transaction('rw', db.settings, db.crmCache, async () => {
    const put = async (key: string, value: unknown) => {
      const before = (await db.settings.get(key))?.value ?? null;
      if (JSON.stringify(before) === JSON.stringify(value)) return false;
      if (value === null) await db.settings.delete(key);
      else await db.settings.put({ key, value });
      return true;
    };
    const crm = await put(CRM_KEY, policy.crm);
    // Answers from another CRM (or another mapping) must not be shown as this one's.
    if (crm) await db.crmCache.clear();
    const team = await put(TEAM_KEY, policy.team);
    await put(PROBLEMS_KEY, policy.problems.length ? policy.problems : null);
    return { settings, crm, team };
  });
}
