import { mentionsKeyword } from './listening';
import type { Channel, PostInfo } from './model';
import type { SignedInAccount } from './sites/types';
import { facebookBrandAccount } from './sites/facebook-urls';
import { xBrandAccount } from './sites/x-urls';

/** An account as written anywhere ("@AcmeSupport", " acmesupport") in the one form Carebar compares. */
export const normalizeAccount = (s: string | null | undefined) => (s ?? '').trim().replace(/^@/, '').toLowerCase();
const norm = normalizeAccount;

/**
 * A brand account as the setup accepts it, in its one stored form (case kept), or null when it is not one.
 * X: a handle or profile URL. Facebook: the Page's username, its URL (…/AcmeSupport, …/profile.php?id=…,
 * …/people/Name/…) or its numeric id. Never a display name: names are not unique, anyone can take "Acme Support".
 */
export function normalizeBrandAccount(channel: Channel, input: string): string | null {
  return channel === 'x' ? xBrandAccount(input) : facebookBrandAccount(input);
}

/** What the setup says about the forms it accepts, per channel. */
export const BRAND_ACCOUNT_FORMS: Record<Channel, string> = {
  x: 'an X handle (AcmeSupport or @AcmeSupport) or profile URL (https://x.com/AcmeSupport)',
  facebook: 'a Facebook page username, page URL or numeric id (AcmeSupport, https://www.facebook.com/AcmeSupport, 100064123456789)',
};

/**
 * What an agent types as brand accounts (one per line or comma-separated, in any accepted form) → the accounts in
 * their stored form, once each, and one message per entry that is not an account.
 */
export function parseBrandAccounts(channel: Channel, text: string): { accounts: string[]; problems: string[] } {
  const accounts: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[\n,]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const account = normalizeBrandAccount(channel, entry);
    if (account === null) problems.push(`“${entry.slice(0, 80)}” is not ${BRAND_ACCOUNT_FORMS[channel]}`);
    else if (!accounts.some((a) => norm(a) === norm(account))) accounts.push(account);
  }
  return { accounts, problems };
}

/** One message per entry that is not an accepted form (empty when all are). */
export function brandAccountProblems(accounts: Partial<Record<Channel, string[]>>): string[] {
  const problems: string[] = [];
  for (const [channel, list] of Object.entries(accounts) as [Channel, string[]][]) {
    for (const entry of list ?? []) {
      if (normalizeBrandAccount(channel, entry) === null) {
        problems.push(
          `brandAccounts.${channel}: "${entry.slice(0, 80)}" is not ${BRAND_ACCOUNT_FORMS[channel]}; display names are not accepted`,
        );
      }
    }
  }
  return problems;
}

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
 * display name (issue 11: a troll named "AcmeSupport" must not close a customer's item).
 */
export function classifyPost(post: PostInfo, brandAccounts: string[], signedIn: SignedInAccount | null): ItemVerdict {
  const identities = brandAccounts.length
    ? brandAccounts.map((b) => normalizeBrandAccount(post.channel, b))
    : [signedIn?.handle, signedIn?.id].map((b) => (b ? normalizeBrandAccount(post.channel, b) : null));
  const brands = new Set(identities.filter((b): b is string => !!b).map(norm));
  const authoredByBrand = [post.authorHandle, post.authorId].some((a) => a && brands.has(norm(a)));
  if (authoredByBrand) return 'brand';
  if (brandAccounts.length === 0) return 'item';
  return post.addressees.some((a) => brands.has(norm(a))) ? 'item' : 'unrelated';
}

/**
 * Listening beyond the handle (issue 17): a post by someone else that names one of the team's brand keywords (whole
 * words, any case) is an item even without a mention of a brand account.
 */
export function classifyWithKeywords(
  post: PostInfo,
  brandAccounts: string[],
  signedIn: SignedInAccount | null,
  keywords: readonly string[],
): ItemVerdict {
  const verdict = classifyPost(post, brandAccounts, signedIn);
  return verdict === 'unrelated' && mentionsKeyword(post.text, keywords) ? 'item' : verdict;
}
