// Team mode naming: which NATS subjects, KV bucket and stream a team uses, and how item keys become KV keys.
// The server configuration (team/nats-server.conf) grants each agent rights on exactly these names, so they are the
// contract between Carebar and the server admin: change them only together with that file and scripts/team.mjs.

/** A team or user name: a single NATS subject token, lower-case, so it can be used in subjects and permissions. */
export const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

export interface TeamNames {
  team: string;
  /** KV bucket with one key per item (claims, state, first response) and the team config key. */
  bucket: string;
  /** The stream JetStream keeps the bucket in. */
  bucketStream: string;
  /** Stream of the team's events (audit trail, reports). */
  eventStream: string;
  /** `carebar.<team>.ev.>`: the events stream's subjects. */
  eventSubjects: string;
  /** `carebar.<team>.presence.*` */
  presenceWildcard: string;
}

export function teamNames(team: string): TeamNames {
  if (!isValidName(team)) throw new Error(`invalid team name: ${JSON.stringify(team)}`);
  const bucket = `carebar-${team}`;
  return {
    team,
    bucket,
    bucketStream: `KV_${bucket}`,
    eventStream: `carebar-${team}-events`,
    eventSubjects: `carebar.${team}.ev.>`,
    presenceWildcard: `carebar.${team}.presence.*`,
  };
}

/** Presence beats of one user: only that user may publish here (see team/nats-server.conf). */
export function presenceSubject(team: string, user: string): string {
  return `carebar.${team}.presence.${user}`;
}

/**
 * An event's subject: `carebar.<team>.ev.<customer token>.<user>.<kind>`. The user token lets the server refuse an
 * agent publishing as someone else; the customer token lets "forget this customer" purge that customer's events.
 */
export function eventSubject(team: string, customerToken: string | null, user: string, kind: string): string {
  return `carebar.${team}.ev.${customerToken ?? '_'}.${user}.${kind}`;
}

/** The tokens of an event subject, or null when it is not one. */
export function parseEventSubject(subject: string): { team: string; customer: string | null; user: string; kind: string } | null {
  const parts = subject.split('.');
  if (parts.length !== 6 || parts[0] !== 'carebar' || parts[2] !== 'ev') return null;
  return { team: parts[1], customer: parts[3] === '_' ? null : parts[3], user: parts[4], kind: parts[5] };
}

export function eventCustomerFilter(team: string, customerToken: string): string {
  return `carebar.${team}.ev.${customerToken}.>`;
}

/** Inbox prefix of one agent: replies and push-consumer deliveries only this agent may subscribe to. */
export function inboxPrefix(team: string, user: string): string {
  return `_INBOX.${team}.${user}`;
}

/** KV key of the team's settings (stale-claim time, presence beat). */
export const CONFIG_KEY = 'cfg';
const ITEM_PREFIX = 'i.';

/**
 * `x:1234` → `i.x=3a1234`. KV keys allow `[-/_=.a-zA-Z0-9]`; dots make hierarchy, so everything outside
 * `[A-Za-z0-9_-]` is written `=xx` (UTF-8 bytes in hex). Reversible, readable for the usual `channel:digits` keys.
 */
export function kvKeyForItem(itemKey: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(itemKey)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `=${byte.toString(16).padStart(2, '0')}`;
  }
  return ITEM_PREFIX + out;
}

/** The item key of a KV key, or null when the key is not an item's (or not one Carebar wrote). */
export function itemKeyFromKv(kvKey: string): string | null {
  if (!kvKey.startsWith(ITEM_PREFIX)) return null;
  const body = kvKey.slice(ITEM_PREFIX.length);
  if (!/^(?:[A-Za-z0-9_-]|=[0-9a-f]{2})+$/.test(body)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '=') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(body.charCodeAt(i));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/**
 * A customer's token in event subjects: the first 16 hex digits of SHA-256(team + customer key). The stream never
 * carries the handle in its subjects, yet "forget this customer" can purge exactly that customer's events.
 */
export async function customerToken(team: string, customerKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${team}\n${customerKey.toLowerCase()}`));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
