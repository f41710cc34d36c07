// `node scripts/bench-real-ab.mjs <extDirA> <extDirB> [pairs=14]`: two builds of Carebar (their chrome-mv3 folders)
// compared on the real X capture, loads interleaved A, B, B, A, … so a busy moment on the machine hits both alike.
// Per load, bench-real-page.mjs's own load (its load window: navigation until the 13 toolbars are in, plus 1.5 s):
// Carebar's script time (CPU-profile samples through its scripts) and main-thread task time. Medians. Runs of one
// build after the other on a shared 2-core machine move by more than a 2 ms change (BENCHMARKS.md, session 9).
import { loadOnce, REAL_CONVERSATION, routeRealConversation } from './bench-real-page.mjs';
import { launchWithExtension } from './launch-extension.mjs';
import { existsSync } from 'node:fs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [dirA, dirB, pairsArg] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node scripts/bench-real-ab.mjs <extDirA> <extDirB> [pairs]');
  process.exit(2);
}
if (!existsSync(REAL_CONVERSATION)) {
  console.log(`skipped: no ${REAL_CONVERSATION} (../shared is absent)`);
  process.exit(0);
}
const pairs = Number(pairsArg ?? 14);
const a = await launchWithExtension({ extensionDir: dirA });
const b = await launchWithExtension({ extensionDir: dirB });
try {
  await routeRealConversation(a.context);
  await routeRealConversation(b.context);
  const runs = { A: [], B: [] };
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 ? ['B', 'A'] : ['A', 'B'];
    for (const side of order) runs[side].push(await loadOnce((side === 'A' ? a : b).context, true));
  }
  for (const side of ['A', 'B']) {
    const r = runs[side];
    console.log(
      `${side} ${side === 'A' ? dirA : dirB}: script ${median(r.map((x) => x.carebarMs)).toFixed(1)} ms, ` +
        `task ${Math.round(median(r.map((x) => x.taskMs)))} ms (median of ${r.length}); ` +
        `each: ${r.map((x) => x.carebarMs.toFixed(1)).join(' ')}`,
    );
  }
} finally {
  await a.close();
  await b.close();
}
