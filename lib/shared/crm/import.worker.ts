import {
  decodeCsvBytes,
  parseCustomersCsv,
  parseCustomersJson,
  splitCsv,
  guessMapping,
  IMPORT_CHUNK,
  type ColumnMapping,
  type ParsedImport,
} from './import';

// Parses an import file off the options page's main thread (100,000 rows take about a second of CPU) and keeps
// the checked rows here: the page takes them chunk by chunk, so no single message is large enough to freeze it.
export type ImportWorkerRequest =
  | { op: 'headers'; bytes: ArrayBuffer; json: boolean }
  | { op: 'parse'; bytes: ArrayBuffer; json: boolean; mapping: Partial<ColumnMapping> }
  | { op: 'chunk'; index: number };

let parsed: ParsedImport | null = null;

self.onmessage = (event: MessageEvent<ImportWorkerRequest>) => {
  const message = event.data;
  try {
    if (message.op === 'chunk') {
      postMessage({ op: 'chunk', rows: parsed?.rows.slice(message.index * IMPORT_CHUNK, (message.index + 1) * IMPORT_CHUNK) ?? [] });
      return;
    }
    const decoded = decodeCsvBytes(new Uint8Array(message.bytes));
    if (message.op === 'headers' && !message.json) {
      const head = splitCsv(decoded.text.slice(0, 64_000)).slice(0, 6);
      const headers = (head[0]?.cells ?? []).map((h) => h.trim());
      postMessage({
        op: 'headers',
        notes: decoded.notes,
        headers,
        preview: head.slice(1).map((r) => r.cells),
        mapping: guessMapping(headers),
      });
      return;
    }
    parsed = message.json
      ? parseCustomersJson(decoded.text)
      : parseCustomersCsv(decoded.text, message.op === 'parse' ? message.mapping : null);
    // The summary only: counts and problems, not the rows.
    postMessage({ op: 'parse', notes: decoded.notes, parsed: { ...parsed, rows: [], ready: parsed.rows.length } });
  } catch (err) {
    postMessage({ op: 'error', message: (err as Error).message });
  }
};
