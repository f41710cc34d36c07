import { useRef, useState } from 'preact/hooks';
import type { ImportReport } from '../../../lib/shared/backup-report';
import { downloadText } from '../download';
import { CarebarRequestError, request } from '../../../lib/shared/messaging/client';

export const errorText = (err: unknown) =>
  err instanceof CarebarRequestError ? [err.message, ...err.issues.slice(0, 5)].join(' — ') : String((err as Error)?.message ?? err);

const today = () => new Date().toISOString().slice(0, 10);

/** Export (JSON to restore or merge, CSV for spreadsheets), import (merge) and "delete all work data". */
export function Backup(props: { onChanged: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wipeResult, setWipeResult] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<
    { ok: true; report: ImportReport; file: string } | { ok: false; message: string; file: string } | null
  >(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const busyWith = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const exportAs = (format: 'json' | 'csv') =>
    busyWith(async () => {
      try {
        const reply = await request('backup.export', { format });
        if ('json' in reply) downloadText(`carebar-export-${today()}.json`, reply.json, 'application/json');
        else {
          downloadText(`carebar-items-${today()}.csv`, reply.itemsCsv, 'text/csv');
          downloadText(`carebar-events-${today()}.csv`, reply.eventsCsv, 'text/csv');
        }
        setError(null);
      } catch (err) {
        setError(`Export failed: ${errorText(err)}`);
      }
    });

  const wipe = async () => {
    if (!confirm('Delete every item and its history from this browser? Export first if you may need them again.')) return;
    try {
      const counts = await request('data.wipe', { confirm: 'delete all work data' });
      setWipeResult(`Deleted ${counts.items} items and ${counts.events} events.`);
      await props.onChanged();
    } catch (err) {
      setWipeResult(`Nothing was deleted: ${(err as Error).message}`);
    }
  };

  const importFile = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void busyWith(async () => {
      try {
        const report = await request('backup.import', { document: await file.text() });
        setImportResult({ ok: true, report, file: file.name });
        await props.onChanged();
      } catch (err) {
        setImportResult({ ok: false, message: errorText(err), file: file.name });
      } finally {
        input.value = ''; // the same file can be chosen again
      }
    });
  };

  return (
    <section class="card backup" aria-labelledby="carebar-backup-title">
      <h2 id="carebar-backup-title">Export and backup</h2>
      <p class="hint">
        Export every item and its full history. A JSON export can be imported back here or into a colleague’s Carebar: it is merged (nothing
        is deleted; for an item known on both sides the more recently changed one is kept). CSV is for spreadsheets.
      </p>
      <div class="buttons">
        <button type="button" class="cb-btn" data-testid="carebar-report-export-json" disabled={busy} onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <button type="button" class="cb-btn" data-testid="carebar-report-export-csv" disabled={busy} onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" class="cb-btn" disabled={busy} onClick={() => fileInput.current?.click()}>
          Import JSON…
        </button>
        <button type="button" class="cb-btn danger" data-testid="carebar-report-wipe" disabled={busy} onClick={() => void wipe()}>
          Delete all work data…
        </button>
        <input
          ref={fileInput}
          class="visually-hidden"
          type="file"
          accept=".json,application/json"
          data-testid="carebar-report-import"
          aria-label="Import a Carebar JSON export"
          onChange={importFile}
        />
      </div>
      {error ? (
        <p role="alert" class="cb-error" data-testid="carebar-report-error">
          {error}
        </p>
      ) : null}
      {wipeResult ? (
        <p data-testid="carebar-report-wipe-result" role="status">
          {wipeResult}
        </p>
      ) : null}
      {importResult ? (
        <p
          data-testid="carebar-report-import-result"
          data-ok={String(importResult.ok)}
          class={importResult.ok ? 'cb-ok-text' : 'cb-error'}
          role={importResult.ok ? 'status' : 'alert'}
        >
          {importResult.ok
            ? `Imported ${importResult.file}: ${importResult.report.itemsAdded} items added, ${importResult.report.itemsUpdated} updated, ` +
              `${importResult.report.itemsKept} kept as they were; ${importResult.report.eventsAdded} history entries added, ` +
              `${importResult.report.eventsSkipped} already known.`
            : `${importResult.file} was not imported (nothing was changed): ${importResult.message}`}
        </p>
      ) : null}
    </section>
  );
}
