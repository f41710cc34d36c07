import * as v from 'valibot';

// Validation of the CRM requests (customers, import rows, connector settings). Used by lib/shared/messaging/protocol.ts.

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** `x:handle`, `facebook:handle`, `facebook:id:123`, `email:addr`: lower-cased identity keys. */
export const IdentityKeySchema = v.pipe(
  v.string(),
  v.maxLength(320),
  v.toLowerCase(),
  v.regex(
    /^(x|facebook):(id:\d{1,25}|[^\s:<>"']{1,100})$|^email:[^\s@<>"']{1,200}@[^\s@<>"']{1,100}$/,
    'an identity like x:handle, facebook:id:123 or email:addr',
  ),
);

export const CustomerIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

const RecordRefSchema = v.object({
  id: Text(100),
  status: Text(60),
  title: v.optional(Text(300)),
  // Links are opened by agents: https only.
  url: v.optional(v.pipe(v.string(), v.maxLength(2000), v.url(), v.startsWith('https://'))),
});

/** An ISO 4217 currency code (three letters; upper-cased). */
export const CurrencySchema = v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{3}$/, 'a currency code like EUR'));

/** One customer as an import or the demo seed delivers it. */
export const CustomerInputSchema = v.object({
  id: CustomerIdSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300)),
  handles: v.pipe(v.array(IdentityKeySchema), v.minLength(1), v.maxLength(20)),
  tier: v.nullable(Text(60)),
  lifetimeValue: v.nullable(v.pipe(v.number(), v.finite())),
  currency: v.optional(v.nullable(CurrencySchema)),
  notes: v.nullable(Text(5000)),
  tags: v.pipe(v.array(Text(60)), v.maxLength(30)),
  orders: v.optional(v.pipe(v.array(RecordRefSchema), v.maxLength(50))),
  tickets: v.optional(v.pipe(v.array(RecordRefSchema), v.maxLength(50))),
  lastContactAt: v.optional(v.nullable(v.pipe(v.string(), v.isoTimestamp()))),
});
export type CustomerInput = v.InferOutput<typeof CustomerInputSchema>;

/** A chunk of an import: at most 5,000 rows per message; `firstRow` numbers them for the report. */
export const ImportChunkSchema = v.object({
  rows: v.pipe(v.array(v.object({ row: v.pipe(v.number(), v.integer(), v.minValue(1)), customer: v.unknown() })), v.maxLength(5000)),
});

/** Tokens never travel unencrypted: https, or plain http only to this machine (a CRM under test or a local proxy). */
const HttpsUrl = v.pipe(
  v.string(),
  v.maxLength(500),
  v.url(),
  v.regex(/^(?:https:\/\/|http:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?\/)/, 'an https:// address (plain http only for localhost)'),
);
const FieldPath = v.pipe(v.string(), v.maxLength(200), v.regex(/^[A-Za-z0-9_$.\-[\]]*$/, 'a path like results[0].properties.email'));

/** Which CRM the card asks, and how. Tokens are not part of it: they go to the secrets table on their own. */
export const ConnectorConfigSchema = v.variant('kind', [
  v.object({ kind: v.literal('local') }),
  v.object({
    kind: v.literal('rest'),
    /** e.g. https://crm.example.com/api/customers?channel={channel}&handle={handle}&id={id} */
    urlTemplate: v.pipe(HttpsUrl, v.regex(/\{(handle|id)\}/, 'the template needs {handle} or {id}')),
    authHeader: v.pipe(v.string(), v.maxLength(100), v.regex(/^[A-Za-z0-9-]*$/, 'a header name')),
    /**
     * Optional: where a note goes, e.g. https://crm.example.com/api/customers/{customerId}/notes ({customerId} is
     * the id the lookup mapped; {channel} {handle} {id} as above). Sent as JSON { note, customerId, channel,
     * handle, at }. Without it the card says this CRM takes no notes from Carebar.
     */
    noteUrlTemplate: v.optional(
      v.union([
        v.literal(''),
        v.pipe(HttpsUrl, v.regex(/\{(customerId|handle|id)\}/, 'the note URL needs {customerId}, {handle} or {id}')),
      ]),
    ),
    noteMethod: v.optional(v.picklist(['POST', 'PUT', 'PATCH'])),
    fields: v.object({
      record: FieldPath,
      id: FieldPath,
      name: FieldPath,
      tier: v.optional(FieldPath),
      lifetimeValue: v.optional(FieldPath),
      notes: v.optional(FieldPath),
      tags: v.optional(FieldPath),
      orders: v.optional(FieldPath),
      tickets: v.optional(FieldPath),
    }),
  }),
  v.object({ kind: v.literal('hubspot'), baseUrl: HttpsUrl, handleProperty: v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,100}$/)) }),
  v.object({
    kind: v.literal('zendesk'),
    baseUrl: HttpsUrl,
    auth: v.picklist(['basic', 'bearer']),
    email: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
]);
export type ConnectorConfig = v.InferOutput<typeof ConnectorConfigSchema>;
