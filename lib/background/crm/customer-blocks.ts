import type { CustomerBlockRow, CustomerRow } from '../../shared/records';

// How local-CRM customers are packed into block rows (pure; used by the store and by the v4 schema migration).

export const BLOCK_SIZE = 100;

let blockSeq = 0;
/** A new block id: time-ordered, so the last block by id is the one most recently started. */
export function newBlockId(): string {
  blockSeq = (blockSeq + 1) % 1_679_616;
  return `b${Date.now().toString(36).padStart(9, '0')}${blockSeq.toString(36).padStart(4, '0')}`;
}

/** A block row with its index arrays derived from its customers. */
export function makeBlock(id: string, customers: CustomerRow[]): CustomerBlockRow {
  return {
    id,
    customers,
    ids: customers.map((c) => c.id),
    handles: customers.flatMap((c) => c.handles),
    names: [...new Set(customers.map((c) => c.name))],
  };
}

/** Split customers into new blocks of BLOCK_SIZE. */
export function blocksOf(customers: CustomerRow[]): CustomerBlockRow[] {
  const out: CustomerBlockRow[] = [];
  for (let i = 0; i < customers.length; i += BLOCK_SIZE) out.push(makeBlock(newBlockId(), customers.slice(i, i + BLOCK_SIZE)));
  return out;
}
