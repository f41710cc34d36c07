import { appendNote } from '../db/notes';
import { approvedReply, planDm, PRIVATE_REPLY_NOTE } from '../dm';
import { agentOf } from './agent';
import type { HandlerTable } from './context';

export const dmHandlers: HandlerTable<'dm.reply' | 'dm.open'> = {
  'dm.reply': async ({ key, kind }, ctx) => approvedReply(ctx.db, key, kind),
  'dm.open': async ({ key }, ctx) => {
    const { plan, recordPrivateReply } = await planDm(ctx.db, key);
    if (recordPrivateReply) await appendNote(ctx.db, { key, note: PRIVATE_REPLY_NOTE, agent: await agentOf(ctx.db) });
    return plan;
  },
};
