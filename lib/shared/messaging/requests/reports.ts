import * as v from 'valibot';
import { IsoTime } from '../../schema-fields';
import type { EventRow, ItemRow } from '../../records';
import type { ImportReport } from '../../backup-report';
import { defineRequests } from './define';

// The Reports page: its data, backup export / import, and wiping work data.

export const reportRequests = defineRequests({
  /** Reports page: items posted in [from, to) with their events, and all events in [from, to); everything without a range. */
  'reports.data': { privileged: true, input: v.object({ from: v.optional(IsoTime), to: v.optional(IsoTime) }) },
  /** Delete every item and event (after an export, or to start afresh). */
  'data.wipe': { privileged: true, input: v.object({ confirm: v.literal('delete all work data') }) },
  'backup.export': { privileged: true, input: v.object({ format: v.picklist(['json', 'csv']) }) },
  /** The export file's text (or its parsed JSON); validated by lib/background/db/backup.ts, which writes nothing when it is malformed. */
  'backup.import': { privileged: true, input: v.object({ document: v.unknown() }) },
});

export interface ReportResponses {
  'reports.data': { items: ItemRow[]; events: EventRow[] };
  'data.wipe': { items: number; events: number };
  'backup.export': { json: string } | { itemsCsv: string; eventsCsv: string };
  'backup.import': ImportReport;
}
