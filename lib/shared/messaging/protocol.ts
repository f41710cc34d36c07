import * as v from 'valibot';
import { CHANNELS, ITEM_STATES } from '../model';
import { DEFAULT_SLA } from '../sla';
import type { EventRow, ItemRow } from '../records';
import type { CustomerCard } from '../../background/db/customers';
import type { ImportReport } from '../../background/db/backup';
import { DEFAULT_ORDER_PATTERNS } from '../detect/order-patterns';
import type { DetectReason, Finding, GuardProblem } from '../detect/types';
import type { PackResult, PackSummary, SnippetConfig, SnippetOption, SnippetView } from '../../background/db/snippets';
import type { LengthReport } from '../snippets/length';
import type { EncryptedKeyFile, SigningKeyInfo } from '../snippets/signing-keys';
import type { CustomerBadge } from '../../background/db/customers';
import type { WriteReport } from '../../background/crm/store';
import { ConnectorConfigSchema, CustomerIdSchema, IdentityKeySchema, ImportChunkSchema, type ConnectorConfig } from '../crm/schemas';

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

/** A team's regex for order / account / booking numbers: must compile (JS syntax, matched with flags giu). */
const OrderPattern = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(2000), // the built-in multilingual default alone is ~700 characters
  v.check((source) => {
    try {
      new RegExp(source, 'giu');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression'),
);
const DetectionSettingsSchema = v.object({
  /** Order / account / booking number patterns; group 1 (if any) is the number. */
  orderPatterns: v.pipe(v.array(OrderPattern), v.maxLength(20)),
  /** Public replies must carry the agent's initials (e.g. ^AB). */
  requireInitials: v.boolean(),
  /** Phrases the team considers too generic for a public reply. */
  genericPhrases: v.pipe(v.array(v.pipe(v.string(), v.minLength(3), v.maxLength(300))), v.maxLength(50)),
});
export const DEFAULT_DETECTION_SETTINGS: v.InferOutput<typeof DetectionSettingsSchema> = {
  orderPatterns: DEFAULT_ORDER_PATTERNS,
  requireInitials: false,
  genericPhrases: ["We're sorry to hear about your experience", 'We apologise for any inconvenience', 'Sorry for the inconvenience', 'Lamentamos las molestias', 'Wir bedauern die Unannehmlichkeiten'],
};

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
  /** Move-to-DM detection and the reply guard (issue 6). */
  detection: DetectionSettingsSchema,
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
  detection: DEFAULT_DETECTION_SETTINGS,
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
  'customers.card': { privileged: false, extensionDocument: true, input: v.object({ key: ItemKeySchema }) },
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
  /** The export file's text (or its parsed JSON); validated by lib/background/db/backup.ts, which writes nothing when it is malformed. */
  'backup.import': { privileged: true, input: v.object({ document: v.unknown() }) },
  // Snippets and packs (issue 5). The content script gets search results and filled text, never the customer record.
  'snippets.search': {
    privileged: false,
    input: v.object({
      query: ShortText(200),
      channel: v.picklist(['x', 'facebook', 'dm']),
      /** The post being answered: its author and CRM first name fill the previews. */
      key: v.nullable(ItemKeySchema),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50))),
    }),
  },
  /** Fill one snippet for a post with the agent's answers to its questions; the result is what gets inserted. */
  'snippets.render': {
    privileged: false,
    input: v.object({
      id: ShortText(200),
      key: v.nullable(ItemKeySchema),
      channel: v.picklist(['x', 'facebook', 'dm']),
      answers: v.pipe(v.record(ShortText(80), ShortText(2000)), v.check((r) => Object.keys(r).length <= 20, 'too many answers')),
      /** Text already in the composer, for the length check of the result. */
      existing: v.optional(ShortText(20_000)),
    }),
  },
  'snippets.used': { privileged: false, input: v.object({ id: ShortText(200) }) },
  /** Reply length as the channel counts it (X: twitter-text weighted length). */
  'text.length': { privileged: false, input: v.object({ channel: v.picklist(['x', 'facebook', 'dm']), text: ShortText(50_000) }) },
  'snippets.list': { privileged: true, input: v.object({}) },
  'snippets.savePersonal': {
    privileged: true,
    input: v.object({
      id: v.optional(ShortText(200)),
      title: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
      body: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)),
      channels: v.pipe(v.array(v.picklist(['x', 'facebook', 'dm'])), v.minLength(1), v.maxLength(3)),
      tags: v.pipe(v.array(ShortText(40)), v.maxLength(20)),
      locale: v.optional(v.nullable(ShortText(20))),
    }),
  },
  'snippets.deletePersonal': { privileged: true, input: v.object({ id: ShortText(200) }) },
  'packs.list': { privileged: true, input: v.object({}) },
  /** Install a pack file (its text or parsed JSON); checked like a downloaded one. */
  'packs.install': { privileged: true, input: v.object({ document: v.unknown() }) },
  'packs.rollback': { privileged: true, input: v.object({ id: ShortText(80) }) },
  'packs.remove': { privileged: true, input: v.object({ id: ShortText(80) }) },
  'packs.subscribe': { privileged: true, input: v.object({ url: v.pipe(v.string(), v.maxLength(2000), v.url()) }) },
  'packs.unsubscribe': { privileged: true, input: v.object({ url: v.pipe(v.string(), v.maxLength(2000)) }) },
  'packs.refresh': { privileged: true, input: v.object({}) },
  'packs.trustKey': { privileged: true, input: v.object({ label: ShortText(120), jwk: v.unknown() }) },
  'packs.untrustKey': { privileged: true, input: v.object({ keyId: ShortText(60) }) },
  'packs.setApprovedOnly': { privileged: true, input: v.object({ approvedOnly: v.boolean() }) },
  /** Supervisor: signing keys live as non-extractable CryptoKeys in the background's IndexedDB. */
  'supervisor.keys': { privileged: true, input: v.object({}) },
  /** The password encrypts the key's backup file (the only form in which the private key ever leaves). */
  'supervisor.generateKey': { privileged: true, input: v.object({ label: ShortText(120), password: v.pipe(v.string(), v.minLength(10, 'a backup password of at least 10 characters'), v.maxLength(200)) }) },
  'supervisor.exportKey': { privileged: true, input: v.object({ keyId: ShortText(60) }) },
  'supervisor.importKey': { privileged: true, input: v.object({ file: v.unknown(), password: v.pipe(v.string(), v.maxLength(200)) }) },
  'supervisor.sign': { privileged: true, input: v.object({ keyId: ShortText(60), pack: v.unknown() }) },
  // Customer lookup (issue 4). `extensionDocument`: only from an extension-origin document (the framed customer card
  // counts; a content script does not): confidential CRM data never goes to a script running in the site's page.
  /** Tier and open-ticket count for visible toolbars: nothing confidential. */
  'customers.badge': {
    privileged: false,
    input: v.object({
      authors: v.pipe(
        v.array(v.object({ channel: v.picklist(CHANNELS), handle: NullableShortText(100), id: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,25}$/))) })),
        v.maxLength(200),
      ),
    }),
  },
  'customers.search': { privileged: false, extensionDocument: true, input: v.object({ query: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)) }) },
  'customers.link': { privileged: false, extensionDocument: true, input: v.object({ customerId: CustomerIdSchema, identityKey: IdentityKeySchema }) },
  'customers.unlink': { privileged: false, extensionDocument: true, input: v.object({ customerId: CustomerIdSchema, identityKey: IdentityKeySchema }) },
  'customers.note': { privileged: false, extensionDocument: true, input: v.object({ customerId: CustomerIdSchema, note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000)) }) },
  /** A note about the card's customer in the remote CRM, written by the background through the connector. */
  'customers.remoteNote': { privileged: false, extensionDocument: true, input: v.object({ key: ItemKeySchema, note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000)) }) },
  /** Forget a customer (or an author not in the CRM): their items, events, CRM row and cached answers. */
  'customers.forget': {
    privileged: false,
    extensionDocument: true,
    input: v.pipe(v.object({ customerId: v.optional(CustomerIdSchema), identityKey: v.optional(IdentityKeySchema) }), v.check((t) => !!(t.customerId || t.identityKey), 'a customer id or an identity')),
  },
  'crm.seedDemo': { privileged: true, input: v.object({}) },
  'crm.importRows': { privileged: true, input: ImportChunkSchema },
  'crm.stats': { privileged: true, input: v.object({}) },
  'crm.connector.get': { privileged: true, input: v.object({}) },
  /** token: a new token; null deletes it; absent keeps the stored one. It is never sent back. */
  'crm.connector.save': { privileged: true, input: v.object({ config: ConnectorConfigSchema, token: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(2000)))) }) },
  'crm.retention.get': { privileged: true, input: v.object({}) },
  'crm.retention.set': { privileged: true, input: v.object({ days: v.pipe(v.number(), v.integer(), v.minValue(7), v.maxValue(3650)) }) },
  'crm.retention.run': { privileged: true, input: v.object({}) },
  // Move to DM, close the loop, reply guard (issue 6). Detection runs here in the background; nothing leaves it.
  /** Find personal data, account requests, strong negative sentiment and long threads in a post or a draft. */
  'detect.text': {
    privileged: false,
    input: v.object({
      text: ShortText(50_000),
      role: v.picklist(['post', 'draft']),
      channel: v.picklist(CHANNELS),
      /** Authors of the thread's posts in page order: c = the customer, b = the brand. */
      thread: v.optional(v.pipe(v.string(), v.regex(/^[cb]{0,400}$/))),
    }),
  },
  /** Move-to-DM reasons for the posts toolbars were just mounted on: one message per batch, not one per post. */
  'detect.posts': {
    privileged: false,
    input: v.object({
      posts: v.pipe(
        v.array(
          v.object({
            key: ItemKeySchema,
            text: ShortText(20_000),
            channel: v.picklist(CHANNELS),
            thread: v.optional(v.pipe(v.string(), v.regex(/^[cb]{0,400}$/))),
          }),
        ),
        v.maxLength(100),
      ),
    }),
  },
  /** The team's approved public reply asking the customer to DM, or closing the loop, filled for the item. */
  'dm.reply': { privileged: false, input: v.object({ key: ItemKeySchema, kind: v.picklist(['dm-request', 'close-the-loop']) }) },
  /** Where to open the private conversation with the item's author (records a Facebook private reply). */
  'dm.open': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** Append a note to an item's history without changing its state (e.g. "posted anyway: …"). */
  'items.note': { privileged: false, input: v.object({ key: ItemKeySchema, note: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)) }) },
} as const;

