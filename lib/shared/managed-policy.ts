// Team settings pushed by the organisation through the browser's managed-storage policy (public/managed_schema.json):
// brand accounts, service levels and business hours become settings the agent cannot change; the CRM connector's
// configuration (never a token) and team mode's server, team, user and role (never a password) likewise. Every part
// is validated on its own: a malformed part is ignored, never trusted, reported, and does not take the valid parts
// down with it. What the agent stored stays stored under a policy: when the policy goes away, it is in force again.
import * as v from 'valibot';
import { ConnectorConfigSchema, type ConnectorConfig } from './crm/schemas';
import { PublicKeyJwkSchema, type PublicKeyJwk } from './snippets/pack-format';
import { parseBrandAccounts } from './customer-items';
import { SettingsSchema, type Settings } from './settings';
import { WEEKDAYS, type BusinessHours } from './business-hours';
import { NAME_RE } from './team/names';
import { TEAM_ROLES, TeamSettingsSchema, type TeamSettings } from './team/settings';
import { checkServerUrl } from './team/urls';

/** The settings a policy can set. */
export const MANAGED_SETTING_KEYS = ['brandAccounts', 'sla', 'businessHours'] as const;
export type ManagedSettingKey = (typeof MANAGED_SETTING_KEYS)[number];

/** The parts of team mode a policy can set; the password (or token) is each agent's own, never in a policy. */
export const MANAGED_TEAM_KEYS = ['urls', 'team', 'user', 'role', 'enabled'] as const;
export type ManagedTeamMode = Partial<Pick<TeamSettings, (typeof MANAGED_TEAM_KEYS)[number]>>;

export interface ManagedTeamPolicy {
  /** Settings the policy sets, as Settings values. */
  settings: Partial<Pick<Settings, ManagedSettingKey>>;
  /** The CRM connector the policy sets (its token stays each agent's own). */
  crm: ConnectorConfig | null;
  /** Team mode's parts the policy sets (null: none). */
  team: ManagedTeamMode | null;
  /** Problems found in the policy, for the options page and the console (never fatal). */
  problems: string[];
}

/** Keys under which a policy might carry a secret: refused wherever they appear (policy files are readable by every local user). */
const SECRET_KEYS = ['token', 'apiToken', 'password', 'pass', 'secret', 'credentials'];

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
  problems.push(`${key}: ${describe(parsed.issues[0])}; ignored`);
  return undefined;
}

/** Read the team part of a managed-storage policy. */
export function teamPolicyOf(raw: Record<string, unknown>): ManagedTeamPolicy {
  const problems: string[] = [];
  const settings: ManagedTeamPolicy['settings'] = {};

  const brands = obj(raw.brandAccounts);
  if (brands) {
    // The same forms the setup accepts (handle, page username, page URL, numeric id), stored in the same form; one
    // entry that is not an account sets the list aside whole (half a list would misfile customers' posts).
    const x = parseBrandAccounts('x', strings(brands.x).join('\n'));
    const facebook = parseBrandAccounts('facebook', strings(brands.facebook).join('\n'));
    const bad = [...x.problems.map((p) => `x: ${p}`), ...facebook.problems.map((p) => `facebook: ${p}`)];
    if (bad.length) problems.push(`brandAccounts.${bad[0]}; ignored`);
    else {
      const value = check('brandAccounts', { x: x.accounts, facebook: facebook.accounts }, problems);
      if (value) settings.brandAccounts = value;
    }
  } else if (raw.brandAccounts !== undefined) problems.push('brandAccounts: not an object; ignored');

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
  } else if (raw.serviceLevels !== undefined) problems.push('serviceLevels: not an object; ignored');

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
  } else if (raw.businessHours !== undefined) problems.push('businessHours: not an object; ignored');

  let crm: ConnectorConfig | null = null;
  const connector = obj(raw.crmConnector);
  if (connector) {
    // A token in a policy would sit readable in the machine's policy files: refused outright.
    const { email, ...rest } = withoutSecrets('crmConnector', connector, problems);
    if (email !== undefined) problems.push("crmConnector.email: each agent's own (they enter it in Carebar); ignored");
    const parsed = v.safeParse(ConnectorConfigSchema, rest);
    if (parsed.success) crm = parsed.output;
    else problems.push(`crmConnector: ${describe(parsed.issues[0])}; ignored`);
  } else if (raw.crmConnector !== undefined) problems.push('crmConnector: not an object; ignored');
  const team = teamModeOf(raw.teamMode, problems);
  problems.push(...snippetPolicyOf(raw).problems);
  return { settings, crm, team, problems };
}

/** The snippet parts of a policy (pack URLs, publisher keys, approved-only, refresh), keys before their ids are taken. */
export interface SnippetPolicyParts {
  packUrls?: string[];
  trustedKeys?: { label: string; jwk: PublicKeyJwk }[];
  approvedOnly?: boolean;
  refreshMinutes?: number;
}

/**
 * Read the snippet parts. A pack URL that is not https://, or a key that is not a P-256 public JWK, is left out and
 * reported; the others apply.
 */
