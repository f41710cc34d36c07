import * as v from 'valibot';
import { ChangeRejectedError, changeState, getItems, recordBrandReply, ItemNotFoundError, itemHistory, openItems, recordSeen, undoChange } from './db/items';
import { BackupRejectedError, exportBackup, importBackup, reportData, wipeWorkData } from './db/backup';
import type { CarebarDB } from './db/schema';
import { customerBadges } from './db/customers';
import { crmHandlers, CrmNoteRejected, CustomerNotFoundError } from './crm/handlers';
import { isSnippetRejection, snippetHandlers } from './snippet-handlers';
import { readSettings, readSignedIn, recordSignedIn, writeSettings } from './db/settings';
import { detectText, reasonsOf } from '../shared/detect/index';
import type { DetectReason } from '../shared/detect/types';
import { guardProblems } from '../shared/detect/guard';
import { approvedReply, planDm, PRIVATE_REPLY_NOTE } from './dm';
import { appendNote } from './db/notes';
import {
  REQUESTS,
  type ChangeNotice,
  type ErrorCode,
  type ErrorReply,
  type Reply,
  type RequestInput,
  type RequestType,
  type ResponseData,
} from '../shared/messaging/protocol';

/** The parts of runtime.MessageSender the background trusts for authorization. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export interface ServerContext {
  db: CarebarDB;
  runtimeId: string;
  /** `runtime.getURL('')`, e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
  version: string;
  /** When this background instance started: a restarted service worker answers with a new time. */
  startedAt: string;
  /** Push a change to every open tab and extension page. */
  broadcast: (notice: ChangeNotice) => void;
}

type Handlers = { [T in RequestType]: (input: RequestInput<T>, ctx: ServerContext) => Promise<ResponseData[T]> };

const handlers: Handlers = {
  'detect.text': async ({ text, role, channel, thread }, ctx) => {
    const settings = await readSettings(ctx.db);
    const findings = detectText(text, { role, thread, orderPatterns: settings.detection.orderPatterns });
    const problems =
      role === 'draft'
        ? guardProblems(text, findings, { channel, agentInitials: settings.agentInitials, requireInitials: settings.detection.requireInitials, genericPhrases: settings.detection.genericPhrases })
        : [];
    return { findings, problems };
  },
  'detect.posts': async ({ posts }, ctx) => {
    const { orderPatterns } = (await readSettings(ctx.db)).detection;
    const reasons: Record<string, DetectReason[]> = {};
    for (const post of posts) reasons[post.key] = reasonsOf(detectText(post.text, { role: 'post', thread: post.thread, orderPatterns }));
    return { reasons };
  },
  'dm.reply': async ({ key, kind }, ctx) => approvedReply(ctx.db, key, kind),
  'dm.open': async ({ key }, ctx) => {
    const { plan, recordPrivateReply } = await planDm(ctx.db, key);
    if (recordPrivateReply) await appendNote(ctx.db, { key, note: PRIVATE_REPLY_NOTE, agent: (await readSettings(ctx.db)).agentName || null });
    return plan;
  },
  'items.note': async ({ key, note }, ctx) => ({ event: await appendNote(ctx.db, { key, note, agent: (await readSettings(ctx.db)).agentName || null }) }),
  ping: async (_input, ctx) => ({ version: ctx.version, startedAt: ctx.startedAt }),
  'items.seen': async ({ posts }, ctx) => ({ items: await recordSeen(ctx.db, posts) }),
  'items.get': async ({ keys }, ctx) => ({ items: await getItems(ctx.db, keys) }),
  'items.setState': async ({ key, to, note }, ctx) => {
    const { agentName } = await readSettings(ctx.db);
    const result = await changeState(ctx.db, { key, to, note: note ?? null, agent: agentName || null });
    ctx.broadcast({ type: 'items.changed', items: [result.item] });
    return result;
  },
  'items.brandReplied': async ({ source, ...reply }, ctx) => {
    // A reply seen in the thread may be anyone's on the team; one sent from this browser is this agent's.
    const agent = source === 'composer' ? (await readSettings(ctx.db)).agentName || null : null;
    const result = await recordBrandReply(ctx.db, { ...reply, agent });
    if (result) ctx.broadcast({ type: 'items.changed', items: [result.item] });
    return { item: result?.item ?? null };
  },
  'items.undo': async ({ eventId }, ctx) => {
    const { agentName } = await readSettings(ctx.db);
    const result = await undoChange(ctx.db, { eventId, agent: agentName || null });
    ctx.broadcast({ type: 'items.changed', items: [result.item] });
    return result;
  },
  'items.history': async ({ key }, ctx) => ({ events: await itemHistory(ctx.db, key) }),
  'items.queue': async ({ channel }, ctx) => ({ items: await openItems(ctx.db, channel) }),
  'customers.card': async ({ key }, ctx) => crmHandlers.card(key, ctx),
  'customers.badge': async ({ authors }, ctx) => ({ badges: await customerBadges(ctx.db, authors) }),
  'customers.search': async ({ query }, ctx) => crmHandlers.search(query, ctx),
  'customers.link': async (input, ctx) => crmHandlers.link(input, ctx),
  'customers.unlink': async (input, ctx) => crmHandlers.unlink(input, ctx),
  'customers.note': async (input, ctx) => crmHandlers.note(input, ctx),
  'customers.remoteNote': async (input, ctx) => crmHandlers.remoteNote(input, ctx),
  'customers.forget': async (input, ctx) => crmHandlers.forget(input, ctx),
  'crm.seedDemo': async (_input, ctx) => crmHandlers.seedDemo(ctx),
  'crm.importRows': async ({ rows }, ctx) => crmHandlers.importRows(rows, ctx),
  'crm.stats': async (_input, ctx) => crmHandlers.stats(ctx),
  'crm.connector.get': async (_input, ctx) => crmHandlers.connectorGet(ctx),
  'crm.connector.save': async ({ config, token }, ctx) => crmHandlers.connectorSave(config, token, ctx),
  'crm.retention.get': async (_input, ctx) => crmHandlers.retentionGet(ctx),
  'crm.retention.set': async ({ days }, ctx) => crmHandlers.retentionSet(days, ctx),
  'crm.retention.run': async (_input, ctx) => crmHandlers.retentionRun(ctx),
  ...snippetHandlers,
  'accounts.seen': async ({ channel, handle }, ctx) => {
    await recordSignedIn(ctx.db, channel, handle);
    return { ok: true };
  },
  'accounts.signedIn': async (_input, ctx) => ({ accounts: await readSignedIn(ctx.db) }),
  'settings.get': async (_input, ctx) => ({ settings: await readSettings(ctx.db) }),
  'settings.update': async ({ settings }, ctx) => {
    const saved = await writeSettings(ctx.db, settings);
    ctx.broadcast({ type: 'settings.changed', settings: saved });
    return { settings: saved };
  },
  'reports.data': async ({ from, to }, ctx) => reportData(ctx.db, { from, to }),
  'data.wipe': async (_input, ctx) => {
    const counts = await wipeWorkData(ctx.db);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return counts;
  },
  'backup.export': async ({ format }, ctx) => exportBackup(ctx.db, format),
  'backup.import': async ({ document }, ctx) => {
    const { report, changed } = await importBackup(ctx.db, document);
    if (changed.length) ctx.broadcast({ type: 'items.changed', items: changed });
    return report;
  },
};

