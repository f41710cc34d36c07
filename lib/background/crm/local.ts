import type { CarebarDB } from '../db/schema';
import type { CustomerRow } from '../../shared/records';
import { dropHandleMirror } from './store';
import { customerByHandle, customersByHandle, customersByName, getCustomer, putCustomer, updateCustomer } from './customer-store';
import { appendNote } from './remote';
import { identityKeys } from '../../shared/author-key';
import type { CrmIdentity, CrmMatch } from '../../shared/crm/connector';

/** Look one identity up in the local CRM: exact handle, then numeric id, then (low confidence) display name. */
export async function lookupLocal(db: CarebarDB, identity: CrmIdentity, options: { byName?: boolean } = {}): Promise<CrmMatch | null> {
  const { handleKey, idKey } = identityKeys(identity);
  for (const [key, kind] of [
    [handleKey, 'handle'],
    [idKey, 'id'],
  ] as const) {
    if (!key) continue;
    const customer = await customerByHandle(db, key);
    if (customer) return { customer, match: customer.linkedByHand?.includes(key) ? 'linked' : kind };
  }
  if (options.byName !== false && identity.name?.trim()) {
    const authorKey = handleKey ?? idKey;
    // A name is weak evidence: offered only when it is unambiguous and the agent has not unlinked it before.
    const candidates = (await customersByName(db, identity.name.trim(), 3)).filter((c) => !authorKey || !c.unlinked?.includes(authorKey));
    if (candidates.length === 1) return { customer: candidates[0], match: 'name' };
  }
  return null;
}

export class CustomerNotFoundError extends Error {
  constructor(id: string) {
    super(`No customer ${id} in the local CRM`);
    this.name = 'CustomerNotFoundError';
  }
}

/**
 * Link an identity (`x:handle`, `facebook:id:123`, `email:…`) to a customer by hand. An identity belongs to one
 * customer: it is moved off any other. Remembered in the customer rows.
 */
export async function linkIdentity(db: CarebarDB, customerId: string, identityKey: string): Promise<CustomerRow> {
  const key = identityKey.toLowerCase();
  dropHandleMirror(db);
  return db.transaction('rw', db.customerBlocks, async () => {
    const customer = await getCustomer(db, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    const now = new Date().toISOString();
    const others = await customersByHandle(db, key);
    for (const other of others) {
      if (other.id === customerId) continue;
      await putCustomer(db, {
        ...other,
        handles: other.handles.filter((h) => h !== key),
        linkedByHand: other.linkedByHand?.filter((h) => h !== key),
        updatedAt: now,
      });
    }
    const next: CustomerRow = {
      ...customer,
      handles: customer.handles.includes(key) ? customer.handles : [...customer.handles, key],
      linkedByHand: [...new Set([...(customer.linkedByHand ?? []), key])],
      unlinked: (customer.unlinked ?? []).filter((h) => h !== key),
      updatedAt: now,
    };
    await putCustomer(db, next);
    return next;
  });
}

/** Unlink an identity from a customer; remembered, so a name match never proposes it again. */
export async function unlinkIdentity(db: CarebarDB, customerId: string, identityKey: string): Promise<CustomerRow> {
  const key = identityKey.toLowerCase();
  dropHandleMirror(db);
  return db.transaction('rw', db.customerBlocks, async () => {
    const customer = await getCustomer(db, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    const next: CustomerRow = {
      ...customer,
      handles: customer.handles.filter((h) => h !== key),
      linkedByHand: (customer.linkedByHand ?? []).filter((h) => h !== key),
      unlinked: [...new Set([...(customer.unlinked ?? []), key])],
      updatedAt: new Date().toISOString(),
    };
    await putCustomer(db, next);
    return next;
  });
}

/**
 * Append a note to a local customer: read and written in one transaction, so notes written at the same moment
 * (two cards, two tabs) are all kept (issue 11, finding 10).
 */
export async function addLocalNote(db: CarebarDB, customerId: string, note: string, now = new Date().toISOString()): Promise<void> {
  await db.transaction('rw', db.customerBlocks, async () => {
    const customer = await getCustomer(db, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    await updateCustomer(db, customerId, { notes: appendNote(customer.notes, note), updatedAt: now });
  });
}
