import * as v from 'valibot';
import { CHANNELS, ITEM_STATES } from '../model';
import { DEFAULT_SLA } from '../sla';
import type { EventRow, ItemRow } from '../db/types';
import type { CustomerCard } from '../db/customers';
import type { ImportReport } from '../db/backup';

// The one message API between content scripts / extension pages and the background.
// Every request is validated here before the background acts on it: content scripts run on hostile pages.

const ShortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
const NullableShortText = (max: number) => v.nullable(ShortText(max));

export const ItemKeySchema = v.pipe(
  v.string(),
  v.maxLength(200),
  // x:<digits> | facebook:<post id>[_<comment id>]; post ids are numeric or pfbid… tokens.
  v.regex(/^(x:\d{1,25}|facebook:[A-Za-z0-9]{1,120}(_\d{1,25})?)$/, 'not a Carebar item key'),
);

/** Permalinks are opened by agents: only https links to the post's own site. */
export const PERMALINK_HOSTS = {
  x: /^https:\/\/(x|twitter|mobile\.x|mobile\.twitter)\.com\//,
  facebook: /^https:\/\/(www|web|m)\.facebook\.com\//,
} as const;

const IsoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());

export const PostInfoSchema = v.pipe(
  v.object({
    channel: v.picklist(CHANNELS),
    postId: ShortText(160),
    key: ItemKeySchema,
    permalink: v.pipe(v.string(), v.maxLength(2000), v.url()),
    authorHandle: NullableShortText(100),
    authorName: NullableShortText(300),
    authorId: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,25}$/))),
    text: ShortText(50_000),
    postedAt: v.nullable(IsoTime),
    postedAtSource: v.picklist(['time-element', 'snowflake', 'parsed-text', 'unknown']),
    kind: v.picklist(['post', 'comment']),
    inReplyToKey: v.nullable(ItemKeySchema),
    addressees: v.pipe(v.array(ShortText(200)), v.maxLength(50)),
  }),
  v.check((p) => p.key === `${p.channel}:${p.postId}`, 'key must be channel:postId'),
  v.check((p) => PERMALINK_HOSTS[p.channel].test(p.permalink), 'permalink must be an https link on the channel’s site'),
);

const SlaPolicySchema = v.pipe(
  v.object({
    targetSec: v.pipe(v.number(), v.integer(), v.minValue(60), v.maxValue(30 * 86_400)),
    breachSec: v.pipe(v.number(), v.integer(), v.minValue(60), v.maxValue(60 * 86_400)),
  }),
  v.check((p) => p.targetSec <= p.breachSec, 'the target must come before the breach time'),
);

const HourMinute = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time as HH:MM'));
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const OpeningHours = v.optional(v.pipe(v.array(v.tuple([HourMinute, HourMinute])), v.maxLength(4)));
const BusinessHoursSchema = v.object({
  timeZone: v.pipe(v.string(), v.maxLength(64), v.check(isTimeZone, 'unknown time zone')),
  days: v.object({ sun: OpeningHours, mon: OpeningHours, tue: OpeningHours, wed: OpeningHours, thu: OpeningHours, fri: OpeningHours, sat: OpeningHours }),
});

