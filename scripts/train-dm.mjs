// Trains the "needs a DM" classifier (lib/shared/detect/dm-model.json) on the TRAIN part of data/dm-labels only.
// Learning rate, regularisation, epochs and both thresholds are chosen by repeated 5-fold cross-validation by
// conversation on that part (4 partitions; experiments with other features: scripts/train-dm-experiments.mjs); the
// frozen part is never read here. Usage: node scripts/train-dm.mjs
import { writeFileSync } from 'node:fs';
import { loadDetect, loadLabelled } from './dm-data.mjs';
import { confusion, outOfFold, quantise, train, vectorise } from './dm-lr.mjs';

const data = loadLabelled();
if (!data) {
  console.log('train-dm: ibm-twitter-care/dev.json not found (set CAREBAR_IBM_DATA); nothing trained.');
  process.exit(0);
}
const detect = await loadDetect();
const items = data.customer.filter((r) => r.split === 'train');
const vectors = vectorise(detect, items);
const base = { size: detect.HASH_SIZE, denseCount: detect.DENSE_FEATURES.length };
const yDm = items.map((r) => (r.dm ? 1 : 0));
const yAccount = items.map((r) => (r.account ? 1 : 0));

/** The prompt's decision: personal data always prompts, otherwise the classifier against the threshold. */
const promptAt = (probs, t) => probs.map((p, i) => vectors[i].personal || p >= t);
const accountAt = (probs, t) => probs.map((p, i) => vectors[i].accountRule || p >= t);
const thresholds = Array.from({ length: 81 }, (_, i) => 0.1 + i * 0.01);

/**
 * The dm threshold: the highest recall whose cross-validated rate of prompts on should-not-move posts stays within the
 * target (≤ 5%) with precision ≥ 0.75; if none, the best F1.
 */
function pickDm(probs) {
  const rows = thresholds.map((t) => ({ t, ...confusion(promptAt(probs, t), yDm) }));
  const ok = rows.filter((r) => r.fpr <= 0.05 && r.precision >= 0.75);
  const best = (ok.length ? ok : rows).reduce((a, b) =>
    (ok.length ? b.recall > a.recall || (b.recall === a.recall && b.fpr < a.fpr) : b.f1 > a.f1) ? b : a,
  );
  return best;
}
const pickAccount = (probs) =>
  thresholds.map((t) => ({ t, ...confusion(accountAt(probs, t), yAccount) })).reduce((a, b) => (b.f1 > a.f1 ? b : a));

// Repeated cross-validation: 5 folds by conversation under 4 different partitions (fold seeds). Each option set is
// scored by the mean over partitions of the picked point (dm: recall within the targets; account: F1); the threshold
// is then picked on the out-of-fold probabilities averaged over the partitions (smoother than one partition's).
const SEEDS = [0, 1, 2, 3];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const averaged = (runs) => runs[0].map((_, i) => mean(runs.map((r) => r[i])));
const grid = [];
for (const rate of [0.1, 0.2, 0.5])
  for (const l2 of [3e-4, 1e-3, 3e-3]) for (const epochs of [10, 20, 40]) grid.push({ ...base, rate, l2, epochs });
