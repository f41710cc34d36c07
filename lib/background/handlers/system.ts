import type { HandlerTable } from './context';

export const systemHandlers: HandlerTable<'ping'> = {
  ping: async (_input, ctx) => ({ version: ctx.version, startedAt: ctx.startedAt }),
};
