import {
  coachingFor,
  engagementHistory,
  markCoachingRead,
  qaReport,
  readQaConfig,
  recordEngagement,
  recordInteraction,
  reviewQueue,
  saveReview,
  viralStatuses,
  writeQaConfig,
  type QualityDB,
} from '../db/quality';
import { interactionData, QA_INTERACTION, QA_REVIEW, reviewData } from '../../shared/team/qa-events';
import { ownedBy, qaActor, requireReviewer, scopeFor, type QaActor } from '../qa-access';
import type { AreaRequests, HandlerTable, ServerContext } from './context';

/** In team mode, a kept interaction or a review goes on the team's stream too (never failing the local save). */
async function toTeam(
  ctx: ServerContext,
  kind: typeof QA_INTERACTION | typeof QA_REVIEW,
  itemKey: string,
  data: Record<string, unknown>,
  id?: string,
) {
  await ctx.team?.whenReady();
  if (!ctx.team?.active) return;
  try {
    await ctx.team.publishQa(kind, itemKey, data, id);
  } catch (err) {
    console.warn(`[carebar] team: could not queue the ${kind}`, err);
  }
}

const own = (actor: QaActor) => (row: { agent: string | null; user?: string | null }) => ownedBy(actor, row);

// Roles are enforced here (lib/background/qa-access.ts): a team agent asking for everyone's interactions or scores is
// refused; `mine` gives their own. Supervisors (and the solo agent) see all.
export const qualityHandlers: HandlerTable<AreaRequests<'qa'> | AreaRequests<'viral'>> = {
  'qa.interaction': async ({ key, replyText, customerText, source }, ctx) => {
    const actor = await qaActor(ctx.db);
    const interaction = await recordInteraction(ctx.db, { key, replyText, customerText, source, agent: actor.name, user: actor.user });
    // Only this agent's own replies go to the team (a reply merely seen in a thread is every viewer's to keep).
    if (interaction?.agent) await toTeam(ctx, QA_INTERACTION, interaction.itemKey, interactionData(interaction), interaction.id);
    return { interaction };
  },
  'qa.queue': async ({ mine }, ctx) => {
    const actor = await qaActor(ctx.db);
    const scope = scopeFor(actor, mine, 'interactions and reviews');
    return { entries: await reviewQueue(ctx.db, scope ? { only: own(scope) } : {}), agent: actor.name };
  },
  'qa.review': async ({ interactionId, answers, comments, coaching }, ctx) => {
    const actor = await qaActor(ctx.db);
    requireReviewer(actor, 'review replies');
    const saved = await saveReview(ctx.db, {
      interactionId,
      answers,
      comments,
      coaching: coaching ?? null,
      reviewer: actor.name,
      reviewerUser: actor.user,
    });
    if (actor.user) {
      const interaction = await (ctx.db as QualityDB).interactions.get(saved.review.interactionId);
      // Only this agent's own replies go to the team (a reply merely seen in a thread is every viewer's to keep).
      if (interaction?.agent) await toTeam(ctx, QA_REVIEW, interaction.itemKey, reviewData(saved.review, saved.note));
    }
    return saved;
  },
  'qa.config': async (_input, ctx) => {
    const [{ form, perAgentPerWeek }, actor] = await Promise.all([readQaConfig(ctx.db), qaActor(ctx.db)]);
    return { form, perAgentPerWeek, role: actor.role, user: actor.user };
  },
  'qa.setConfig': async (patch, ctx) => {
    const actor = await qaActor(ctx.db);
    requireReviewer(actor, 'edit the evaluation form');
    const { form, perAgentPerWeek } = await writeQaConfig(ctx.db, patch);
    return { form, perAgentPerWeek, role: actor.role, user: actor.user };
  },
  'qa.coaching': async (_input, ctx) => {
    const actor = await qaActor(ctx.db);
    return { agent: actor.name, notes: await coachingFor(ctx.db, own(actor)) };
  },
  'qa.coachingRead': async ({ ids }, ctx) => {
    const actor = await qaActor(ctx.db);
    await markCoachingRead(ctx.db, ids, own(actor));
    return { ok: true };
  },
  'qa.report': async ({ from, to, mine }, ctx) => {
    const scope = scopeFor(await qaActor(ctx.db), mine, 'QA scores');
    return qaReport(ctx.db, { from, to, only: scope ? own(scope) : undefined });
  },
  'viral.samples': async ({ samples }, ctx) => {
    const { levels, changed } = await recordEngagement(ctx.db, samples);
    if (changed.length) ctx.broadcast({ type: 'items.changed', items: changed.map((c) => c.item) });
    for (const c of changed)
      if (c.notify)
        ctx.notify?.(
          `carebar-viral:${c.item.key}`,
          'A post is going viral',
          `${c.item.authorName ?? c.item.authorHandle ?? 'A customer'}: ${c.status.reason}`,
        );
    return { levels };
  },
  'viral.history': async ({ key }, ctx) => ({
    samples: await engagementHistory(ctx.db, key),
    status: (await viralStatuses(ctx.db, [key]))[0] ?? null,
  }),
};
