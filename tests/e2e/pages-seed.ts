import type { Page } from '@playwright/test';
import { callApi } from './api';

/** A customer post as a content script reports it (X), posted `minutesAgo` before `now`. */
export function xPost(
  id: string,
  minutesAgo: number,
  o: { handle?: string; name?: string; text?: string; inReplyTo?: string; now?: number } = {},
) {
  const now = o.now ?? Date.now();
  const handle = o.handle ?? `customer${id}`;
  return {
    channel: 'x',
    postId: id,
    key: `x:${id}`,
    permalink: `https://x.com/${handle}/status/${id}`,
    authorHandle: handle,
    authorName: o.name ?? `Customer ${id}`,
    authorId: null,
    text: o.text ?? `@AcmeSupport question ${id}`,
    postedAt: new Date(now - minutesAgo * 60_000).toISOString(),
    postedAtSource: 'time-element',
    kind: 'post',
    inReplyToKey: o.inReplyTo ? `x:${o.inReplyTo}` : null,
    addressees: ['AcmeSupport'],
  };
}

/** Record posts as seen, through the real message API from an extension page. */
export async function seePosts(extensionPage: Page, posts: ReturnType<typeof xPost>[]): Promise<void> {
  const reply = await callApi(extensionPage, 'items.seen', { posts });
  if (!reply.ok) throw new Error(`items.seen failed: ${JSON.stringify(reply)}`);
}

export async function stateOf(extensionPage: Page, key: string): Promise<string | undefined> {
  const reply = await callApi(extensionPage, 'items.get', { keys: [key] });
  return reply.data.items[0]?.state;
}
