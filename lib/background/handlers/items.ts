import { changeState, getItems, itemHistory, openItems, recordBrandReply, recordSeen, undoChange } from '../db/items';
import { appendNote } from '../db/notes';
import { recordThreadReply } from '../db/quality';
import { agentOf } from './agent';
import type { AreaRequests, HandlerTable } from './context';

export const itemHandlers: HandlerTable<AreaRequests<'items'>> = {
  'items.seen': async ({ posts }, ctx) => {
    const items = await recordSeen(ctx.db, posts);
    await ctx.team?.whenReady();
    return { items: ctx.team ? await ctx.team.reconcileSeen(items) : items };
  },
  'items.get': async ({ keys }, ctx) => ({ items: await getItems(ctx.db, keys) }),
  'items.setState': async ({ key, to, note }, ctx) => {
    // Team mode: someone else's claim is not taken or answered from here; a claim asks the team first.
    await ctx.team?.whenReady();
    const claimed = (await ctx.team?.beforeLocalChange(key, to)) ?? false;
    const result = await changeState(ctx.db, { key, to, note: note ?? null, agent: await agentOf(ctx.db) });
    void ctx.team?.stateChanged(result.item, result.event, claimed);
    ctx.broadcast({ type: 'items.changed', items: [result.item] });
    return result;
  },
  'items.brandReplied': async ({ source, ...reply }, ctx) => {
    // A reply seen in the thread may be anyone's on the team; one sent from this browser is this agent's.
    const agent = source === 'composer' ? await agentOf(ctx.db) : null;
    const { text, ...change } = reply;
    const result = await recordBrandReply(ctx.db, { ...change, agent });
    if (result) void ctx.team?.stateChanged(result.item, result.event);
    if (result) ctx.broadcast({ type: 'items.changed', items: [result.item] });
    // Kept for review even when the item was answered already (the agent's own reply, or an earlier one). After the
    // state change is out: a failure here makes the page report the reply again (the state change is then a no-op).
    if (source === 'thread' && text?.trim() && reply.replyKey)
      await recordThreadReply(ctx.db, { key: reply.key, replyKey: reply.replyKey, replyText: text.trim(), by: reply.by, at: reply.at });
    return { item: result?.item ?? null };
  },
  'items.undo': async ({ eventId }, ctx) => {
    const result = await undoChange(ctx.db, { eventId, agent: await agentOf(ctx.db) });
    void ctx.team?.stateChanged(result.item, result.event);
    ctx.broadcast({ type: 'items.changed', items: [result.item] });
    return result;
  },
  'items.history': async ({ key }, ctx) => ({ events: await itemHistory(ctx.db, key) }),
  'items.queue': async ({ channel }, ctx) => ({ items: await openItems(ctx.db, channel) }),
  'items.note': async ({ key, note }, ctx) => ({ event: await appendNote(ctx.db, { key, note, agent: await agentOf(ctx.db) }) }),
};
