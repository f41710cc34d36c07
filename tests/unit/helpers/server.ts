import type { ServerContext } from '../../../lib/background/server';
import type { CarebarDB } from '../../../lib/background/db/schema';

export const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;

/** The background's context as a test server sees it: this extension's id and origin, a fixed start time. */
export function serverContext(db: CarebarDB, extra: Partial<ServerContext> = {}): ServerContext {
  return {
    db,
    runtimeId: RUNTIME_ID,
    extensionOrigin: ORIGIN,
    version: '0.1.0',
    startedAt: '2026-11-27T00:00:00.000Z',
    broadcast: () => {},
    ...extra,
  };
}
