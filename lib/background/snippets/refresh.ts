import type { CarebarDB } from '../db/schema';
import { MAX_PACK_BYTES, PackRejectedError } from '../../shared/snippets/pack-format';
import type { ManagedPolicy, PackResult } from '../../shared/snippets/types';
import { readSnippetConfig, updateConfig } from './config';
import { SnippetError } from './errors';
import { checkAndInstallPack } from './packs';

// Subscribed packs over HTTP: conditional GET, verify, install; the result is recorded on the subscription.

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; cache: 'no-store'; signal?: AbortSignal },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  /** Read as a stream when there is one, so an endless answer costs at most the cap. */
  body?: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}>;

const tooLarge = (bytes: number, atLeast = false) =>
  new PackRejectedError(
    'too-large',
    `The pack is ${atLeast ? 'over ' : ''}${(bytes / 1048576).toFixed(1)} MB: packs may be at most ${MAX_PACK_BYTES / 1048576} MB.`,
  );

/** The body as text, counted in bytes as it arrives: reading stops (and the download is cancelled) past the cap. */
export async function readCapped(response: Awaited<ReturnType<FetchLike>>, maxBytes = MAX_PACK_BYTES): Promise<string> {
  if (!response.body) {
    const text = await response.text();
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > maxBytes) throw tooLarge(bytes);
    return text;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(received, true);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Fetch every subscribed pack URL with If-None-Match; verify and apply new versions. A failure (unreachable,
 * 304, rejected pack) is recorded on the subscription and changes nothing that is installed.
 */
export async function refreshPacks(
  db: CarebarDB,
  fetchImpl: FetchLike,
  opts: { policy?: ManagedPolicy; now?: number; timeoutMs?: number } = {},
): Promise<(PackResult & { url: string })[]> {
  const config = await readSnippetConfig(db, opts.policy);
  const results: (PackResult & { url: string })[] = [];
  for (const sub of config.subscriptions) {
    let result: PackResult;
    let updated = false;
    let etag = sub.etag;
    try {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 20_000);
      let response;
      try {
        response = await fetchImpl(sub.url, {
          headers: sub.etag ? { 'If-None-Match': sub.etag } : {},
          cache: 'no-store',
          signal: controller.signal,
        });
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 304) {
        result = { status: 'unchanged', packId: sub.packId, version: null, message: 'Not modified since the last check' };
      } else if (response.status !== 200) {
        throw new SnippetError(`The pack server answered HTTP ${response.status}`);
      } else {
        const length = Number(response.headers.get('content-length') ?? 0);
        if (length > MAX_PACK_BYTES) throw tooLarge(length);
        ({ result, updated } = await checkAndInstallPack(db, await readCapped(response), {
          policy: opts.policy,
          now: opts.now,
          expectedId: sub.packId ?? undefined,
        }));
        etag = response.headers.get('etag');
      }
    } catch (err) {
      const message =
        err instanceof PackRejectedError || err instanceof SnippetError
          ? err.message
          : `Could not reach ${sub.url}: ${(err as Error)?.name === 'AbortError' ? 'timed out' : ((err as Error)?.message ?? String(err))}`;
      result = { status: 'rejected', packId: sub.packId, version: null, message };
    }
    results.push({ ...result, url: sub.url });
    await updateConfig(db, (c) => {
      let stored = c.subscriptions.find((s) => s.url === sub.url);
      if (!stored) {
        // A managed URL is remembered locally too, for its ETag and status.
        stored = { ...sub };
        c.subscriptions.push(stored);
      }
      stored.lastCheckedAt = new Date(opts.now ?? Date.now()).toISOString();
      stored.lastResult = result.message;
      stored.lastError = result.status === 'rejected' ? result.message : null;
      if (result.status === 'installed') {
        stored.packId = result.packId;
        stored.etag = etag;
        if (updated) c.notices.push(result.message);
      } else if (result.status === 'unchanged' && etag) stored.etag = etag;
    });
  }
  return results;
}
