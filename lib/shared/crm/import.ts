import Papa from 'papaparse';
import type { CustomerInput } from './schemas';
import type { RowProblem, WriteReport } from './write-report';

// Page-side half of the CSV / JSON import: decode, parse, map columns, check every row. The options page shows
// the report before anything is written; the background then writes the checked rows in chunks.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  notes: string[];
}

const MOJIBAKE = /Ã[\u0080-\u00BF]|â€[\u0080-\u00BF™œ“”˜¦¢]|Â[\u00A0-\u00BF]/;

/**
 * Bytes to text. UTF-8 (a BOM is dropped). Bytes that are not valid UTF-8 are read as Windows-1252 (Latin-1's
 * superset, what Excel writes on Western Windows) and the report says so. Text that is valid UTF-8 but shows the
 * classic double-encoding pattern ("Ã©" for "é": UTF-8 saved once as Latin-1) is repaired when the repair is exact,
 * and the report says so; otherwise it is kept and flagged.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const notes: string[] = [];
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops the BOM itself
  } catch {
    notes.push('The file is not UTF-8: it was read as Windows-1252 (Latin-1). Check accented names in the preview.');
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', notes };
  }
  if (hasBom) notes.push('A UTF-8 byte-order mark was removed.');
  if (MOJIBAKE.test(text)) {
    const repaired = repairMojibake(text);
    if (repaired !== null) {
      notes.push('The text looked double-encoded (e.g. "Ã©" for "é") and was repaired.');
      text = repaired;
    } else notes.push('Some text looks double-encoded (e.g. "Ã©" for "é"); it could not be repaired exactly and is imported as is.');
  }
  return { text, encoding: 'utf-8', notes };
}

/** Windows-1252's 0x80–0x9F (the rest of the byte range is Latin-1). Spelled out: not every runtime's TextDecoder has it. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_BYTE = new Map(CP1252_HIGH.map((code, i) => [code, 0x80 + i]));

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const slice = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(slice, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b)));
  }
  return out;
}

/** Undo one round of UTF-8 → Windows-1252 mis-decoding; null when the text is not exactly that. */
export function repairMojibake(text: string): string | null {
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const byte = code >= 0x80 && code < 0xa0 ? code : code < 0x100 ? code : CP1252_BYTE.get(code);
    if (byte === undefined) return null;
    bytes[n++] = byte;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n));
  } catch {
    return null;
  }
}

/** Which source column feeds which customer field. */
export interface ColumnMapping {
  id?: string;
  name: string;
  x?: string;
  facebook?: string;
  facebookId?: string;
  email?: string;
  tier?: string;
  lifetimeValue?: string;
  currency?: string;
  notes?: string;
  tags?: string;
}

export const MAPPABLE_FIELDS: { field: keyof ColumnMapping; label: string; guess: RegExp }[] = [
  { field: 'id', label: 'Customer id', guess: /^(id|customer[ _-]?id)$/i },
  { field: 'name', label: 'Name', guess: /^(name|full[ _-]?name|customer)$/i },
  { field: 'x', label: 'X handle', guess: /^(x|twitter|x[ _-]?handle|twitter[ _-]?handle)$/i },
  { field: 'facebook', label: 'Facebook username', guess: /^(facebook|fb|facebook[ _-]?(user(name)?|handle))$/i },
  { field: 'facebookId', label: 'Facebook numeric id', guess: /^(facebook|fb)[ _-]?id$/i },
  { field: 'email', label: 'E-mail', guess: /^e-?mail$/i },
  { field: 'tier', label: 'Tier / segment', guess: /^(tier|segment|level)$/i },
  { field: 'lifetimeValue', label: 'Lifetime value', guess: /^(ltv|lifetime[ _-]?value|clv)$/i },
  { field: 'currency', label: 'Currency (e.g. EUR)', guess: /^(currency|ccy|currency[ _-]?code)$/i },
  { field: 'notes', label: 'Notes', guess: /^notes?$/i },
  { field: 'tags', label: 'Tags', guess: /^(tags?|labels?)$/i },
];

/** A first mapping from the header names; the agent corrects it in the preview. */
export function guessMapping(headers: string[]): Partial<ColumnMapping> {
  const mapping: Partial<ColumnMapping> = {};
  for (const { field, guess } of MAPPABLE_FIELDS) {
    const header = headers.find((h) => guess.test(h.trim()));
    if (header) mapping[field] = header;
  }
  return mapping;
}

export interface ParsedImport {
  headers: string[];
  /** The first rows as they are, for the mapping preview. */
  preview: string[][];
  rows: { row: number; customer: CustomerInput }[];
  problems: RowProblem[];
  total: number;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9@._-]+/g, '-');

