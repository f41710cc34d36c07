import * as v from 'valibot';
import { ITEM_STATES } from '../model';
import { NAME_RE } from './names';

// What team members write to the server, validated on the way in: a value written by another client (an older
// Carebar, a script, an attacker with team credentials) is parsed, never trusted. A value that does not parse is
// ignored and reported, not applied.

const Iso = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const Name = v.pipe(v.string(), v.regex(NAME_RE));
const DisplayName = v.pipe(v.string(), v.maxLength(80));
const ItemKey = v.pipe(v.string(), v.minLength(3), v.maxLength(300), v.regex(/^[a-z]+:[^\s]+$/));
const OpId = v.pipe(v.string(), v.minLength(8), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const State = v.picklist(ITEM_STATES);

/** One item's shared state: the KV value under `kvKeyForItem(item key)`. */
export const TeamItemSchema = v.object({
  v: v.literal(1),
  state: State,
  /** The user holding the claim, or null. */
  holder: v.nullable(Name),
  holderName: v.nullable(DisplayName),
  claimedAt: v.nullable(Iso),
  /** Earliest first response any agent recorded (the "earliest wins" rule). */
  firstResponseAt: v.nullable(Iso),
  updatedAt: Iso,
  updatedBy: Name,
  /** Id of the outbox operation that wrote this revision: how a timed-out write is found to have landed. */
  op: OpId,
  /** When the customer posted (for the team's response times); the first writer that knows it sets it. */
  postedAt: v.optional(v.nullable(Iso)),
  /** Who gave the earliest first response. */
  firstResponder: v.optional(v.nullable(Name)),
});
export type TeamItem = v.InferOutput<typeof TeamItemSchema>;

export const EVENT_KIND_RE = /^[a-z][a-z0-9-]{0,31}$/;

/** One team event (the local EventRow plus who and what kind); JSON in the events stream, msgID = id. */
export const TeamEventSchema = v.object({
  v: v.literal(1),
  id: OpId,
  kind: v.pipe(v.string(), v.regex(EVENT_KIND_RE)),
  itemKey: v.nullable(ItemKey),
  at: Iso,
  user: Name,
  from: v.optional(v.nullable(State)),
  to: v.optional(v.nullable(State)),
  note: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(2000)))),
  /** Small kind-specific payload (e.g. an interaction's reply text); at most 8 KB as JSON. */
  data: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown()),
      v.check((d) => JSON.stringify(d).length <= 8192, 'data larger than 8 KB'),
    ),
  ),
});
export type TeamEvent = v.InferOutput<typeof TeamEventSchema>;

export const ACTIVITIES = ['viewing', 'typing', 'idle'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** A presence beat on `carebar.<team>.presence.<user>`. */
export const PresenceBeatSchema = v.object({
  v: v.literal(1),
  user: Name,
  name: DisplayName,
  itemKey: v.nullable(ItemKey),
  activity: v.picklist(ACTIVITIES),
  /** The sender's beat interval, so receivers expire it after a few missed beats whatever their own setting. */
  beatMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(60_000)),
  /** True on the last beat of a session (signing out, stopping). */
  bye: v.optional(v.boolean()),
});
export type PresenceBeat = v.InferOutput<typeof PresenceBeatSchema>;

/** The team's settings, under the KV key `cfg`; written by `npm run team -- init` or a supervisor. */
export const TeamConfigSchema = v.object({
  v: v.literal(1),
  /** A claim whose holder has shown no presence for this long is stale and can be taken over. */
  staleAfterMs: v.pipe(v.number(), v.integer(), v.minValue(5_000), v.maxValue(86_400_000)),
  /** Presence beat interval. */
  beatMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(20_000)),
});
export type TeamConfig = v.InferOutput<typeof TeamConfigSchema>;

export const DEFAULT_TEAM_CONFIG: TeamConfig = { v: 1, staleAfterMs: 10 * 60_000, beatMs: 5000 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses JSON bytes against a schema; the reason names the first problem (for the malformed-value report). */
export function parseJson<T>(schema: v.GenericSchema<unknown, T>, bytes: Uint8Array): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = v.safeParse(schema, raw);
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
