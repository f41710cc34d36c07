import type { CoachingNoteRow, InteractionRow, QaReviewRow } from '../shared/qa/records';
import { interactionFromEvent, QA_INTERACTION, QA_REVIEW, reviewFromEvent } from '../shared/team/qa-events';
import type { QualityDB } from './db/quality';
import type { CarebarDB } from './db/schema';

// Quality monitoring from the team's stream into this agent's database (issue 17.1): interactions other agents kept
// (a supervisor reviews them), and reviews with coaching notes written on another machine (the agent reads them).
// Merged by id: an interaction never changes; a review is replaced by a newer one of the same id; a note is added once.
// Who may *see* which rows is decided by the QA handlers (lib/background/qa-access.ts), not here.

interface QaEvent {
  id: string;
  kind: string;
  user: string;
  data?: Record<string, unknown>;
}

export const isQaEvent = (e: { kind: string }): boolean => e.kind === QA_INTERACTION || e.kind === QA_REVIEW;

/** Applies the QA events of a batch; returns the reasons of those ignored as malformed (for the team's report). */
export async function applyTeamQaEvents(db: CarebarDB, events: QaEvent[]): Promise<{ applied: number; malformed: string[] }> {
  const q = db as QualityDB;
  const interactions: InteractionRow[] = [];
  const reviews: QaReviewRow[] = [];
  const notes: CoachingNoteRow[] = [];
  const malformed: string[] = [];
  for (const e of events) {
    if (e.kind === QA_INTERACTION) {
      const p = interactionFromEvent(e);
      if (p.ok) interactions.push(p.value);
      else malformed.push(`${e.kind} ${e.id}: ${p.reason}`);
    } else if (e.kind === QA_REVIEW) {
      const p = reviewFromEvent(e);
      if (!p.ok) {
        malformed.push(`${e.kind} ${e.id}: ${p.reason}`);
        continue;
      }
      reviews.push(p.value.review);
      if (p.value.note) notes.push(p.value.note);
    }
  }
  if (!interactions.length && !reviews.length) return { applied: 0, malformed };
  let applied = 0;
  await q.transaction('rw', q.interactions, q.qaReviews, q.coachingNotes, async () => {
    const byId = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
    const uniqueI = byId(interactions);
    const haveI = await q.interactions.bulkGet(uniqueI.map((i) => i.id));
    const freshI = uniqueI.filter((_, i) => !haveI[i]);
    if (freshI.length) await q.interactions.bulkPut(freshI);
    applied += freshI.length;
    // A review or note is about an interaction this machine holds: one about an interaction it no longer has (a
    // customer forgotten here, then the review delivered again) must not bring the customer's case back.
    const held = new Set(
      (await q.interactions.bulkGet([...new Set([...reviews, ...notes].map((r) => r.interactionId ?? ''))])).flatMap((i) =>
        i ? [i.id] : [],
      ),
    );
    for (const r of reviews) {
      if (!held.has(r.interactionId)) continue;
      // One review per interaction: the newest wins, whichever machine wrote it.
      const existing = await q.qaReviews.where('interactionId').equals(r.interactionId).first();
      if (existing && existing.reviewedAt >= r.reviewedAt) continue;
      if (existing && existing.id !== r.id) await q.qaReviews.delete(existing.id);
      await q.qaReviews.put(r);
      applied++;
    }
    const uniqueN = byId(notes.filter((n) => n.interactionId === null || held.has(n.interactionId)));
    const haveN = await q.coachingNotes.bulkGet(uniqueN.map((n) => n.id));
    const freshN = uniqueN.filter((_, i) => !haveN[i]);
    if (freshN.length) await q.coachingNotes.bulkAdd(freshN);
    applied += freshN.length;
  });
  return { applied, malformed };
}

/**
 * "Forget this customer" from another machine (a `forget` event under the customer's token): this machine's copies
 * of the interactions about that customer — found by the team events that brought them and by the forgotten items —
 * go, with their reviews and coaching notes.
 */
export async function forgetTeamQa(db: CarebarDB, customer: string | null, itemKeys: string[]): Promise<number> {
  const q = db as QualityDB;
  return q.transaction('rw', [q.interactions, q.qaReviews, q.coachingNotes, q.teamEvents], async () => {
    const fromEvents = customer
      ? (await q.teamEvents.where('customer').equals(customer).toArray()).filter((e) => e.kind === QA_INTERACTION).map((e) => e.id)
      : [];
    const byItem = itemKeys.length ? ((await q.interactions.where('itemKey').anyOf(itemKeys).primaryKeys()) as string[]) : [];
    const ids = [...new Set([...fromEvents, ...byItem])];
    if (ids.length) {
      await q.qaReviews.where('interactionId').anyOf(ids).delete();
      await q.coachingNotes.where('interactionId').anyOf(ids).delete();
      await q.interactions.bulkDelete(ids);
    }
    if (customer) await q.teamEvents.where('customer').equals(customer).delete();
    return ids.length;
  });
}