interface CsvRecord {
  cells: string[];
  /** The file line the record starts on (1-based; quoted fields may span lines). */
  line: number;
  broken: string | null;
}

/**
 * Split CSV text into records with Papa Parse, keeping each record's line number. An unterminated quote would
 * swallow the rest of the file: that record is reported broken and parsing resumes on the next line.
 */
export function splitCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const rest = offset ? text.slice(offset) : text;
    let start = 0;
    let startLine = line;
    let resumeAt = -1;
    Papa.parse<string[]>(rest, {
      header: false,
      skipEmptyLines: false,
      step: (result, parser) => {
        const cursor = result.meta.cursor;
        const quoteError = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
        if (quoteError && quoteError.code === 'MissingQuotes') {
          records.push({ cells: [], line: startLine, broken: 'unterminated quote' });
          const nl = rest.indexOf('\n', start);
          resumeAt = nl < 0 ? rest.length : nl + 1;
          line = startLine + 1;
          parser.abort();
          return;
        }
        records.push({ cells: result.data, line: startLine, broken: quoteError ? `${quoteError.code}: ${quoteError.message}` : null });
        for (let i = start; i < cursor; i++) if (rest.charCodeAt(i) === 10) startLine++;
        start = cursor;
      },
    });
    if (resumeAt < 0) break;
    offset += resumeAt;
  }
  return records;
}

/** Parse a whole CSV text (header in row 1) with Papa Parse and turn mapped rows into customers. */
export function parseCustomersCsv(text: string, mapping: Partial<ColumnMapping> | null = null): ParsedImport {
  const records = splitCsv(text);
  const data = records.map((r) => r.cells);
  const headers = (data[0] ?? []).map((h) => h.trim());
  const problems: RowProblem[] = [];
  const map = mapping ?? guessMapping(headers);
  const missing: string[] = [];
  if (!map.name || !headers.includes(map.name)) missing.push('name');
  if (![map.x, map.facebook, map.facebookId, map.email].some((c) => c && headers.includes(c)))
    missing.push('at least one of X handle, Facebook, Facebook id, e-mail');
  for (const [field, column] of Object.entries(map))
    if (column && !headers.includes(column)) missing.push(`${field} (column "${column}" is not in the file)`);
  if (missing.length) {
    return {
      headers,
      preview: data.slice(1, 6),
      rows: [],
      problems: [{ row: 1, reason: `missing columns: ${missing.join(', ')}` }],
      total: Math.max(0, data.length - 1),
    };
  }
  const col = (name: string | undefined) => (name ? headers.indexOf(name) : -1);
  const idx = Object.fromEntries(MAPPABLE_FIELDS.map(({ field }) => [field, col(map[field])])) as Record<keyof ColumnMapping, number>;
  const rows: ParsedImport['rows'] = [];
  const firstRowOfHandle = new Map<string, number>();
  let total = 0;
  for (let i = 1; i < data.length; i++) {
    const { cells, line: row, broken } = records[i];
    if (!broken && cells.length === 1 && cells[0].trim() === '') continue; // blank line
    total++;
    if (broken) {
      problems.push({ row, reason: `broken row (${broken})` });
      continue;
    }
    if (cells.length !== headers.length) {
      problems.push({ row, reason: `broken row: ${cells.length} fields, the header has ${headers.length}` });
      continue;
    }
    const get = (field: keyof ColumnMapping) => (idx[field] >= 0 ? cells[idx[field]].trim() : '');
    const handles: string[] = [];
    const x = get('x').replace(/^@/, '');
    if (x) handles.push(`x:${x.toLowerCase()}`);
    const fb = get('facebook');
    if (fb) handles.push(`facebook:${fb.toLowerCase()}`);
    const fbId = get('facebookId');
    if (fbId) {
      if (!/^\d{1,25}$/.test(fbId)) {
        problems.push({ row, reason: `Facebook id "${fbId.slice(0, 40)}" is not numeric` });
        continue;
      }
      handles.push(`facebook:id:${fbId}`);
    }
    const email = get('email');
    if (email) handles.push(`email:${email.toLowerCase()}`);
    const name = get('name');
    if (!name) {
      problems.push({ row, reason: 'no name' });
      continue;
    }
    if (!handles.length) {
      problems.push({ row, reason: 'no handle, id or e-mail' });
      continue;
    }
    const dup = handles.find((h) => firstRowOfHandle.has(h));
    if (dup) {
      problems.push({ row, reason: `duplicate handle ${dup} (first in row ${firstRowOfHandle.get(dup)})` });
      continue;
    }
    const ltvText = get('lifetimeValue').replace(/[\s,$€£]/g, '');
    const ltv = ltvText ? Number(ltvText) : null;
    if (ltv !== null && !Number.isFinite(ltv)) {
      problems.push({ row, reason: `lifetime value "${get('lifetimeValue').slice(0, 40)}" is not a number` });
      continue;
    }
    // The currency of the amounts: its own column, or the € / £ sign on the value ($ names several currencies).
    const currencyText = get('currency').toUpperCase();
    const currency = currencyText || (/€/.test(get('lifetimeValue')) ? 'EUR' : /£/.test(get('lifetimeValue')) ? 'GBP' : '');
    if (currency && !/^[A-Z]{3}$/.test(currency)) {
      problems.push({ row, reason: `currency "${get('currency').slice(0, 40)}" is not a code like EUR` });
      continue;
    }
    for (const h of handles) firstRowOfHandle.set(h, row);
    rows.push({
      row,
      customer: {
        id: get('id') ? `import:${get('id')}` : `import:${slug(handles[0])}`,
        name,
        handles,
        tier: get('tier') || null,
        lifetimeValue: ltv,
        ...(currency ? { currency } : {}),
        notes: get('notes') || null,
        tags: get('tags')
          ? get('tags')
              .split(/[;,|]/)
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
      },
    });
  }
  return { headers, preview: data.slice(1, 6), rows, problems: problems.sort((a, b) => a.row - b.row), total };
}

