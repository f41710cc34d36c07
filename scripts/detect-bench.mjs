// Median time of Carebar's detectors (lib/shared/detect, which run in the background service worker) on a 280-character
// post and a 2,000-character draft. Runs the same bundled code in Node's V8 (the engine of Chromium's worker).
// Usage: node scripts/detect-bench.mjs [runs]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const runs = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'carebar-detect-bench-'));
const out = join(dir, 'detect.mjs');
await build({ entryPoints: ['lib/shared/detect/index.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
const { detectText } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const post = '@AcmeSupport my order #48213 arrived with the box crushed and the jar cracked. Second time this month, absolutely useless. Call me on 07911 123456 or mail sam.b@gmail.com — I want a refund, not another voucher. Terrible service!!'.padEnd(280, ' x').slice(0, 280);
const paragraph = 'Hi Sam, thanks for your patience. I have checked order 48213 and the courier confirms the parcel was damaged in transit. A replacement ships tomorrow to 221 Baker Street, London NW1 6XE and the refund of $49.99 goes back to the card ending 4821 within 3-5 working days. ';
const draft = paragraph.repeat(Math.ceil(2000 / paragraph.length)).slice(0, 2000);

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (text, role) => {
  for (let i = 0; i < 20; i++) detectText(text, { role, thread: 'cbcbcb' }); // warm up (JIT, regex compilation)
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    detectText(text, { role, thread: 'cbcbcb' });
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), p95: samples.sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] };
};
const cold0 = performance.now();
detectText('first call', { role: 'post' });
const cold = performance.now() - cold0;
const p = time(post, 'post');
const d = time(draft, 'draft');
console.log(`detect: first call ${cold.toFixed(1)} ms (metadata and lexicons load)`);
console.log(`detect: 280-char post   median ${p.median.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms (${runs} runs)`);
console.log(`detect: 2000-char draft median ${d.median.toFixed(2)} ms, p95 ${d.p95.toFixed(2)} ms (${runs} runs)`);
