// Which sources weigh in a built bundle: node scripts/bundle-weights.mjs .output/chrome-mv3/content-scripts/x.js
// (build with CAREBAR_SOURCEMAP=1 first). Bytes of minified output attributed to each original source, and the share
// of the file's gzip size (gzip of each source's output slices alone, so shares are approximate).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

const file = process.argv[2];
const code = readFileSync(file, 'utf8');
const map = new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
const lines = code.split('\n');
const bySource = new Map();
const mappings = [];
map.eachMapping((m) => mappings.push(m));
mappings.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
for (let i = 0; i < mappings.length; i++) {
  const m = mappings[i];
  const next = mappings[i + 1];
  const line = lines[m.generatedLine - 1] ?? '';
  const end = next && next.generatedLine === m.generatedLine ? next.generatedColumn : line.length;
  const text = line.slice(m.generatedColumn, end);
  const key = (m.source ?? '(none)').replace(/^.*node_modules\//, 'nm:').replace(/^(\.\.\/)+/, '');
  bySource.set(key, (bySource.get(key) ?? '') + text);
}
const total = code.length;
const rows = [...bySource].map(([k, t]) => [k, t.length, gzipSync(t).length]).sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${total} B, gzip ${gzipSync(code).length} B`);
const groups = new Map();
for (const [k, b, g] of rows) {
  const grp = k.startsWith('nm:')
    ? k
        .split('/')
        .slice(0, k.startsWith('nm:@') ? 2 : 1)
        .join('/')
    : k.split('/').slice(0, 2).join('/');
  const cur = groups.get(grp) ?? [0, 0];
  groups.set(grp, [cur[0] + b, cur[1] + g]);
}
console.log('-- groups');
for (const [k, [b, g]] of [...groups].sort((a, b) => b[1][0] - a[1][0])) console.log(String(b).padStart(7), String(g).padStart(6), k);
console.log('-- files');
for (const [k, b, g] of rows.slice(0, Number(process.env.TOP ?? 60))) console.log(String(b).padStart(7), String(g).padStart(6), k);