export type RequestType = keyof typeof REQUESTS;
export type RequestInput<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]['input']>;

export interface ResponseData {
  'detect.text': { findings: Finding[]; problems: GuardProblem[] };
  'detect.posts': { reasons: Record<string, DetectReason[]> };
  'dm.reply': { text: string; source: 'snippet' | 'built-in'; snippetId: string | null };
  'dm.open': import('../../background/dm').DmOpenPlan;
  'items.note': { event: EventRow };
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
  'snippets.search': { results: SnippetOption[] };
  'snippets.render': { text: string; asks: string[]; length: LengthReport };
  'snippets.used': { usage: number };
  'text.length': LengthReport;
  'snippets.list': { snippets: SnippetView[]; approvedOnly: boolean };
  'snippets.savePersonal': { snippet: SnippetView };
  'snippets.deletePersonal': { ok: true };
  'packs.list': { packs: PackSummary[]; config: SnippetConfig };
  'packs.install': PackResult;
  'packs.rollback': PackResult;
  'packs.remove': { ok: true };
  'packs.subscribe': { config: SnippetConfig };
  'packs.unsubscribe': { config: SnippetConfig };
  'packs.refresh': { results: (PackResult & { url: string })[] };
  'packs.trustKey': { config: SnippetConfig };
  'packs.untrustKey': { config: SnippetConfig };
  'packs.setApprovedOnly': { config: SnippetConfig };
  'supervisor.keys': { keys: SigningKeyInfo[] };
  'supervisor.generateKey': { key: SigningKeyInfo };
  'supervisor.exportKey': { file: EncryptedKeyFile };
  'supervisor.importKey': { key: SigningKeyInfo };
  'supervisor.sign': { pack: unknown };
  /** Keyed by the author's identity key (`x:handle`, `facebook:id:123`). */
  'customers.badge': { badges: Record<string, CustomerBadge | null> };
  'customers.search': { customers: { id: string; name: string; tier: string | null; handles: string[] }[] };
  'customers.link': { ok: true };
  'customers.unlink': { ok: true };
  'customers.note': { ok: true };
  'customers.remoteNote': { ok: true; connector: string };
  'customers.forget': { customers: number; items: number; events: number; cached: number };
  'crm.seedDemo': WriteReport;
  'crm.importRows': WriteReport;
  'crm.stats': { customers: number; cached: number };
  'crm.connector.get': { config: ConnectorConfig; tokenMasked: string | null };
  'crm.connector.save': { config: ConnectorConfig; tokenMasked: string | null };
  'crm.retention.get': { days: number };
  'crm.retention.set': { days: number };
  'crm.retention.run': { items: number; events: number; cached: number };
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