function fail(code: ErrorCode, message: string, issues?: string[]): ErrorReply {
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}) } };
}

/** A sender is one of our own extension pages (options, side panel…), not a content script on a web page. */
export function isExtensionPage(sender: SenderInfo, extensionOrigin: string): boolean {
  if (!sender.url?.startsWith(extensionOrigin)) return false;
  // An extension page opened in a tab has sender.tab; that tab must then show an extension page too.
  return !sender.tab || (sender.tab.url?.startsWith(extensionOrigin) ?? false);
}

/**
 * Validate and answer one request. Never throws: every failure is a typed error reply, and a rejected request
 * writes nothing.
 */
export async function handleRequest(message: unknown, sender: SenderInfo, ctx: ServerContext): Promise<Reply<RequestType>> {
  if (sender.id !== ctx.runtimeId) return fail('forbidden', 'Message from another extension or a web page');
  if (typeof message !== 'object' || message === null || (message as { carebar?: unknown }).carebar !== 1) {
    return fail('invalid', 'Not a Carebar request');
  }
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(REQUESTS, type)) {
    return fail('unknown-type', `Unknown request type ${JSON.stringify(String(type)).slice(0, 80)}`);
  }
  const spec = REQUESTS[type as RequestType];
  if (spec.privileged && !isExtensionPage(sender, ctx.extensionOrigin)) {
    return fail('forbidden', `${type} is only accepted from Carebar's own pages`);
  }
  if ((spec as { extensionDocument?: boolean }).extensionDocument && !sender.url?.startsWith(ctx.extensionOrigin)) {
    return fail('forbidden', `${type} is only accepted from Carebar's own documents (the customer card), not from a web page`);
  }
  const parsed = v.safeParse(spec.input, payload ?? {});
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, 10).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
    return fail('invalid', `Invalid ${type} request`, issues);
  }
  try {
    const handler = handlers[type as RequestType] as (input: unknown, ctx: ServerContext) => Promise<unknown>;
    const data = await handler(parsed.output, ctx);
    return { ok: true, data } as Reply<RequestType>;
  } catch (err) {
    if (err instanceof ItemNotFoundError || err instanceof CustomerNotFoundError) return fail('not-found', err.message);
    if (err instanceof ChangeRejectedError) return fail('rejected', err.message);
    if (err instanceof CrmNoteRejected) return fail('rejected', err.message);
    if (err instanceof BackupRejectedError) return fail('invalid', err.message, err.issues);
    if (isSnippetRejection(err)) return fail('rejected', err.message, err.issues?.length ? err.issues : undefined);
    const name = (err as { name?: string })?.name ?? '';
    if (name === 'QuotaExceededError' || (err as { inner?: { name?: string } })?.inner?.name === 'QuotaExceededError') {
      return fail('storage', 'The browser refused to store more data (storage quota). Nothing was changed.');
    }
    console.error('[carebar] request failed', type, err);
    return fail('internal', `Carebar could not complete ${type}: ${(err as Error)?.message ?? String(err)}`);
  }
}
