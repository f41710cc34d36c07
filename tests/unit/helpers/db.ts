import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type CarebarDB } from '../../../lib/background/db/schema';
import type { PostInfo } from '../../../lib/shared/model';

/** A fresh, empty IndexedDB per call (fake-indexeddb), optionally declared only up to an older schema version. */
export function freshFactory() {
  return new IDBFactory();
}

export function openDb(factory: IDBFactory, upTo?: number): CarebarDB {
  return createDatabase({ upTo, dexieOptions: { indexedDB: factory, IDBKeyRange } });
}

export function post(overrides: Partial<PostInfo> & { postId: string }): PostInfo {
  const channel = overrides.channel ?? 'x';
  return {
    channel,
    key: `${channel}:${overrides.postId}`,
    permalink: `https://x.com/jane/status/${overrides.postId}`,
    authorHandle: 'jane',
    authorName: 'Jane Doe',
    authorId: null,
    text: 'My order never arrived @AcmeSupport',
    postedAt: '2026-11-27T10:00:00.000Z',
    postedAtSource: 'time-element',
    kind: 'post',
    inReplyToKey: null,
    addressees: ['AcmeSupport'],
    ...overrides,
  };
}
