// Prints precision / recall per detector (lib/shared/detect) on the tuning corpus and on the frozen slice.
// Usage: node scripts/detect-eval.mjs [--errors]
import { build } from 'esbuild';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'carebar-detect-'));
const out = join(dir, 'evaluate.mjs');
await build({ entryPoints: ['lib/shared/detect/evaluate.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
const { parseCorpus, evaluate, formatTable } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

for (const [title, file] of [['Tuning corpus (tests/fixtures/detect/corpus.jsonl)', 'corpus.jsonl'], ['Frozen slice (tests/fixtures/detect/frozen.jsonl, never tuned on)', 'frozen.jsonl']]) {
  const items = parseCorpus(readFileSync(`tests/fixtures/detect/${file}`, 'utf8'));
  const e = evaluate(items);
  console.log(`${formatTable(`${title}: ${items.length} items`, e)}\n`);
  if (process.argv.includes('--errors') && !file.startsWith('frozen')) for (const err of e.errors) console.log(`  ${err.kind} ${err.reason} ${err.id}: ${err.text}`);
}
