import * as v from 'valibot';
import { DEFAULT_SLA } from './sla';
import { DEFAULT_ORDER_PATTERNS } from './detect/order-patterns';
import { ShortText } from './schema-fields';
import { DEFAULT_VIRAL_THRESHOLDS, ViralThresholdsSchema } from './viral';

// The agent's and team's settings: the schema every update is checked against, and the defaults.

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
  days: v.object({
    sun: OpeningHours,
    mon: OpeningHours,
    tue: OpeningHours,
    wed: OpeningHours,
    thu: OpeningHours,
    fri: OpeningHours,
    sat: OpeningHours,
  }),
});

/** A brand account: an X handle without @, or a Facebook page name / numeric id. */
const BrandAccount = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(100),
  v.regex(/^[^\s<>"']+( [^\s<>"']+)*$/, 'a handle or page name'),
);

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
  /** Move-to-DM prompt: the classifier's probability above which it prompts (0–1); absent = the model's default. */
  dmThreshold: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** The team's own phone numbers and email / web domains: never personal data in a reply (issue 15). */
  ownContacts: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(3), v.maxLength(200))), v.maxLength(50))),
});
export const DEFAULT_DETECTION_SETTINGS: v.InferOutput<typeof DetectionSettingsSchema> = {
  orderPatterns: DEFAULT_ORDER_PATTERNS,
  requireInitials: false,
  genericPhrases: [
    "We're sorry to hear about your experience",
    'We apologise for any inconvenience',
    'Sorry for the inconvenience',
    'Lamentamos las molestias',
    'Wir bedauern die Unannehmlichkeiten',
  ],
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
  /** Brand keywords (issue 17): a post naming one is a customer item without a mention. One list for all channels. */
  listening: v.object({ keywords: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))), v.maxLength(200)) }),
  /** When a customer post counts as going viral (see lib/shared/viral.ts). */
  viral: ViralThresholdsSchema,
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
  listening: { keywords: [] },
  viral: DEFAULT_VIRAL_THRESHOLDS,
};
