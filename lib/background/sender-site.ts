import { CHANNELS, type Channel } from '../shared/model';
import { FACEBOOK_MATCHES, X_MATCHES } from '../shared/sites/matches';

// Which site a content script speaks for: the host of the document that sent the request, matched against the
// content scripts' own match patterns (lib/shared/sites/matches.ts, the list the manifest is built from). A host
// added there (pro.x.com…) is accepted here without another edit.

const CHANNEL_MATCHES: Record<Channel, readonly string[]> = { x: X_MATCHES, facebook: FACEBOOK_MATCHES };

/** A WebExtension match pattern (`https://*.example.com/*`) as a test on a URL. */
export function matchPattern(pattern: string): (url: URL) => boolean {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return () => false;
  const [, scheme, host, path] = m;
  const pathRe = new RegExp(`^${path.split('*').map(escapeRe).join('.*')}$`);
  return (url) => {
    const protocol = url.protocol.slice(0, -1);
    if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
    const hostname = url.hostname.toLowerCase();
    if (host !== '*') {
      if (host.startsWith('*.')) {
        const domain = host.slice(2).toLowerCase();
        if (hostname !== domain && !hostname.endsWith(`.${domain}`)) return false;
      } else if (hostname !== host.toLowerCase()) return false;
    }
    return pathRe.test(url.pathname + url.search);
  };
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const MATCHERS = CHANNELS.map((channel) => ({ channel, tests: CHANNEL_MATCHES[channel].map(matchPattern) }));

/** The channel whose content script runs on this page, or null for any other page. */
export function channelOfPage(href: string | undefined): Channel | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return MATCHERS.find((m) => m.tests.some((test) => test(url)))?.channel ?? null;
}

const KEY_FIELDS = new Set(['key', 'replyKey', 'inReplyToKey']);
const channelOfKey = (key: string): string => key.slice(0, key.indexOf(':'));

/**
 * Every channel a validated request payload names: `channel` fields and the channel prefix of item keys (`key`,
 * `keys`, `replyKey`, `inReplyToKey`), at any depth. `dm` (the snippet channel for private messages) is no site.
 */
export function channelsNamed(input: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 6 || input === null || typeof input !== 'object') return found;
  if (Array.isArray(input)) {
    for (const entry of input) channelsNamed(entry, found, depth + 1);
    return found;
  }
  for (const [name, value] of Object.entries(input)) {
    if (name === 'channel' && typeof value === 'string' && value !== 'dm') found.add(value);
    else if (KEY_FIELDS.has(name) && typeof value === 'string') found.add(channelOfKey(value));
    else if (name === 'keys' && Array.isArray(value)) {
      for (const k of value) if (typeof k === 'string') found.add(channelOfKey(k));
    } else channelsNamed(value, found, depth + 1);
  }
  return found;
}
