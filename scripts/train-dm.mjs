// Trains the "needs a DM" classifier (lib/shared/detect/dm-model.json) on the TRAIN part of data/dm-labels only.
// Regularisation, epochs and both thresholds are chosen by 5-fold cross-validation by conversation on that part; the
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

const grid = [];
for (const l2 of [3e-4, 1e-3, 3e-3]) for (const epochs of [20, 40]) grid.push({ ...base, l2, epochs });
let bestDm = null;
let bestAccount = null;
for (const options of grid) {
  const dm = pickDm(outOfFold(items, vectors, yDm, options));
  const account = pickAccount(outOfFold(items, vectors, yAccount, options));
  console.log(
    `l2=${options.l2} epochs=${options.epochs}: dm t=${dm.t.toFixed(2)} P=${dm.precision.toFixed(3)} R=${dm.recall.toFixed(3)} FPR=${dm.fpr.toFixed(3)} | account t=${account.t.toFixed(2)} F1=${account.f1.toFixed(3)}`,
  );
  if (!bestDm || dm.recall + dm.precision - dm.fpr > bestDm.score) bestDm = { options, pick: dm, score: dm.recall + dm.precision - dm.fpr };
  if (!bestAccount || account.f1 > bestAccount.pick.f1) bestAccount = { options, pick: account };
}

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
    dm: { l2: bestDm.options.l2, epochs: bestDm.options.epochs },
    account: { l2: bestAccount.options.l2, epochs: bestAccount.options.epochs },
  },
  thresholds: { dm: Number(bestDm.pick.t.toFixed(2)), account: Number(bestAccount.pick.t.toFixed(2)) },
  heads: { dm: pack(dmHead), account: pack(accountHead) },
};
// Written as Prettier formats it, so a formatting pass leaves the generated file alone.
const prettier = await import('prettier');
const file = 'lib/shared/detect/dm-model.json';
const json = await prettier.format(JSON.stringify(model), { ...(await prettier.resolveConfig(file)), filepath: file });
writeFileSync(file, json);
console.log(
  `\nchosen: dm ${JSON.stringify(model.options.dm)} threshold ${model.thresholds.dm}; account ${JSON.stringify(model.options.account)} threshold ${model.thresholds.account}`,
);
console.log(`wrote lib/shared/detect/dm-model.json (${(json.length / 1024).toFixed(1)} KB)`);
