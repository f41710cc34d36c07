import * as v from 'valibot';
import { REQUESTS, type ErrorCode, type ErrorReply, type Reply, type RequestType } from '../shared/messaging/protocol';
import { BATCH, BATCH_MAX } from '../shared/messaging/ports';
import { ChangeRejectedError, ItemNotFoundError } from './db/items';
import { BackupRejectedError } from './db/backup';
import { CrmNoteRejected } from './crm/errors';
import { CustomerNotFoundError } from './crm/local';
import type { HandlerTable, SenderInfo, ServerContext } from './handlers/context';
import { systemHandlers } from './handlers/system';
import { itemHandlers } from './handlers/items';
import { settingsHandlers } from './handlers/settings';
import { reportHandlers } from './handlers/reports';
import { crmHandlers, customerHandlers } from './handlers/customers';
import { isSnippetRejection, snippetHandlers } from './handlers/snippets';
import { detectionHandlers } from './handlers/detection';
import { dmHandlers } from './handlers/dm';
import { teamHandlers } from './handlers/team';
import { ForbiddenError, InvalidInputError } from './request-errors';
import { isExtensionPage, siteProblem } from './sender-checks';
import { qualityHandlers } from './handlers/quality';
import { QaRejectedError } from './db/quality';

export type { SenderInfo, ServerContext };

// Every request type must have its handler: a missing one fails the type check here.
const handlers: HandlerTable<RequestType> = {
  ...systemHandlers,
  ...itemHandlers,
  ...settingsHandlers,
  ...reportHandlers,
  ...customerHandlers,
  ...crmHandlers,
  ...snippetHandlers,
  ...detectionHandlers,
  ...dmHandlers,
  ...teamHandlers,
  ...qualityHandlers,
};

function fail(code: ErrorCode, message: string, issues?: string[]): ErrorReply {
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}) } };
}

export { isExtensionPage };

/**
 * Answer what arrived on the wire: one request, or a batch of them (../shared/messaging/ports BATCH) — each handled
 * exactly as if sent alone (same validation, sender and site checks), answered in order, one failing never failing
 * the others. A malformed batch (not a list, empty, longer than BATCH_MAX) is refused whole; a batch inside a batch
 * is refused as that entry's answer.
 */
export async function handleMessage(
  message: unknown,
  sender: SenderInfo,
  ctx: ServerContext,
): Promise<Reply<RequestType> | Reply<RequestType>[]> {
  if ((message as { type?: unknown } | null)?.type !== BATCH) return handleRequest(message, sender, ctx);
  if (sender.id !== ctx.runtimeId) return fail('forbidden', 'Message from another extension or a web page');
  const { carebar, requests } = message as { carebar?: unknown; requests?: unknown };
  if (carebar !== 1 || !Array.isArray(requests) || requests.length < 1 || requests.length > BATCH_MAX) {
    return fail('invalid', `A Carebar batch is a list of 1 to ${BATCH_MAX} requests`);
  }
  return Promise.all(requests.map((inner: unknown) => handleRequest(inner, sender, ctx)));
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
  if (type === BATCH) return fail('invalid', 'A batch cannot hold another batch');
  if (typeof type !== 'string' || !Object.hasOwn(REQUESTS, type)) {
    return fail('unknown-type', `Unknown request type ${JSON.stringify(String(type)).slice(0, 80)}`);
  }
  const spec = REQUESTS[type as RequestType];
  if (spec.privileged && !isExtensionPage(sender, ctx.extensionOrigin)) {
    return fail('forbidden', `${type} is only accepted from Carebar's own pages`);
  }
  if ('extensionDocument' in spec && spec.extensionDocument && !sender.url?.startsWith(ctx.extensionOrigin)) {
    return fail('forbidden', `${type} is only accepted from Carebar's own documents (the customer card), not from a web page`);
  }
  const parsed = v.safeParse(spec.input, payload ?? {});
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, 10).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
    return fail('invalid', `Invalid ${type} request`, issues);
  }
  try {
    // A content script speaks for its own site; a framed card for its own item (issue 11, findings 3 and 7).
    const input = parsed.output as Record<string, unknown>;
    const refused = await siteProblem(type as RequestType, input, sender, (message as { cardToken?: unknown }).cardToken, ctx);
    if (refused) return fail('forbidden', refused);
    const handler = handlers[type as RequestType] as (input: unknown, ctx: ServerContext) => Promise<unknown>;
    const data = await handler(input, { ...ctx, sender });
    return { ok: true, data } as Reply<RequestType>;
  } catch (err) {
    if (err instanceof ForbiddenError) return fail('forbidden', err.message);
    if (err instanceof InvalidInputError) return fail('invalid', err.message, err.issues);
    if (err instanceof ItemNotFoundError || err instanceof CustomerNotFoundError) return fail('not-found', err.message);
    if (err instanceof ChangeRejectedError) return fail('rejected', err.message);
    if (err instanceof CrmNoteRejected) return fail('rejected', err.message);
    if (err instanceof QaRejectedError) return fail('rejected', err.message, err.issues.length ? err.issues : undefined);
    if (err instanceof BackupRejectedError) return fail('invalid', err.message, err.issues);
    if (isSnippetRejection(err)) return fail('rejected', err.message, err.issues?.length ? err.issues : undefined);
    if (isQuotaError(err)) return fail('storage', 'The browser refused to store more data (storage quota). Nothing was changed.');
    if ((err as { name?: string })?.name === 'DatabaseClosedError') {
      return fail('storage', 'Carebar’s database was closed while this ran (the background restarted). Nothing was changed: try again.');
    }
    console.error('[carebar] request failed', type, err);
    return fail('internal', `Carebar could not complete ${type}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** A QuotaExceededError, however deep Dexie wrapped it (an upgrade wraps the failed write twice). */
function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown } | undefined, depth = 0; e && depth < 5; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError') return true;
  }
  return false;
}
