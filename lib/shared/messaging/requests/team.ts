import * as v from 'valibot';
import { ItemKeySchema } from '../../item-schemas';
import { TeamSettingsSchema, type TeamItemView, type TeamPresenceView, type TeamSettings, type TeamStatusView } from '../../team/settings';
import { ACTIVITIES } from '../../team/values';
import { defineRequests } from './define';

// Team mode (issue 16): configuration (options page only), status, claims, presence and the team view.
// Claiming itself goes through items.setState (to: claimed), which asks the team first when team mode is on.

export const teamRequests = defineRequests({
  'team.config.get': { privileged: true, input: v.object({}) },
  /** `password` absent keeps the stored one. */
  'team.config.set': {
    privileged: true,
    input: v.object({ settings: TeamSettingsSchema, password: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(500))) }),
  },
  'team.status': { privileged: false, input: v.object({}) },
  /** Team state of the given items (toolbars), and who is present on them. */
  'team.items': { privileged: false, input: v.object({ keys: v.pipe(v.array(ItemKeySchema), v.maxLength(500)) }) },
  /** Items someone else holds (the queue's marks). */
  'team.held': { privileged: false, input: v.object({}) },
  'team.release': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** Take over a stale claim (any agent) or any claim (supervisors). */
  'team.takeOver': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  'team.presence.set': { privileged: false, input: v.object({ key: v.nullable(ItemKeySchema), activity: v.picklist(ACTIVITIES) }) },
  /** The team view for supervisors: every team item's state and first response. */
  'team.report': { privileged: true, input: v.object({}) },
});

export interface TeamClaimAnswer {
  outcome: 'won' | 'lost' | 'pending' | 'off';
  item: TeamItemView | null;
}

export interface TeamReportRow {
  key: string;
  state: TeamItemView['state'];
  holder: string | null;
  postedAt: string | null;
  firstResponseAt: string | null;
  firstResponder: string | null;
}

export interface TeamResponses {
  /**
   * settings: in force (the organisation's policy over the agent's own); managed: the parts the policy sets; draft:
   * the parts known so far when they do not make a whole configuration yet.
   */
  'team.config.get': {
    settings: TeamSettings | null;
    hasPassword: boolean;
    status: TeamStatusView;
    managed?: Partial<TeamSettings>;
    draft?: Partial<TeamSettings>;
  };
  'team.config.set': { status: TeamStatusView };
  'team.status': { status: TeamStatusView };
  'team.items': { items: TeamItemView[]; presence: TeamPresenceView[] };
  'team.held': { items: TeamItemView[] };
  'team.release': TeamClaimAnswer;
  'team.takeOver': TeamClaimAnswer;
  'team.presence.set': { ok: true };
  'team.report': { status: TeamStatusView; rows: TeamReportRow[] };
}
