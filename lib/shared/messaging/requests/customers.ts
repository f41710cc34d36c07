import * as v from 'valibot';
import { CHANNELS } from '../../model';
import { NullableShortText } from '../../schema-fields';
import { ItemKeySchema } from '../../item-schemas';
import { ConnectorConfigSchema, CustomerIdSchema, IdentityKeySchema, ImportChunkSchema, type ConnectorConfig } from '../../crm/schemas';
import type { CustomerBadge, CustomerCard } from '../../customer-card';
import type { WriteReport } from '../../crm/write-report';
import { defineRequests } from './define';

// Customer lookup and the local / remote CRM (issue 4). `extensionDocument`: only from an extension-origin
// document (the framed customer card counts; a content script does not): confidential CRM data never goes to a
// script running in the site's page.

export const customerRequests = defineRequests({
  /**
   * A one-time token for the customer card a toolbar is opening: bound to the sender's tab and this item, handed to
   * the card's frame by postMessage, required on every request the framed card makes (issue 11, finding 3).
   */
  'customers.cardToken': { privileged: false, input: v.object({ key: ItemKeySchema }) },
  /** The customer card of an item's author: local CRM record and our history with them. */
  'customers.card': { privileged: false, extensionDocument: true, input: v.object({ key: ItemKeySchema }) },
  /** Tier and open-ticket count for visible toolbars: nothing confidential. */
  'customers.badge': {
    privileged: false,
    input: v.object({
      authors: v.pipe(
        v.array(
          v.object({
            channel: v.picklist(CHANNELS),
            handle: NullableShortText(100),
            id: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,25}$/))),
          }),
        ),
        v.maxLength(200),
      ),
    }),
  },
  'customers.search': {
    privileged: false,
    extensionDocument: true,
    input: v.object({ query: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)) }),
  },
  'customers.link': {
    privileged: false,
    extensionDocument: true,
    input: v.object({ customerId: CustomerIdSchema, identityKey: IdentityKeySchema }),
  },
  'customers.unlink': {
    privileged: false,
    extensionDocument: true,
    input: v.object({ customerId: CustomerIdSchema, identityKey: IdentityKeySchema }),
  },
  'customers.note': {
    privileged: false,
    extensionDocument: true,
    input: v.object({ customerId: CustomerIdSchema, note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000)) }),
  },
  /** A note about the card's customer in the remote CRM, written by the background through the connector. */
  'customers.remoteNote': {
    privileged: false,
    extensionDocument: true,
    input: v.object({ key: ItemKeySchema, note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000)) }),
  },
  /** Forget a customer (or an author not in the CRM): their items, events, CRM row and cached answers. */
  'customers.forget': {
    privileged: false,
    extensionDocument: true,
    input: v.pipe(
      v.object({ customerId: v.optional(CustomerIdSchema), identityKey: v.optional(IdentityKeySchema) }),
      v.check((t) => !!(t.customerId || t.identityKey), 'a customer id or an identity'),
    ),
  },
  'crm.importRows': { privileged: true, input: ImportChunkSchema },
  'crm.stats': { privileged: true, input: v.object({}) },
  'crm.connector.get': { privileged: true, input: v.object({}) },
  /** token: a new token; null deletes it; absent keeps the stored one. It is never sent back. */
  'crm.connector.save': {
    privileged: true,
    input: v.object({
      config: ConnectorConfigSchema,
      token: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(2000)))),
    }),
  },
  'crm.retention.get': { privileged: true, input: v.object({}) },
  'crm.retention.set': { privileged: true, input: v.object({ days: v.pipe(v.number(), v.integer(), v.minValue(7), v.maxValue(3650)) }) },
  'crm.retention.run': { privileged: true, input: v.object({}) },
});

export interface CustomerResponses {
  'customers.cardToken': { token: string };
  'customers.card': { card: CustomerCard | null };
  /** Keyed by the author's identity key (`x:handle`, `facebook:id:123`). */
  'customers.badge': { badges: Record<string, CustomerBadge | null> };
  'customers.search': { customers: { id: string; name: string; tier: string | null; handles: string[] }[] };
  'customers.link': { ok: true };
  'customers.unlink': { ok: true };
  'customers.note': { ok: true };
  'customers.remoteNote': { ok: true; connector: string };
  'customers.forget': { customers: number; items: number; events: number; cached: number };
  'crm.importRows': WriteReport;
  'crm.stats': { customers: number; cached: number };
  /** managed: the organisation's policy sets the connector (the agent enters only their token, and e-mail for Zendesk). */
  'crm.connector.get': { config: ConnectorConfig; tokenMasked: string | null; managed?: boolean };
  'crm.connector.save': { config: ConnectorConfig; tokenMasked: string | null; managed?: boolean };
  'crm.retention.get': { days: number };
  'crm.retention.set': { days: number };
  'crm.retention.run': { items: number; events: number; cached: number };
}
