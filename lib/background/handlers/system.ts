import type { HandlerTable } from './context';

export const systemHandlers: HandlerTable<'ping' | 'options.open'> = {
  ping: async (_input, ctx) => ({ version: ctx.version, startedAt: ctx.startedAt }),
  'options.open': async (_input, ctx) => {
    await ctx.openOptionsPage?.();
    return { ok: true };
  },
};
