import { identityKeys } from '../shared/author-key';
import type { RequestType } from '../shared/messaging/protocol';
import { cardGrant } from './card-tokens';
import { customerCard } from './db/customers';
import type { SenderInfo, ServerContext } from './handlers/context';
import { channelOfPage, channelsNamed } from './sender-site';

// Who may ask what, beyond the request rules (privileged / extensionDocument): a content script speaks for the site
// its page is on (issue 11, finding 7), a customer card framed into a page for the item its toolbar opened it for
// (finding 3). Extension pages in their own tab (options, side panel, reports) are not limited here.

/** A sender is one of our own extension pages (options, side panel…), not a content script on a web page. */
export function isExtensionPage(sender: SenderInfo, extensionOrigin: string): boolean {
  if (!sender.url?.startsWith(extensionOrigin)) return false;
  // An extension page opened in a tab has sender.tab; that tab must then show an extension page too.
  return !sender.tab || (sender.tab.url?.startsWith(extensionOrigin) ?? false);
}

const SITE_LABEL: Record<string, string> = { x: 'X', facebook: 'Facebook' };

/** Why this sender may not make this (validated) request, or null. May narrow `input` (a content script's queue). */
export async function siteProblem(
  type: RequestType,
  input: Record<string, unknown>,
  sender: SenderInfo,
  cardToken: unknown,
  ctx: ServerContext,
): Promise<string | null> {
  if (type === 'ping') return null;
  if (sender.url?.startsWith(ctx.extensionOrigin)) {
    if (isExtensionPage(sender, ctx.extensionOrigin)) return null;
    return cardProblem(type, input, sender, cardToken, ctx);
  }
  const channel = channelOfPage(sender.url ?? sender.tab?.url);
  if (!channel) return `${type} is accepted only from Carebar's pages and from the sites it runs on`;
  if (type === 'items.queue' && input.channel === undefined) input.channel = channel;
  for (const named of channelsNamed(input)) {
    if (named !== channel) return `${type}: a ${SITE_LABEL[channel]} page cannot act on ${SITE_LABEL[named] ?? 'unknown'} items`;
  }
  if (type === 'items.undo') {
    const event = await ctx.db.events.get(String(input.eventId));
    if (event && !event.itemKey.startsWith(`${channel}:`))
      return `${type}: a ${SITE_LABEL[channel]} page cannot undo another site's change`;
  }
  return null;
}

/**
 * An extension document in a web page's tab is the customer card framed by a toolbar. It acts only with the token
 * the background gave that toolbar (tab and item bound), and only on that item's author and their customer.
 */
async function cardProblem(
  type: RequestType,
  input: Record<string, unknown>,
  sender: SenderInfo,
  cardToken: unknown,
  ctx: ServerContext,
): Promise<string | null> {
  const grant = await cardGrant(ctx.db, cardToken, sender.tab?.id);
  if (!grant) return 'This customer card was not opened by Carebar’s toolbar in this tab: reopen it from the post';
  if (!type.startsWith('customers.') || type === 'customers.cardToken') return `${type} is not a customer card request`;
  const another = 'This customer card was opened for another post: reopen it from the post';
  if ((type === 'customers.card' || type === 'customers.remoteNote') && input.key !== grant.key) return another;
  if (type === 'customers.search' || type === 'customers.badge' || type === 'customers.card' || type === 'customers.remoteNote')
    return null;
  const card = await customerCard(ctx.db, grant.key);
  if (!card) return another;
  const { item } = card;
  const author = identityKeys({ channel: item.channel, handle: item.authorHandle, id: item.authorId });
  const authorKeys = new Set([author.handleKey, author.idKey, item.authorKey].filter((k): k is string => !!k));
  const ofAuthor = typeof input.identityKey === 'string' && authorKeys.has(input.identityKey);
  const ofCustomer = typeof input.customerId === 'string' && input.customerId === card.customer?.id;
  if (type === 'customers.link' && ofAuthor) return null;
  if ((type === 'customers.unlink' || type === 'customers.note') && ofCustomer) return null;
  if (type === 'customers.forget' && (input.customerId === undefined ? ofAuthor : ofCustomer)) return null;
  return another;
}