let bestDm = null;
let bestAccount = null;
for (const options of grid) {
  const dmRuns = SEEDS.map((seed) => outOfFold(items, vectors, yDm, options, 5, seed));
  const accountRuns = SEEDS.map((seed) => outOfFold(items, vectors, yAccount, options, 5, seed));
  const dmPicks = dmRuns.map(pickDm);
  const accountPicks = accountRuns.map(pickAccount);
  // Score: mean recall within the targets (mean F1 where a partition has no threshold within them).
  const dmScore = mean(dmPicks.map((d) => (d.fpr <= 0.05 && d.precision >= 0.75 ? d.recall : d.f1 - 1)));
  const accountScore = mean(accountPicks.map((a) => a.f1));
  console.log(
    `rate=${options.rate} l2=${options.l2} epochs=${options.epochs}: dm mean recall within targets ${dmScore.toFixed(3)} (P ${mean(dmPicks.map((d) => d.precision)).toFixed(3)}, FPR ${mean(dmPicks.map((d) => d.fpr)).toFixed(3)}) | account mean F1 ${accountScore.toFixed(3)}`,
  );
  if (!bestDm || dmScore > bestDm.score) bestDm = { options, score: dmScore, probs: averaged(dmRuns) };
  if (!bestAccount || accountScore > bestAccount.score) bestAccount = { options, score: accountScore, probs: averaged(accountRuns) };
}
bestDm.pick = pickDm(bestDm.probs);
bestAccount.pick = pickAccount(bestAccount.probs);
console.log(
  `\ndm threshold ${bestDm.pick.t.toFixed(2)} on averaged out-of-fold probabilities: P ${bestDm.pick.precision.toFixed(3)} R ${bestDm.pick.recall.toFixed(3)} FPR ${bestDm.pick.fpr.toFixed(3)}`,
);

const dmHead = train(vectors, yDm, bestDm.options);
const accountHead = train(vectors, yAccount, bestAccount.options);
const pack = (head) => ({
  bias: head.bias,
  dense: Object.fromEntries(detect.DENSE_FEATURES.map((n, i) => [n, Number(head.dense[i].toFixed(5))])),
  ...quantise(head),
});
const model = {
  version: 1,
  hashBits: detect.HASH_BITS,
  trainedOn: `data/dm-labels train part: ${items.length} customer turns (${yDm.filter(Boolean).length} dm, ${yAccount.filter(Boolean).length} account)`,
  options: {
    dm: { rate: bestDm.options.rate, l2: bestDm.options.l2, epochs: bestDm.options.epochs },
    account: { rate: bestAccount.options.rate, l2: bestAccount.options.l2, epochs: bestAccount.options.epochs },
  },
  thresholds: { dm: Number(bestDm.pick.t.toFixed(2)), account: Number(bestAccount.pick.t.toFixed(2)) },
  heads: { dm: pack(dmHead), account: pack(accountHead) },
};
// Written as Prettier formats it, so a formatting pass leaves the generated file alone.
const prettier = await import('prettier');
const file = 'lib/shared/detect/dm-model.json';
const json = await prettier.format(JSON.stringify(model), { ...(await prettier.resolveConfig(file)), filepath: file });
writeFileSync(file, json);
// The trade-off a team setting moves along (shown next to the options page's "How readily Carebar suggests a DM"):
// precision, recall and prompts on should-not-move posts at each threshold, on the averaged out-of-fold scores.
const tradeoff = {
  source: `cross-validated on the train part of data/dm-labels (${items.length} real customer turns, ${yDm.filter(Boolean).length} should move; 4 × 5 folds by conversation)`,
  default: model.thresholds.dm,
  rows: Array.from({ length: 11 }, (_, i) => Number((0.3 + i * 0.05).toFixed(2))).map((t) => {
    const c = confusion(promptAt(bestDm.probs, t), yDm);
    return { threshold: t, precision: Number(c.precision.toFixed(3)), recall: Number(c.recall.toFixed(3)), fpr: Number(c.fpr.toFixed(3)) };
  }),
};
const tradeoffFile = 'lib/shared/detect/dm-tradeoff.json';
writeFileSync(
  tradeoffFile,
  await prettier.format(JSON.stringify(tradeoff), { ...(await prettier.resolveConfig(tradeoffFile)), filepath: tradeoffFile }),
);
console.log(
  `\nchosen: dm ${JSON.stringify(model.options.dm)} threshold ${model.thresholds.dm}; account ${JSON.stringify(model.options.account)} threshold ${model.thresholds.account}`,
);
console.log(`wrote lib/shared/detect/dm-model.json (${(json.length / 1024).toFixed(1)} KB) and ${tradeoffFile}`);
