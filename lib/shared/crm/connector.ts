import type { Channel } from '../model';
import type { CustomerRow } from '../records';

/** Who a post's author is, as the post tells: the keys any CRM can look them up by. */
export interface CrmIdentity {
  channel: Channel;
  handle: string | null;
  /** Numeric platform id (Facebook profile id) when the page shows no handle. */
  id: string | null;
  name: string | null;
}

/** How sure the match is: exact handle, numeric id, linked by an agent by hand, or by display name only. */
export type MatchKind = 'handle' | 'id' | 'linked' | 'name';

export interface CrmMatch {
  customer: CustomerRow;
  match: MatchKind;
}

/**
 * One CRM behind Carebar's customer card. Remote connectors run only in the background (they hold tokens and
 * make the requests); the local CRM is the embedded default.
 */
export interface CrmConnector {
  readonly id: string;
  readonly label: string;
  /** The customer for this identity, or null when the CRM has no one. Throws CrmError on failures. */
  lookup(identity: CrmIdentity, signal?: AbortSignal): Promise<CrmMatch | null>;
  /** Full details of a customer found by lookup (tickets, orders), when the CRM needs a second call. */
  details?(customer: CustomerRow, signal?: AbortSignal): Promise<CustomerRow>;
  /**
   * Write a note back to the CRM about a customer its lookup returned (`identity`: the post author it was looked
   * up for). Absent when the CRM (or its configuration) takes no notes. Throws CrmError on failures.
   */
  writeNote?(customer: CustomerRow, note: string, identity: CrmIdentity | null, signal?: AbortSignal): Promise<void>;
}

/** Order / ticket statuses that mean nothing is open any more. */
const DONE = /^(closed|solved|resolved|done|completed?|delivered|cancell?ed|refunded|fulfilled|archived)$/i;
export const isOpenStatus = (status: string) => !DONE.test(status.trim());

/** The open orders and tickets of a customer. */
export function openRecords(customer: Pick<CustomerRow, 'orders' | 'tickets'>): number {
  return [...(customer.orders ?? []), ...(customer.tickets ?? [])].filter((r) => isOpenStatus(r.status)).length;
}
