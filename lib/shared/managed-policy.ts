// Team settings pushed by the organisation through the browser's managed-storage policy (public/managed_schema.json):
// brand accounts, service levels and business hours become settings the agent cannot change; the CRM connector's
// configuration (never a token) likewise. Every part is validated on its own: a malformed part is ignored, never
// trusted, and does not take the valid parts down with it.
import * as v from 'valibot';
import { ConnectorConfigSchema, type ConnectorConfig } from './crm/schemas';
import { SettingsSchema, type Settings } from './settings';
import { WEEKDAYS, type BusinessHours } from './business-hours';

/** The settings a policy can set. */
export const MANAGED_SETTING_KEYS = ['brandAccounts', 'sla', 'businessHours'] as const;
export type ManagedSettingKey = (typeof MANAGED_SETTING_KEYS)[number];

export interface ManagedTeamPolicy {
  /** Settings the policy sets, as Settings values. */
  settings: Partial<Pick<Settings, ManagedSettingKey>>;
  /** The CRM connector the policy sets (its token stays each agent's own). */
  crm: ConnectorConfig | null;
  /** Problems found in the policy, for the options page and the console (never fatal). */
  problems: string[];
}

const obj = (x: unknown): Record<string, unknown> | null =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
const strings = (x: unknown): string[] =>
  Array.isArray(x)
    ? x
        .filter((s): s is string => typeof s === 'string')
        .map((s) => s.trim().replace(/^@/, ''))
        .filter(Boolean)
    : [];

function check<K extends ManagedSettingKey>(key: K, value: unknown, problems: string[]): Settings[K] | undefined {
  const parsed = v.safeParse(SettingsSchema.entries[key], value);
  if (parsed.success) return parsed.output as Settings[K];
  problems.push(`${key}: ${parsed.issues[0]?.message ?? 'invalid'}`);
  return undefined;
}

/** Read the team part of a managed-storage policy. */
export function teamPolicyOf(raw: Record<string, unknown>): ManagedTeamPolicy {
  const problems: string[] = [];
  const settings: ManagedTeamPolicy['settings'] = {};

  const brands = obj(raw.brandAccounts);
  if (brands) {
    const value = check('brandAccounts', { x: strings(brands.x), facebook: strings(brands.facebook) }, problems);
    if (value) settings.brandAccounts = value;
  }

  const levels = obj(raw.serviceLevels);
  if (levels) {
    const sla: Record<string, { targetSec: number; breachSec: number }> = {};
    for (const channel of ['x', 'facebook'] as const) {
      const level = obj(levels[channel]);
      if (level) sla[channel] = { targetSec: Number(level.targetMinutes) * 60, breachSec: Number(level.breachMinutes) * 60 };
    }
    // A policy for one channel keeps the other's default.
    const value = check(
      'sla',
      { x: sla.x ?? { targetSec: 900, breachSec: 1800 }, facebook: sla.facebook ?? { targetSec: 1500, breachSec: 86_400 } },
      problems,
    );
    if (value) settings.sla = value;
  }

  const hours = obj(raw.businessHours);
  if (hours) {
    if (hours.enabled === false) settings.businessHours = null;
    else {
      const days = obj(hours.days) ?? {};
      const parsedDays: BusinessHours['days'] = {};
      for (const day of WEEKDAYS) {
        parsedDays[day] = strings(days[day]).map((range) => range.split(/\s*-\s*/) as [string, string]);
      }
      const value = check('businessHours', { timeZone: String(hours.timeZone ?? ''), days: parsedDays }, problems);
      if (value !== undefined) settings.businessHours = value;
    }
  }

  let crm: ConnectorConfig | null = null;
  const connector = obj(raw.crmConnector);
  if (connector) {
    // A token in a policy would sit readable in the machine's policy files: refused outright.
    const { token: _token, apiToken: _apiToken, ...rest } = connector;
    if ('token' in connector || 'apiToken' in connector)
      problems.push('crmConnector: tokens are never read from policy; each agent enters their own');
    const parsed = v.safeParse(ConnectorConfigSchema, rest);
    if (parsed.success) crm = parsed.output;
    else problems.push(`crmConnector: ${parsed.issues[0]?.message ?? 'invalid'}`);
  }
  return { settings, crm, problems };
}

/** The stored settings with the policy's laid over them (the policy wins). */
export function withPolicy(settings: Settings, policy: Pick<ManagedTeamPolicy, 'settings'> | null): Settings {
  return policy ? { ...settings, ...policy.settings } : settings;
}
