import type { PostInfo } from './model';
import type { SignedInAccount } from './sites/types';

/** An account as written anywhere ("@AcmeSupport", " acmesupport") in the one form Carebar compares. */
export const normalizeAccount = (s: string | null | undefined) => (s ?? '').trim().replace(/^@/, '').toLowerCase();
const norm = normalizeAccount;

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
 * signed-in account is an item.
 */
export function classifyPost(post: PostInfo, brandAccounts: string[], signedIn: SignedInAccount | null): ItemVerdict {
  const brands = new Set(
    (brandAccounts.length ? brandAccounts : [signedIn?.handle, signedIn?.name, signedIn?.id]).filter((b): b is string => !!b).map(norm),
  );
  const authoredByBrand = [post.authorHandle, post.authorName, post.authorId].some((a) => a && brands.has(norm(a)));
  if (authoredByBrand) return 'brand';
  if (brandAccounts.length === 0) return 'item';
  return post.addressees.some((a) => brands.has(norm(a))) ? 'item' : 'unrelated';
}
