// What importing a backup file did (the answer to backup.import).

export interface ImportReport {
  itemsAdded: number;
  itemsUpdated: number;
  itemsKept: number;
  eventsAdded: number;
  eventsSkipped: number;
}
