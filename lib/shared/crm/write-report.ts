// The answer to a write of customers into the local CRM (an import chunk), row by row.

export interface RowProblem {
  /** The row number in the source file (the header is row 1), or the index in a JSON list + 1. */
  row: number;
  reason: string;
}

export interface WriteReport {
  written: number;
  rejected: RowProblem[];
}
