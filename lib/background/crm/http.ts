// The remote CRMs' one way out: fetch with a deadline, every failure turned into a CrmError an agent can read.

export type CrmErrorKind =
  'auth' | 'forbidden' | 'not-found' | 'rate-limited' | 'server' | 'timeout' | 'network' | 'malformed' | 'mapping' | 'http';

export class CrmError extends Error {
  constructor(
    readonly kind: CrmErrorKind,
    message: string,
    /** For rate-limited: how long the CRM asked us to wait. */
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Which CRM, for messages. */
  crm: string;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 8000;

/**
 * One JSON request. Returns the parsed body, or null for 404 when `notFoundIsNull` and for an empty body (204,
 * or a write answered with nothing) when `emptyIsNull`; throws CrmError otherwise.
 */
export async function fetchJson(url: string, options: HttpOptions & { notFoundIsNull?: boolean; emptyIsNull?: boolean }): Promise<unknown> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(
    () => controller.abort(new CrmError('timeout', `${options.crm} did not answer within ${Math.round(timeoutMs / 100) / 10} s`)),
    timeoutMs,
  );
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await (options.fetchImpl ?? fetch)(url, {
        method: options.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: controller.signal,
        credentials: 'omit',
        redirect: 'error',
      });
    } catch (err) {
      if (controller.signal.reason instanceof CrmError) throw controller.signal.reason;
      if (err instanceof CrmError) throw err; // refused before sending (no host permission)
      throw new CrmError('network', `${options.crm} could not be reached: ${(err as Error).message}`);
    }
    const status = response.status;
    if (status === 404 && options.notFoundIsNull) return null;
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      if (status === 401) throw new CrmError('auth', `${options.crm} refused the token (401): check it in Carebar's options`, null, status);
      if (status === 403)
        throw new CrmError('forbidden', `${options.crm} denied access (403): the token lacks the needed scope`, null, status);
      if (status === 404) throw new CrmError('not-found', `${options.crm} has no such endpoint (404): check the URL`, null, status);
      if (status === 429) {
        const wait = parseRetryAfter(response.headers.get('Retry-After'));
        throw new CrmError(
          'rate-limited',
          `${options.crm} is rate-limiting us (429)${wait !== null ? `: retry in ${Math.ceil(wait / 1000)} s` : ''}`,
          wait,
          status,
        );
      }
      if (status >= 500) throw new CrmError('server', `${options.crm} had an error (${status})`, null, status);
      throw new CrmError('http', `${options.crm} answered ${status}`, null, status);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (controller.signal.reason instanceof CrmError) throw controller.signal.reason;
      throw new CrmError('network', `${options.crm} dropped the connection: ${(err as Error).message}`);
    }
    if (options.emptyIsNull && !text.trim()) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new CrmError('malformed', `${options.crm} sent a response that is not JSON`);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Read `a.b[0].c` from parsed JSON; undefined when any step is missing. An empty path is the value itself. */
export function readPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let current: unknown = value;
  for (const step of path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

export function mappingError(crm: string, what: string): CrmError {
  return new CrmError('mapping', `${crm}: the response did not match the field mapping (${what}). Nothing was stored.`);
}

/** Text from a JSON value: strings and numbers only; anything else is a mapping error. */
export function textAt(crm: string, value: unknown, path: string, required: boolean): string | null {
  const found = readPath(value, path);
  if (found === undefined || found === null || found === '') {
    if (required) throw mappingError(crm, `no value at "${path}"`);
    return null;
  }
  if (typeof found === 'string') return found.slice(0, 5000);
  if (typeof found === 'number' && Number.isFinite(found)) return String(found);
  throw mappingError(crm, `"${path}" is ${Array.isArray(found) ? 'a list' : typeof found}, not text`);
}

export function numberAt(crm: string, value: unknown, path: string): number | null {
  const found = readPath(value, path);
  if (found === undefined || found === null || found === '') return null;
  const n = typeof found === 'number' ? found : typeof found === 'string' ? Number(found) : NaN;
  if (!Number.isFinite(n)) throw mappingError(crm, `"${path}" is not a number`);
  return n;
}
