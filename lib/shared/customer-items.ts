import { createItemClassifier, normalizeAccount, type ItemVerdict } from './item-verdict';
import type { Channel, PostInfo } from './model';
import type { Settings } from './settings';
import type { SignedInAccount } from './sites/types';
import { facebookBrandAccount } from './sites/facebook-urls';
import { xBrandAccount } from './sites/x-urls';

export type { ItemVerdict };
const norm = normalizeAccount;

/**
 * A brand account as the setup accepts it, in its one stored form (case kept), or null when it is not one.
 * X: a handle or profile URL. Facebook: the Page's username, its URL (…/AcmeSupport, …/profile.php?id=…,
 * …/people/Name/…) or its numeric id. Never a display name: names are not unique, anyone can take "Acme Support".
 */
export function normalizeBrandAccount(channel: Channel, input: string): string | null {
  return channel === 'x' ? xBrandAccount(input) : facebookBrandAccount(input);
}

/** Brand accounts in their stored form, once each; entries that are no account go. */
export function storedBrandAccounts(accounts: Settings['brandAccounts']): Settings['brandAccounts'] {
  const one = (channel: Channel) => [
    ...new Set((accounts[channel] ?? []).map((a) => normalizeBrandAccount(channel, a)).filter((a): a is string => a !== null)),
  ];
  return { x: one('x'), facebook: one('facebook') };
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

/** Is this post the team's to answer, for one channel's brand accounts (see createItemClassifier)? */
export function classifyPost(post: PostInfo, brandAccounts: string[], signedIn: SignedInAccount | null): ItemVerdict {
  return classifyWithKeywords(post, brandAccounts, signedIn, []);
}

/** classifyPost, with the team's brand keywords (issue 17). */
export function classifyWithKeywords(
  post: PostInfo,
  brandAccounts: string[],
  signedIn: SignedInAccount | null,
  keywords: readonly string[],
): ItemVerdict {
  // Accounts in any accepted form (the stored one is the parsed one): anything that is not an account counts for nothing.
  const stored = brandAccounts.map((a) => normalizeBrandAccount(post.channel, a)).filter((a): a is string => a !== null);
  return createItemClassifier(stored, signedIn, keywords)(post);
}