/** A brand account: an X handle without @, or a Facebook page name / numeric id. */
const BrandAccount = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100), v.regex(/^[^\s<>"']+( [^\s<>"']+)*$/, 'a handle or page name'));

export const SettingsSchema = v.object({
  agentName: ShortText(100),
  agentInitials: ShortText(8),
  /** The team's own accounts: their posts are responses, posts to them are customer items. */
  brandAccounts: v.object({
    x: v.pipe(v.array(BrandAccount), v.maxLength(50)),
    facebook: v.pipe(v.array(BrandAccount), v.maxLength(50)),
  }),
  sla: v.object({ x: SlaPolicySchema, facebook: SlaPolicySchema }),
  businessHours: v.nullable(BusinessHoursSchema),
  /** Items moved to a DM are flagged when unresolved this long. */
  dmFollowUpHours: v.pipe(v.number(), v.minValue(1), v.maxValue(24 * 30)),
  /** No browser notifications for breaches. */
  quietNotifications: v.boolean(),
  /** The first-run setup was completed (or skipped). */
  setupDone: v.boolean(),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = {
  agentName: '',
  agentInitials: '',
  brandAccounts: { x: [], facebook: [] },
  sla: { x: { ...DEFAULT_SLA.x }, facebook: { ...DEFAULT_SLA.facebook } },
  businessHours: null,
  dmFollowUpHours: 24,
  quietNotifications: false,
  setupDone: false,
};

/**
 * Request types: `input` validates the payload; `privileged` requests are accepted only from the extension's own
 * pages, never from a content script.
 */
export const REQUESTS = {
  ping: { privileged: false, input: v.object({}) },
  'items.seen': { privileged: false, input: v.object({ posts: v.pipe(v.array(PostInfoSchema), v.maxLength(200)) }) },
  'items.get': { privileged: false, input: v.object({ keys: v.pipe(v.array(ItemKeySchema), v.maxLength(500)) }) },
  'items.setState': {
    privileged: false,
    input: v.object({ key: ItemKeySchema, to: v.picklist(ITEM_STATES), note: v.optional(NullableShortText(2000)) }),
  },
  /** A brand account's reply to an item appeared on the page (or the agent sent one): the item is answered. */
  'items.brandReplied': {
    privileged: false,
    input: v.object({
      key: ItemKeySchema,
      /** thread: the brand's reply is on the page; composer: the agent submitted the site's reply box. */
      source: v.picklist(['thread', 'composer']),
      replyKey: v.nullable(ItemKeySchema),
      by: NullableShortText(200),
      at: v.nullable(IsoTime),
    }),
  },
  'items.undo': { privileged: false, input: v.object({ eventId: v.pipe(v.string(), v.uuid()) }) },
  'items.history': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** Open items for the queue (side panel), optionally of one channel. */
  'items.queue': { privileged: false, input: v.object({ channel: v.optional(v.picklist(CHANNELS)) }) },
  /** The customer card of an item's author: local CRM record and our history with them. */
  'customers.card': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** The account the agent is signed in as on a site, as the page shows it (a hint for setup and warnings). */
  'accounts.seen': { privileged: false, input: v.object({ channel: v.picklist(CHANNELS), handle: v.pipe(ShortText(100), v.regex(/^[^\s<>"']+( [^\s<>"']+)*$/)) }) },
  'accounts.signedIn': { privileged: true, input: v.object({}) },
  'settings.get': { privileged: false, input: v.object({}) },
  'settings.update': { privileged: true, input: v.object({ settings: v.partial(SettingsSchema) }) },
  /** Reports page: items posted in [from, to) with their events, and all events in [from, to); everything without a range. */
  'reports.data': { privileged: true, input: v.object({ from: v.optional(IsoTime), to: v.optional(IsoTime) }) },
  /** Delete every item and event (after an export, or to start afresh). */
  'data.wipe': { privileged: true, input: v.object({ confirm: v.literal('delete all work data') }) },
  'backup.export': { privileged: true, input: v.object({ format: v.picklist(['json', 'csv']) }) },
  /** The export file's text (or its parsed JSON); validated by lib/db/backup.ts, which writes nothing when it is malformed. */
  'backup.import': { privileged: true, input: v.object({ document: v.unknown() }) },
} as const;

export type RequestType = keyof typeof REQUESTS;
export type RequestInput<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]['input']>;

export interface ResponseData {
  ping: { version: string; startedAt: string };
  'items.seen': { items: ItemRow[] };
  'items.get': { items: ItemRow[] };
  'items.setState': { item: ItemRow; event: EventRow };
  'items.brandReplied': { item: ItemRow | null };
  'items.undo': { item: ItemRow; event: EventRow };
  'items.history': { events: EventRow[] };
  'items.queue': { items: ItemRow[] };
  'customers.card': { card: CustomerCard | null };
  'accounts.seen': { ok: true };
  'accounts.signedIn': { accounts: Partial<Record<(typeof CHANNELS)[number], string>> };
  'settings.get': { settings: Settings };
  'settings.update': { settings: Settings };
  'reports.data': { items: ItemRow[]; events: EventRow[] };
  'data.wipe': { items: number; events: number };
  'backup.export': { json: string } | { itemsCsv: string; eventsCsv: string };
  'backup.import': ImportReport;
}

export type ErrorCode = 'invalid' | 'forbidden' | 'unknown-type' | 'not-found' | 'rejected' | 'storage' | 'internal';

export interface ErrorReply {
  ok: false;
  error: { code: ErrorCode; message: string; issues?: string[] };
}
export type Reply<T extends RequestType> = { ok: true; data: ResponseData[T] } | ErrorReply;

/** The envelope on the wire. */
export interface RequestMessage<T extends RequestType = RequestType> {
  carebar: 1;
  type: T;
  payload: RequestInput<T>;
}

/** Pushed from the background to every tab's port when items or settings change. */
export type ChangeNotice = { type: 'items.changed'; items: ItemRow[] } | { type: 'settings.changed'; settings: Settings };

export const CHANGES_PORT = 'carebar:changes';
