import { useRef, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import {
  IMPORT_CHUNK,
  IMPORT_PIPELINE,
  MAPPABLE_FIELDS,
  summarizeChunks,
  type ChunkResult,
  type ColumnMapping,
  type ImportOutcome,
  type ParsedImport,
} from '../../lib/shared/crm/import';
import type { RowProblem } from '../../lib/shared/crm/write-report';
import ImportWorker from '../../lib/shared/crm/import.worker?worker';

type Stage =
  | { kind: 'idle' }
  | { kind: 'mapping'; headers: string[]; preview: string[][]; mapping: Partial<ColumnMapping>; notes: string[] }
  | { kind: 'checked'; parsed: Summary; notes: string[] }
  | { kind: 'writing'; done: number; total: number }
  | ({ kind: 'done'; total: number } & ImportOutcome);

const SHOWN_PROBLEMS = 100;
/** What the worker reports after checking: everything but the rows themselves, which it keeps. */
type Summary = ParsedImport & { ready: number };

function Problems(props: { problems: RowProblem[] }) {
  if (!props.problems.length) return null;
  return (
    <>
      <ul class="problems" data-testid="carebar-import-problems">
        {props.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
          <li key={`${p.row}:${p.reason}`}>
            Row {p.row}: {p.reason}
          </li>
        ))}
      </ul>
      {props.problems.length > SHOWN_PROBLEMS ? <p class="hint">…and {props.problems.length - SHOWN_PROBLEMS} more.</p> : null}
    </>
  );
}

/**
 * Local-CRM import (CSV or JSON). The file is parsed in a worker, the agent checks the column mapping and the
 * report, then the checked rows are written by the background in chunks. Nothing is ever silently partial: the
 * report lists every skipped row by number and, if a chunk fails, exactly which rows were not imported.
 */
