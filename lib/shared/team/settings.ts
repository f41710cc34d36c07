import * as v from 'valibot';
import type { ItemState } from '../model';
import { NAME_RE } from './names';
import type { ClaimStanding } from './rules';
import { checkServerUrl } from './urls';
import type { Activity } from './values';

// Team mode as the options page sets it and the pages and toolbars see it. The password never leaves the background
// (stored like CRM tokens: the secrets table); requests answer `hasPassword` only.

export const TEAM_ROLES = ['agent', 'supervisor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const ServerUrl = v.pipe(
  v.string(),
  v.maxLength(300),
  v.check((u) => checkServerUrl(u).ok, 'use wss:// (plain ws:// only to localhost)'),
);

export const TeamSettingsSchema = v.object({
  enabled: v.boolean(),
  urls: v.pipe(v.array(ServerUrl), v.minLength(1), v.maxLength(7)),
  user: v.pipe(v.string(), v.regex(NAME_RE, 'a user name: lower-case letters, digits, - and _')),
  team: v.pipe(v.string(), v.regex(NAME_RE, 'a team name: lower-case letters, digits, - and _')),
  /** Shown to the team ("Ana"). */
  displayName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)),
  role: v.picklist(TEAM_ROLES),
});
export type TeamSettings = v.InferOutput<typeof TeamSettingsSchema>;

export type TeamState = 'connected' | 'connecting' | 'reconnecting' | 'offline' | 'error';

export interface TeamStatusView {
  /** `off`: team mode not configured or switched off (solo). */
  state: TeamState | 'off';
  since: string | null;
  error: string | null;
  team: string | null;
  user: string | null;
  role: TeamRole | null;
  /** Local changes not yet on the server. */
  pending: number;
  synced: boolean;
  malformed: number;
}

/** One item's team state as a toolbar or the queue shows it. */
export interface TeamItemView {
  key: string;
  state: ItemState;
  holder: string | null;
  holderName: string | null;
  claimedAt: string | null;
  /** From this agent's point of view. */
  standing: ClaimStanding;
  firstResponseAt: string | null;
}

export interface TeamPresenceView {
  user: string;
  name: string;
  itemKey: string | null;
  activity: Activity;
}

/** "Ana · 2m": who holds it and for how long. */
export function claimedByLabel(view: Pick<TeamItemView, 'holderName' | 'holder' | 'claimedAt'>, now = Date.now()): string {
  const who = view.holderName || view.holder || 'someone';
  if (!view.claimedAt) return who;
  const mins = Math.max(0, Math.floor((now - Date.parse(view.claimedAt)) / 60_000));
  const age = mins < 60 ? `${mins}m` : mins < 48 * 60 ? `${Math.floor(mins / 60)}h` : `${Math.floor(mins / 1440)}d`;
  return `${who} · ${age}`;
}

export function presenceLabel(p: Pick<TeamPresenceView, 'name' | 'activity'>): string {
  return p.activity === 'typing' ? `${p.name} is typing a reply` : `${p.name} is viewing`;
}
