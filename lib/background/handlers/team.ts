import type { TeamClaimAnswer } from '../../shared/messaging/requests/team';
import type { ItemRow } from '../../shared/records';
import { ChangeRejectedError, ItemNotFoundError } from '../db/items';
import type { ClaimResult } from '../team/engine';
import { readManagedTeam } from '../db/policy';
import { readTeamDraft, readTeamSettings, type TeamService } from '../team/service';
import type { AreaRequests, HandlerTable, ServerContext } from './context';

const OFF = {
  state: 'off',
  since: null,
  error: null,
  team: null,
  user: null,
  role: null,
  pending: 0,
  synced: false,
  malformed: 0,
} as const;

async function service(ctx: ServerContext): Promise<TeamService | null> {
  await ctx.team?.whenReady();
  return ctx.team?.active ? ctx.team : null;
}

async function localItem(ctx: ServerContext, key: string): Promise<ItemRow> {
  const item = await ctx.db.items.get(key);
  if (!item) throw new ItemNotFoundError(key);
  return item;
}

function answer(team: TeamService, key: string, r: ClaimResult | null): TeamClaimAnswer {
  if (!r) return { outcome: 'off', item: null };
  if (r.outcome === 'lost') {
    const who = r.holderName ?? r.holder ?? 'someone else';
    throw new ChangeRejectedError(r.standing === 'held' ? `Claimed by ${who}` : `Not yours: held by ${who}`);
  }
  return { outcome: r.outcome, item: team.items([key])[0] ?? null };
}

export const teamHandlers: HandlerTable<AreaRequests<'team'>> = {
  'team.config.get': async (_input, ctx) => {
    await ctx.team?.whenReady();
    const settings = await readTeamSettings(ctx.db);
    const hasPassword = !!(await ctx.db.secrets.get('team.password'));
    // What the organisation's policy sets (shown read-only), and the parts known so far when not yet complete.
    const managed = (await readManagedTeam(ctx.db)) ?? undefined;
    const draft = settings ? undefined : await readTeamDraft(ctx.db);
    return { settings, hasPassword, status: ctx.team?.status() ?? OFF, ...(managed ? { managed } : {}), ...(draft ? { draft } : {}) };
  },
  'team.config.set': async ({ settings, password }, ctx) => {
    if (!ctx.team) throw new ChangeRejectedError('Team mode is not available in this build');
    return { status: await ctx.team.configure(settings, password) };
  },
  'team.status': async (_input, ctx) => {
    await ctx.team?.whenReady();
    return { status: ctx.team?.status() ?? OFF };
  },
  'team.items': async ({ keys }, ctx) => {
    const team = await service(ctx);
    if (!team) return { items: [], presence: [] };
    const wanted = new Set(keys);
    return { items: team.items(keys), presence: team.presence().filter((p) => p.itemKey && wanted.has(p.itemKey)) };
  },
  'team.held': async (_input, ctx) => ({ items: (await service(ctx))?.heldByOthers() ?? [] }),
  'team.release': async ({ key }, ctx) => {
    const team = await service(ctx);
    if (!team) return { outcome: 'off', item: null };
    return answer(team, key, await team.release(await localItem(ctx, key)));
  },
  'team.takeOver': async ({ key }, ctx) => {
    const team = await service(ctx);
    if (!team) return { outcome: 'off', item: null };
    return answer(team, key, await team.takeOver(await localItem(ctx, key)));
  },
  'team.presence.set': async ({ key, activity }, ctx) => {
    (await service(ctx))?.setPresence(key, activity);
    return { ok: true };
  },
  'team.report': async (_input, ctx) => {
    const team = await service(ctx);
    if (!team) return { status: ctx.team?.status() ?? OFF, rows: [] };
    if (!team.isSupervisor) throw new ChangeRejectedError('The team view is for supervisors');
    return { status: team.status(), rows: team.reportRows() };
  },
};
