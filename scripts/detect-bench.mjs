// Speed of Carebar's detectors and move-to-DM decision (lib/shared/detect, which run in the background service worker),
// in Node's V8 (the engine of Chromium's worker) on the same bundled code: p95 per 280-character post (detectors +
// classifier), a 2,000-character draft, a 100-post batch, and the worst 100 KB adversarial inputs (each must stay
// ≤ 50 ms). Usage: node scripts/detect-bench.mjs [runs]   (also run by `npm run eval`)
import { pathToFileURL } from 'node:url';

const post = '@AcmeSupport my order #48213 arrived with the box crushed and the jar cracked. Second time this month, absolutely useless. Call me on 07911 123456 or mail sam.b@gmail.com — I want a refund, not another voucher. Terrible service!!'.padEnd(280, ' x').slice(0, 280);
const realistic = [
  '@RockstarSupport I purchased the Whale Shark Card Bundle but have yet to receive the money. Do I need to go somewhere or do something in game to receive it?',
  '@SpotifyCares I’m on an LG G8 ThinQ running Android version 10. I just recently updated my spotify and it’s now running version 8.5.50.916. iOS 11.0.3 Spotify 8.4 24.506',
  '@gmail i forgot my gmail password and i lost my mobile number also which is connected to my gmail, how can i recover my gmail help me',
  'Windows, AMD Ryzen 5 3600 3.6 GHz 6-Core Processor, 32gb of ram, PowerColor Radeon RX 5700 XT 8 GB. Inspiron 15 3000 after the last version update',
];
const paragraph = 'Hi Sam, thanks for your patience. I have checked order 48213 and the courier confirms the parcel was damaged in transit. A replacement ships tomorrow to 221 Baker Street, London NW1 6XE and the refund of $49.99 goes back to the card ending 4821 within 3-5 working days. Call us on 0333 123 4567 option 2. ';
const draft = paragraph.repeat(Math.ceil(2000 / paragraph.length)).slice(0, 2000);

const KB100 = 100_000;
const fill = (unit) => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);
/** Inputs built to make backtracking or per-candidate work explode. */
export const ADVERSARIAL = {
  "'a.' × 50,000": fill('a.'),
  '100,000 digits': fill('1234567890'),
  "'1 ' × 50,000": fill('1 '),
  "'1-' × 50,000": fill('1-'),
  "'+1 (2' repeated": fill('+1 (2'),
  "'a@' × 50,000": fill('a@'),
  "'a.a@b.' repeated": fill('a.a@b.'),
  "'x.com/' repeated": fill('x.com/'),
  "'order #1-' repeated": fill('order #1-'),
  "'12 Main ' repeated": fill('12 Main '),
  "'Calle de la ' repeated": fill('Calle de la '),
  "'4111 ' repeated": fill('4111 '),
  'caps words': fill('FIX THIS NOW '),
  'one 100 KB word': fill('a'),
  'spaces': fill(' '),
  'emoji': fill('😡'),
};

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

export async function runBench(detect, runs = 300) {
  const time = (fn, n) => {
    for (let i = 0; i < 20; i++) fn(); // warm up (JIT, regex compilation)
    const samples = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      fn();
      samples.push(performance.now() - t0);
    }
    return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
  };
  const cold0 = performance.now();
  detect.assessPost('first call', {});
  const cold = performance.now() - cold0;
  const p = time(() => detect.assessPost(post, { thread: 'cbcbcb' }), runs);
  let k = 0;
  const r = time(() => detect.assessPost(realistic[k++ % realistic.length]), runs);
  const c = time(() => detect.scoreText(post, detect.denseSignals(post, [], undefined)), runs);
  const d = time(() => detect.detectText(draft, { role: 'draft' }), Math.max(50, runs / 4));
  const batch = Array.from({ length: 100 }, (_, i) => ({ key: `x:${i}`, text: `${realistic[i % realistic.length]} #${i}` }));
  const b0 = performance.now();
  await detect.assessPosts(batch);
  const b = performance.now() - b0;
  console.log(`first call (model and lexicons load): ${cold.toFixed(1)} ms`);
  console.log(`280-char post, detectors + classifier: median ${p.median.toFixed(3)} ms, p95 ${p.p95.toFixed(3)} ms (${runs} runs)`);
  console.log(`real-style posts (versions, purchases):  median ${r.median.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms`);
  console.log(`classifier alone (features + 2 heads):  median ${c.median.toFixed(3)} ms, p95 ${c.p95.toFixed(3)} ms`);
  console.log(`2,000-char draft (reply guard detectors): median ${d.median.toFixed(3)} ms, p95 ${d.p95.toFixed(3)} ms`);
  console.log(`100-post detect.posts batch (uncached, time-sliced): ${b.toFixed(1)} ms`);
  console.log('\n| 100 KB adversarial input | detectText (post) | detectText (draft) | assessPost |');
  console.log('| --- | ---: | ---: | ---: |');
  let worst = 0;
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    // Median of 7 runs after one warm-up: the machine is shared, and a single run measures the neighbours too.
    const one = (fn) => {
      fn();
      const samples = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        fn();
        samples.push(performance.now() - t0);
      }
      return quantile(samples, 0.5);
    };
    const a = one(() => detect.detectText(text, { role: 'post' }));
    const dd = one(() => detect.detectText(text, { role: 'draft' }));
    const s = one(() => detect.assessPost(text, {}));
    worst = Math.max(worst, a, dd, s);
    console.log(`| ${name} | ${a.toFixed(1)} ms | ${dd.toFixed(1)} ms | ${s.toFixed(1)} ms |`);
  }
  const { loadavg } = await import('node:os');
  console.log(`\nworst 100 KB input (median of 7): ${worst.toFixed(1)} ms (target ≤ 50 ms); 280-char post p95 ${p.p95.toFixed(3)} ms (target ≤ 5 ms); load average ${loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  return { p95: p.p95, worst };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadDetect } = await import('./dm-data.mjs');
  await runBench(await loadDetect(), Number(process.argv[2] ?? 300));
}
