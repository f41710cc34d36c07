// Which posts are the team's to answer. Kept apart from the setup's account parsing (customer-items.ts): brand accounts
// are stored in their one form (a handle or numeric id: settings.update, the managed policy and the v8 migration
// normalize them), so a content script needs no account parser at all.
import { mentionsKeyword } from './listening';
import type { PostInfo } from './model';
import type { SignedInAccount } from './sites/types';

/** An account as written anywhere ("@AcmeSupport", " acmesupport") in the one form Carebar compares. */
export const normalizeAccount = (s: string | null | undefined) => (s ?? '').trim().replace(/^@/, '').toLowerCase();

export type ItemVerdict =
  /** A customer item: it gets a toolbar and a timer. */
  | 'item'
  /** Posted by one of the team's accounts: a response, not an item. */
  | 'brand'
  /** Neither by nor addressed to the brand. */
  | 'unrelated';

/**
 * Is this post something the team must answer? Someone other than a brand account mentions or replies to a brand
 * account, or comments on a brand page's post. With no brand accounts set yet, every post by someone other than the
 * signed-in account is an item. A post is the brand's only by its author's handle or numeric id, never by the
 * display name (issue 11: a troll named "AcmeSupport" must not close a customer's item). Listening beyond the handle
 * (issue 17): a post by someone else that names one of the team's brand keywords (whole words, any case) is an item
 * even without a mention of a brand account.
 *
 * The brand's identities are worked out once per call here, not once per post. `brandAccounts` are in their stored
 * form (lib/shared/customer-items.ts normalizeBrandAccount: a handle or numeric id).
 */
export function createItemClassifier(
  brandAccounts: readonly string[],
  signedIn: SignedInAccount | null,
  keywords: readonly string[] = [],
): (post: PostInfo) => ItemVerdict {
  const identities = brandAccounts.length ? brandAccounts : [signedIn?.handle, signedIn?.id];
  const brands = new Set(identities.filter((b): b is string => !!b).map(normalizeAccount));
  return (post) => {
    if ([post.authorHandle, post.authorId].some((a) => a && brands.has(normalizeAccount(a)))) return 'brand';
    if (brandAccounts.length === 0) return 'item';
    if (post.addressees.some((a) => brands.has(normalizeAccount(a)))) return 'item';
    return mentionsKeyword(post.text, keywords) ? 'item' : 'unrelated';
  };
}