/** A JSON list of customers in Carebar's own shape (as `CustomerInput`), checked the same way. */
export function parseCustomersJson(text: string): ParsedImport {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (err) {
    return { headers: [], preview: [], rows: [], problems: [{ row: 1, reason: `not JSON: ${(err as Error).message}` }], total: 0 };
  }
  if (!Array.isArray(list))
    return { headers: [], preview: [], rows: [], problems: [{ row: 1, reason: 'expected a JSON list of customers' }], total: 0 };
  const rows: ParsedImport['rows'] = [];
  const problems: RowProblem[] = [];
  const first = new Map<string, number>();
  list.forEach((entry, i) => {
    const handles: unknown = (entry as { handles?: unknown })?.handles;
    const dup = Array.isArray(handles) ? handles.map((h) => String(h).toLowerCase()).find((h) => first.has(h)) : undefined;
    if (dup) return problems.push({ row: i + 1, reason: `duplicate handle ${dup} (first in entry ${first.get(dup)})` });
    if (Array.isArray(handles)) for (const h of handles) first.set(String(h).toLowerCase(), i + 1);
    rows.push({ row: i + 1, customer: entry as CustomerInput }); // validated in the background
  });
  return { headers: [], preview: [], rows, problems, total: list.length };
}

export const IMPORT_CHUNK = 5000;
/** Chunks in flight at once while writing (see CrmImport): two keep IndexedDB busy without queueing much. */
export const IMPORT_PIPELINE = 2;

/** What became of one chunk sent to the background (its first and last file row numbers). */
export type ChunkResult = { firstRow: number; lastRow: number } & ({ report: WriteReport } | { error: string });

export interface ImportOutcome {
  written: number;
  /** Rows skipped by the check or refused by the background, by row number. */
  rejected: RowProblem[];
  /** The first failure, when a chunk could not be written. */
  error: string | null;
  /** Which rows were not written because of it, e.g. "Rows 5,002–10,003 and rows from 15,004 on". */
  notImported: string | null;
}

/**
 * The import report from the chunks' results, indexed by chunk: `chunkCount` chunks in all, of which a tail may
 * be missing (never sent once one failed). With chunks in flight together a failed chunk can sit between written
 * ones, so the report names every range of rows that was not written, never just "from here on".
 */
export function summarizeChunks(results: (ChunkResult | undefined)[], skipped: RowProblem[], chunkCount: number): ImportOutcome {
  let written = 0;
  let error: string | null = null;
  const rejected = [...skipped];
  const ranges: string[] = [];
  const fmt = (n: number) => n.toLocaleString('en-US');
  for (let i = 0; i < chunkCount; i++) {
    const result = results[i];
    if (result && 'report' in result) {
      written += result.report.written;
      rejected.push(...result.report.rejected);
      continue;
    }
    // A run of chunks not written: failed ones, then possibly the never-sent tail.
    let end = i;
    while (end + 1 < chunkCount && !(results[end + 1] && 'report' in results[end + 1]!)) end++;
    for (let k = i; k <= end; k++) {
      const r = results[k];
      if (r && 'error' in r) error ??= r.error;
    }
    const from = result ? result.firstRow : results[i - 1]!.lastRow + 1;
    ranges.push(end === chunkCount - 1 ? `rows from ${fmt(from)} on` : `rows ${fmt(from)}–${fmt(results[end + 1]!.firstRow - 1)}`);
    i = end;
  }
  const notImported = ranges.length ? `R${ranges.join(' and ').slice(1)}` : null;
  return { written, rejected: rejected.sort((a, b) => a.row - b.row), error, notImported };
}
