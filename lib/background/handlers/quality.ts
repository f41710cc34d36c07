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
} from '../db/quality';
import { agentOf } from './agent';
import type { AreaRequests, HandlerTable } from './context';

export const qualityHandlers: HandlerTable<AreaRequests<'qa'> | AreaRequests<'viral'>> = {
  'qa.interaction': async ({ key, replyText, customerText, source }, ctx) => ({
    interaction: await recordInteraction(ctx.db, { key, replyText, customerText, source, agent: await agentOf(ctx.db) }),
  }),
  // Solo mode: the reviewer is this browser's agent, who may review anyone's replies kept here (their own).
  'qa.queue': async ({ mine }, ctx) => {
    const agent = await agentOf(ctx.db);
    return { entries: await reviewQueue(ctx.db, mine ? { agent } : {}), agent };
  },
  'qa.review': async ({ interactionId, answers, comments, coaching }, ctx) =>
    saveReview(ctx.db, { interactionId, answers, comments, coaching: coaching ?? null, reviewer: await agentOf(ctx.db) }),
  'qa.config': async (_input, ctx) => {
    const { form, perAgentPerWeek } = await readQaConfig(ctx.db);
    return { form, perAgentPerWeek };
  },
  'qa.setConfig': async (patch, ctx) => {
    const { form, perAgentPerWeek } = await writeQaConfig(ctx.db, patch);
    return { form, perAgentPerWeek };
  },
  'qa.coaching': async (_input, ctx) => {
    const agent = await agentOf(ctx.db);
    return { agent, notes: await coachingFor(ctx.db, agent) };
  },
  'qa.coachingRead': async ({ ids }, ctx) => {
    await markCoachingRead(ctx.db, ids);
    return { ok: true };
  },
  'qa.report': async ({ from, to }, ctx) => qaReport(ctx.db, { from, to }),
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
