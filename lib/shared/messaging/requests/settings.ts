import * as v from 'valibot';
import { CHANNELS } from '../../model';
import { ShortText } from '../../schema-fields';
import { SettingsSchema, type Settings } from '../../settings';
import { defineRequests } from './define';

// Settings, and the accounts the agent is signed in as.

export const settingsRequests = defineRequests({
  /** The account the agent is signed in as on a site, as the page shows it (a hint for setup and warnings). */
  'accounts.seen': {
    privileged: false,
    input: v.object({ channel: v.picklist(CHANNELS), handle: v.pipe(ShortText(100), v.regex(/^[^\s<>"']+( [^\s<>"']+)*$/)) }),
  },
  'accounts.signedIn': { privileged: true, input: v.object({}) },
  'settings.get': { privileged: false, input: v.object({}) },
  'settings.update': { privileged: true, input: v.object({ settings: v.partial(SettingsSchema) }) },
});

export interface SettingsResponses {
  'accounts.seen': { ok: true };
  'accounts.signedIn': { accounts: Partial<Record<(typeof CHANNELS)[number], string>> };
  /**
   * managed: the settings (and snippet, CRM and team policy entries) the organisation's browser policy sets;
   * policyProblems: parts of that policy which were ignored (invalid), with why.
   */
  'settings.get': { settings: Settings; managed?: string[]; policyProblems?: string[] };
  'settings.update': { settings: Settings };
}