export function snippetPolicyOf(raw: Record<string, unknown>): { policy: SnippetPolicyParts; problems: string[] } {
  const problems: string[] = [];
  const policy: SnippetPolicyParts = {};
  if (raw.packUrls !== undefined) {
    if (!Array.isArray(raw.packUrls)) problems.push('packUrls: not a list; ignored');
    else {
      policy.packUrls = raw.packUrls.filter((u): u is string => typeof u === 'string' && /^https:\/\//.test(u)).slice(0, 50);
      for (const u of raw.packUrls.filter((u) => !(typeof u === 'string' && /^https:\/\//.test(u))))
        problems.push(`packUrls: ${String(u).slice(0, 120)} is not an https:// address; ignored`);
    }
  }
  if (raw.approvedOnly !== undefined) {
    if (typeof raw.approvedOnly === 'boolean') policy.approvedOnly = raw.approvedOnly;
    else problems.push('approvedOnly: true or false; ignored');
  }
  if (raw.refreshMinutes !== undefined) {
    if (typeof raw.refreshMinutes === 'number' && raw.refreshMinutes >= 1) policy.refreshMinutes = Math.min(24 * 60, raw.refreshMinutes);
    else problems.push('refreshMinutes: a number of minutes, 1 or more; ignored');
  }
  if (raw.trustedKeys !== undefined) {
    if (!Array.isArray(raw.trustedKeys)) problems.push('trustedKeys: not a list; ignored');
    else {
      policy.trustedKeys = [];
      raw.trustedKeys.slice(0, 50).forEach((entry, i) => {
        const e = obj(entry) ?? {};
        const jwk = v.safeParse(PublicKeyJwkSchema, typeof e.jwk === 'string' ? tryJson(e.jwk) : e.jwk);
        const label = typeof e.label === 'string' ? e.label.slice(0, 120) : 'Managed key';
        if (jwk.success) policy.trustedKeys!.push({ label, jwk: { kty: 'EC', crv: 'P-256', x: jwk.output.x, y: jwk.output.y } });
        else problems.push(`trustedKeys[${i}] (${label}): not a P-256 public key (kty EC, crv P-256, x, y); ignored`);
      });
    }
  }
  return { policy, problems };
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

function describe(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'invalid';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

function withoutSecrets(part: string, value: Record<string, unknown>, problems: string[]): Record<string, unknown> {
  const found = SECRET_KEYS.filter((k) => k in value);
  if (found.length) problems.push(`${part}: ${found.join(', ')} never read from policy; each agent enters their own`);
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.includes(k)));
}

/**
 * Team mode's parts (server URLs, team, user, role, on/off), each checked as the options page checks it: a server
 * URL must be `wss://` (plain `ws://` only to this machine). An invalid part is ignored (the agent's own value stays
 * in force) and reported; the list of URLs is taken whole or not at all.
 */
function teamModeOf(raw: unknown, problems: string[]): ManagedTeamMode | null {
  if (raw === undefined) return null;
  const mode = obj(raw);
  if (!mode) {
    problems.push('teamMode: not an object; ignored');
    return null;
  }
  const rest = withoutSecrets('teamMode', mode, problems);
  const team: ManagedTeamMode = {};
  if (rest.urls !== undefined) {
    const list = Array.isArray(rest.urls) ? rest.urls : typeof rest.urls === 'string' ? [rest.urls] : null;
    const checked = (list ?? []).map((u) => (typeof u === 'string' ? checkServerUrl(u) : { ok: false as const, reason: 'not a string' }));
    const bad = checked.find((c) => !c.ok);
    if (!list || list.length === 0 || list.length > 7) problems.push('teamMode.urls: one to seven server URLs; ignored');
    else if (bad && !bad.ok) problems.push(`teamMode.urls: ${bad.reason}; ignored`);
    else team.urls = checked.map((c) => (c.ok ? c.url : ''));
  }
  for (const key of ['team', 'user'] as const) {
    const value = rest[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && NAME_RE.test(value.trim())) team[key] = value.trim();
    else problems.push(`teamMode.${key}: lower-case letters, digits, - and _ (as on the server); ignored`);
  }
  if (rest.role !== undefined) {
    if ((TEAM_ROLES as readonly unknown[]).includes(rest.role)) team.role = rest.role as TeamSettings['role'];
    else problems.push(`teamMode.role: ${TEAM_ROLES.join(' or ')}; ignored`);
  }
  if (rest.enabled !== undefined) {
    if (typeof rest.enabled === 'boolean') team.enabled = rest.enabled;
    else problems.push('teamMode.enabled: true or false; ignored');
  }
  return Object.keys(team).length ? team : null;
}

/** The stored settings with the policy's laid over them (the policy wins). */
export function withPolicy(settings: Settings, policy: Pick<ManagedTeamPolicy, 'settings'> | null): Settings {
  return policy ? { ...settings, ...policy.settings } : settings;
}

/**
 * Team mode in force: what the agent stored (possibly partial: parts the policy set were never the agent's), with the
 * policy's parts laid over it. null when the result is not a whole configuration (e.g. the policy names the server
 * and team but the agent has not entered a user yet).
 */
export function teamWithPolicy(own: unknown, managed: ManagedTeamMode | null): TeamSettings | null {
  const draft = teamDraft(own, managed);
  const parsed = v.safeParse(TeamSettingsSchema, { ...draft, displayName: draft.displayName || draft.user });
  return parsed.success ? parsed.output : null;
}

/** The parts known so far, for the options page to fill in (defaults: on, agent). */
export function teamDraft(own: unknown, managed: ManagedTeamMode | null): Partial<TeamSettings> {
  return { enabled: true, role: 'agent', ...(obj(own) ?? {}), ...(managed ?? {}) } as Partial<TeamSettings>;
}

/**
 * What the agent saves under a policy: their own values, with the parts the policy sets kept as they were stored
 * before (not overwritten by the policy's), so they come back when the policy goes away.
 */
export function ownTeamSettings(saved: TeamSettings, previousOwn: unknown, managed: ManagedTeamMode | null): Record<string, unknown> {
  if (!managed) return { ...saved };
  const previous = obj(previousOwn) ?? {};
  const out: Record<string, unknown> = { ...saved };
  for (const key of Object.keys(managed)) {
    if (key in previous) out[key] = previous[key];
    else delete out[key];
  }
  return out;
}