export function CrmImport() {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const file = useRef<{ bytes: ArrayBuffer; json: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // One worker per chosen file: it parses, and holds the checked rows until they are written.
  const worker = useRef<Worker | null>(null);
  const work = <T,>(message: object): Promise<T> =>
    new Promise((resolve, reject) => {
      const w = (worker.current ??= new ImportWorker());
      w.onmessage = (e: MessageEvent) => (e.data.op === 'error' ? reject(new Error(e.data.message)) : resolve(e.data as T));
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage(message);
    });

  const choose = async (input: HTMLInputElement) => {
    setError(null);
    const f = input.files?.[0];
    if (!f) return;
    worker.current?.terminate();
    worker.current = null;
    const bytes = await f.arrayBuffer();
    const json = /\.json$/i.test(f.name) || f.type === 'application/json';
    file.current = { bytes, json };
    try {
      if (json) {
        const r = await work<{ parsed: Summary; notes: string[] }>({ op: 'parse', bytes: bytes.slice(0), json, mapping: {} });
        setStage({ kind: 'checked', parsed: r.parsed, notes: r.notes });
      } else {
        const r = await work<{ headers: string[]; preview: string[][]; mapping: Partial<ColumnMapping>; notes: string[] }>({
          op: 'headers',
          bytes: bytes.slice(0),
          json,
        });
        setStage({ kind: 'mapping', ...r });
      }
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const check = async () => {
    if (stage.kind !== 'mapping' || !file.current) return;
    try {
      const r = await work<{ parsed: Summary; notes: string[] }>({
        op: 'parse',
        bytes: file.current.bytes.slice(0),
        json: false,
        mapping: stage.mapping,
      });
      setStage({ kind: 'checked', parsed: r.parsed, notes: r.notes });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const write = async (parsed: Summary) => {
    const results: ChunkResult[] = [];
    const inFlight = new Set<Promise<void>>();
    let failed = false;
    let done = 0;
    setStage({ kind: 'writing', done, total: parsed.ready }); // the Import button goes away: one import at a time
    // Up to IMPORT_PIPELINE chunks in flight: the background checks the next chunk while IndexedDB writes this
    // one, so the database is never idle waiting for a round trip. It handles them in the order sent.
    for (let index = 0; index * IMPORT_CHUNK < parsed.ready && !failed; index++) {
      const { rows: chunk } = await work<{ rows: ParsedImport['rows'] }>({ op: 'chunk', index });
      const firstRow = chunk[0].row;
      const lastRow = chunk[chunk.length - 1].row;
      const sent = request('crm.importRows', { rows: chunk }).then(
        (report) => {
          results[index] = { firstRow, lastRow, report };
          done += chunk.length;
          setStage({ kind: 'writing', done, total: parsed.ready });
        },
        (err: Error) => {
          failed = true;
          results[index] = { firstRow, lastRow, error: err.message };
        },
      );
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= IMPORT_PIPELINE) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    setStage({ kind: 'done', total: parsed.total, ...summarizeChunks(results, parsed.problems, Math.ceil(parsed.ready / IMPORT_CHUNK)) });
  };

  return (
    <section data-testid="carebar-crm-import">
      <h3>Import customers into Carebar’s own list</h3>
      <p class="hint">
        A CSV with a header row (name plus an X handle, Facebook username or id, or e-mail), or a JSON list. You check the columns and the
        report before anything is written.
      </p>
      <input
        type="file"
        accept=".csv,.json,text/csv,application/json"
        data-testid="carebar-import-file"
        onChange={(e) => void choose(e.currentTarget)}
      />
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {stage.kind === 'mapping' ? (
        <div>
          {stage.notes.map((n) => (
            <p class="hint" key={n}>
              {n}
            </p>
          ))}
          <fieldset>
            <legend>Columns</legend>
            {MAPPABLE_FIELDS.map(({ field, label }) => (
              <label key={field} class="inline">
                {label}
                <select
                  value={stage.mapping[field] ?? ''}
                  data-field={field}
                  onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, [field]: e.currentTarget.value || undefined } })}
                >
                  <option value="">—</option>
                  {stage.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <table class="preview" data-testid="carebar-import-preview">
            <thead>
              <tr>
                {stage.headers.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stage.preview.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" data-testid="carebar-import-check" onClick={() => void check()}>
            Check all rows
          </button>
        </div>
      ) : null}
      {stage.kind === 'checked' ? (
        <div data-testid="carebar-import-report">
          {stage.notes.map((n) => (
            <p class="hint" key={n}>
              {n}
            </p>
          ))}
          <p>
            {stage.parsed.ready.toLocaleString()} of {stage.parsed.total.toLocaleString()} rows are ready.{' '}
            {stage.parsed.problems.length ? `${stage.parsed.problems.length.toLocaleString()} will be skipped:` : 'No problems found.'}
          </p>
          <Problems problems={stage.parsed.problems} />
          {stage.parsed.ready ? (
            <button type="button" data-testid="carebar-import-go" onClick={() => void write(stage.parsed)}>
              {stage.parsed.problems.length
                ? `Import the ${stage.parsed.ready.toLocaleString()} good rows, skip the ${stage.parsed.problems.length.toLocaleString()} listed`
                : `Import ${stage.parsed.ready.toLocaleString()} customers`}
            </button>
          ) : null}{' '}
          <button type="button" onClick={() => setStage({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      ) : null}
      {stage.kind === 'writing' ? (
        <p role="status">
          Writing… <progress max={stage.total} value={stage.done} /> {stage.done.toLocaleString()} / {stage.total.toLocaleString()}
        </p>
      ) : null}
      {stage.kind === 'done' ? (
        <div data-testid="carebar-import-done" role="status">
          <p>
            Imported {stage.written.toLocaleString()} of {stage.total.toLocaleString()} rows.
            {stage.rejected.length ? ` ${stage.rejected.length.toLocaleString()} skipped (listed below).` : ''}
          </p>
          {stage.error ? (
            <p role="alert" class="error" data-testid="carebar-import-failed">
              Stopped: {stage.error}. {stage.notImported} were NOT imported; every other row was (except those listed). Import the file
              again to complete it (re-importing updates, it does not duplicate).
            </p>
          ) : null}
          <Problems problems={stage.rejected} />
        </div>
      ) : null}
    </section>
  );
}
