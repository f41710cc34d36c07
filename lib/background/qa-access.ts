import type { CarebarDB } from './db/schema';
import { readSettings } from './db/settings';
import { ForbiddenError } from './request-errors';
import { readTeamSettings } from './team/service';

// Who may see and write what in quality monitoring (issue 16 roles, issue 17.2), decided here in the background —
// the QA page only follows. Solo mode: the one agent of this browser reviews (their own) replies. Team mode: the
// role in the team settings decides — a supervisor sees and reviews everyone's interactions and scores; an agent sees
// only their own interactions, scores and coaching notes, and neither reviews nor edits the form.

export type QaRole = 'solo' | 'agent' | 'supervisor';

export interface QaActor {
  role: QaRole;
  /** The name shown on interactions, reviews and notes (team mode: the team display name). */
  name: string | null;
  /** Team mode: the team user (the identity that owns rows); null in solo mode. */
  user: string | null;
}

export async function qaActor(db: CarebarDB): Promise<QaActor> {
  const team = await readTeamSettings(db);
  if (team?.enabled) return { role: team.role, name: team.displayName || (await readSettings(db)).agentName || null, user: team.user };
  return { role: 'solo', name: (await readSettings(db)).agentName || null, user: null };
}

/** A row (interaction, review, coaching note) is the actor's own: by team user, or by name for rows without one. */
export function ownedBy(actor: QaActor, row: { agent: string | null; user?: string | null }): boolean {
  if (actor.user && row.user) return row.user === actor.user;
  return row.agent === actor.name;
}

/** Everyone's rows (supervisors, solo) or only the actor's own (team agents). */
export const seesAll = (actor: QaActor): boolean => actor.role !== 'agent';

/**
 * A request for everyone's interactions or scores: refused for a team agent (who asks for `mine` instead).
 * Returns the filter to apply: null = all rows.
 */
export function scopeFor(actor: QaActor, mine: boolean | undefined, what: string): QaActor | null {
  if (mine) return actor;
  if (!seesAll(actor)) throw new ForbiddenError(`In team mode only supervisors see other agents' ${what}; ask for your own (mine)`);
  return null;
}

/** Reviewing and editing the form: supervisors in team mode (in solo mode, the agent self-reviews). */
export function requireReviewer(actor: QaActor, what: string): void {
  if (actor.role === 'agent') throw new ForbiddenError(`In team mode only supervisors ${what}`);
}
