import type { Channel } from '../../../lib/shared/model';

// Reading what an agent types as brand accounts: one per line (or comma-separated), in the forms people copy.

export interface ParsedAccounts {
  accounts: string[];
  /** Entries that are not an account, with why. */
  problems: string[];
}

const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
const FB_NAME = /^[A-Za-z0-9.]{5,80}$/;
const FB_ID = /^\d{5,25}$/;

/** One X entry: `@Handle`, `Handle` or `https://x.com/Handle` → `Handle`. */
function xAccount(entry: string): string | null {
  const url = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:x|twitter)\.com\/([^/?#\s]+)/i.exec(entry);
  const handle = (url ? url[1] : entry).replace(/^@/, '');
  return X_HANDLE.test(handle) ? handle : null;
}

/**
 * One Facebook entry: a Page username (`AcmeSupport`), its address (`facebook.com/AcmeSupport`,
 * `facebook.com/profile.php?id=1000…`) or its numeric id → username or id.
 */
function facebookAccount(entry: string): string | null {
  const url = /^(?:https?:\/\/)?(?:www\.|web\.|m\.)?facebook\.com\/(.+)$/i.exec(entry);
  if (url) {
    const rest = url[1];
    const id = /^(?:profile\.php\?(?:.*&)?id=|people\/[^/]+\/)(\d{5,25})/.exec(rest);
    if (id) return id[1];
    const name = /^(?:pg\/)?([A-Za-z0-9.]+)\/?(?:[?#].*)?$/.exec(rest);
    return name && FB_NAME.test(name[1]) ? name[1] : null;
  }
  const bare = entry.replace(/^@/, '');
  return FB_ID.test(bare) || FB_NAME.test(bare) ? bare : null;
}

export function parseAccounts(channel: Channel, text: string): ParsedAccounts {
  const accounts: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[\n,]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const account = channel === 'x' ? xAccount(entry) : facebookAccount(entry);
    if (!account) {
      problems.push(
        channel === 'x'
          ? `“${entry}” is not an X handle (letters, digits and _ , up to 15)`
          : `“${entry}” is not a Page username, Page address or numeric Page id`,
      );
    } else if (!accounts.some((a) => a.toLowerCase() === account.toLowerCase())) accounts.push(account);
  }
  return { accounts, problems };
}

/** Initials from a name: "Sam Rivera" → "SR". */
export function initialsFrom(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => w[0].toUpperCase())
    .join('')
    .slice(0, 3);
}
