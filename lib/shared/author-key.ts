import type { Channel } from './model';

// An author's identity keys, lower-cased: `x:handle` or `facebook:id:123`. The same shape is stored as
// ItemRow.authorKey and CustomerRow.handles, and keys the toolbar badges: computed here only.

export interface AuthorRef {
  channel: Channel;
  handle: string | null;
  id: string | null;
}

export function identityKeys({ channel, handle, id }: AuthorRef): { handleKey: string | null; idKey: string | null } {
  return {
    handleKey: handle ? `${channel}:${handle.replace(/^@/, '').toLowerCase()}` : null,
    idKey: id ? `${channel}:id:${id}` : null,
  };
}

/** The author's key: by handle when the page shows one, else by numeric id. */
export function authorKey(author: AuthorRef): string | null {
  const { handleKey, idKey } = identityKeys(author);
  return handleKey ?? idKey;
}
