// Feature / option experiments for the "needs a DM" classifier, on the TRAIN part only (never the frozen part):
// repeated 5-fold cross-validation by conversation (several fold seeds), each variant scored by
//   - recall at ≤ 5% prompts on should-not-move posts (threshold picked on the pooled out-of-fold scores: optimistic),
//   - "nested": the threshold picked on the other four folds' out-of-fold scores, applied to the held-out fold (honest
//     for the threshold rule itself).
// Usage: node scripts/train-dm-experiments.mjs [variant names, `a+b` combines…]
//   ERRORS=<variant> also lists that variant's out-of-fold misses on the train part;
//   NEGHEAD=<variant,…> compares a learned strong-negative head with the sentiment rule (train part, nested CV).
// Findings (2026-11-30, recorded in BENCHMARKS.md #15): feature variants (trigrams, other character n-gram ranges,
// cross-word character n-grams, negation marking, word-group lexicon features, extra dense signals, stacking the
// account head, 2^13 / 2^15 buckets, class weights) all land within ±0.02 of the current recall within the targets —
// noise on 424 turns; dropping the rule detectors' dense signals costs 0.11; a lower AdaGrad rate helps slightly.
import { loadDetect, loadLabelled } from './dm-data.mjs';
import { confusion, predict, train as lrTrain } from './dm-lr.mjs';
import { createHash } from 'node:crypto';

const data = loadLabelled();
const detect = await loadDetect();
const items = data.customer.filter((r) => r.split === 'train');
const y = items.map((r) => (r.dm ? 1 : 0));
const yAcc = items.map((r) => (r.account ? 1 : 0));
const sha = (s) => createHash('sha256').update(s).digest('hex');
const foldOf = (conv, k, seed) => parseInt(sha(`fold${seed}:${conv}`).slice(0, 8), 16) % k;
const SEEDS = [0, 1, 2, 3];

function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const NEG = detect.NEGATORS;
const base = items.map((it) => {
  const findings = detect.detectText(it.text, { role: 'post', thread: it.thread });
  const dense = detect.denseSignals(it.text, findings, it.thread);
  return { dense, words: detect.tokenize(it.text) };
});

function featurize(i, o) {
  const { words: w0 } = base[i];
  const text = items[i].text;
  let words = w0;
  const grams = new Map();
  const add = (g, wt = 1) => grams.set(g, wt);
  if (o.neg) {
    // words after a negator (until 3 tokens) get a neg_ copy
    words = [];
    let left = 0;
    for (const w of w0) {
      if (NEG.has(w)) {
        left = 3;
        words.push(w);
        continue;
      }
      words.push(left > 0 ? `!${w}` : w);
      left--;
    }
  }
  for (let k = 0; k < words.length; k++) {
    add(`w:${words[k]}`, o.ww ?? 1);
    if (o.bi !== false && k > 0) add(`b:${words[k - 1]} ${words[k]}`, o.bw ?? 1);
    if (o.tri && k > 1) add(`t:${words[k - 2]} ${words[k - 1]} ${words[k]}`, o.bw ?? 1);
    if (o.char !== false && !words[k].startsWith('_')) {
      const padded = `<${words[k].replace(/^!/, '')}>`;
      for (let n = o.cmin ?? 3; n <= (o.cmax ?? 5); n++)
        for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, o.cw ?? 1);
    }
  }
  if (o.xchar) {
    const t = ` ${w0.join(' ')} `;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= t.length; j++) add(`x:${t.slice(j, j + n)}`, o.cw ?? 1);
  }
  if (o.groups) {
    const present = new Set();
    for (let k = 0; k < w0.length; k++) {
      const g = GROUP_OF.get(w0[k]);
      if (!g) continue;
      present.add(g);
      if (k > 0 && /^(?:my|our|mine|me)$/.test(w0[k - 1])) present.add(`my_${g}`);
    }
    for (const g of present) add(`g:${g}`, o.gw ?? 1);
    if (o.gpairs) {
      const gs = [...present].sort();
      for (let a = 0; a < gs.length; a++) for (let b = a + 1; b < gs.length; b++) add(`gp:${gs[a]}+${gs[b]}`, o.gw ?? 1);
    }
  }
  if (o.first) {
    add(`f:${words[0] ?? ''}`);
    if (words.length > 1) add(`f2:${words[0]} ${words[1]}`);
  }
  if (o.len) add(`len:${Math.min(8, Math.floor(words.length / 8))}`);
  if (o.position) add(`pos:${Math.min(3, (items[i].thread.match(/c/g) ?? []).length)}`);
  const size = 1 << (o.bits ?? 14);
  const idx = [];
  const val = [];
  let sq = 0;
  for (const [g, wt] of grams) if (!g.startsWith('g:') || !o.gdense) sq += wt * wt;
  const norm = sq ? (o.ts ?? 1) / Math.sqrt(sq) : 0;
  const seen = new Map();
  for (const [g, wt] of grams) {
    const h = fnv(g);
    const j = h & (size - 1);
    const s = (h & 0x80000000 ? -1 : 1) * wt * (o.gdense && g.startsWith('g:') ? 1 : norm);
    seen.set(j, (seen.get(j) ?? 0) + s);
  }
  for (const [j, s] of seen) {
    idx.push(j);
    val.push(s);
  }
  const d = { ...base[i].dense };
  {
    const ws = new Set(w0);
    const first = ['my', 'me', 'i', "i'm", "i've", 'mine', 'our', 'we', 'us'].some((x) => ws.has(x)) ? 1 : 0;
    const has = (g) => w0.some((w) => GROUP_OF.get(w) === g);
    const negation = w0.some((w) => NEG.has(w)) ? 1 : 0;
    d.first = first;
    d.negMy = d.strongNegative * first;
    d.sentMy = d.sentiment * first;
    d.purchaseLoss = has('purchase') && (has('loss') || negation) ? 1 : 0;
    d.myAsset = w0.some((w, k) => k > 0 && /^(?:my|our)$/.test(w0[k - 1]) && (GROUP_OF.get(w) === 'asset' || GROUP_OF.get(w) === 'money'))
      ? 1
      : 0;
    d.question = /\?/.test(text) ? 1 : 0;
  }
  const names = o.dense ?? ['personal', 'accountRule', 'strongNegative', 'sentiment', 'longThread', 'followUp', 'shouting'];
  return { idx: Int32Array.from(idx), val: Float64Array.from(val), dense: names.map((n) => d[n]), personal: d.personal === 1 };
}

const GROUPS = {
  purchase:
    'bought buy buying purchase purchased purchasing paid pay paying ordered order orders redeem redeemed redeeming won win subscribed subscription booked booking renew renewed renewal upgrade upgraded claim claimed',
  money:
    'refund refunds refunded charge charged charges charging billed bill billing payment payments fee fees money credit credits voucher vouchers dollars price cost escrow mortgage invoice',
  access:
    'login log logged logging signin sign signed password passwords locked lock hacked hack compromised verification verify verified authenticator 2fa recover recovery access code pin',
  asset:
    'account accounts channel profile email gmail mail inbox subscription membership order package delivery flight reservation ticket tickets game games car garage item items content library',
  loss: 'missing gone disappeared disappear lost never receive received arrive arrived terminated banned suspended deleted disabled removed stolen taken wrongfully',
  help: 'help please assist fix resolve dm message contact call email speak',
};
const GROUP_OF = new Map();
for (const [g, ws] of Object.entries(GROUPS)) for (const w of ws.split(' ')) GROUP_OF.set(w, g);
const train = (vs, ys, o) =>
  lrTrain(vs, ys, {
    size: 1 << (o.bits ?? 14),
    denseCount: vs[0].dense.length,
    l2: o.l2 ?? 1e-3,
    epochs: o.epochs ?? 20,
    rate: o.rate ?? 0.5,
    posWeight: o.posWeight ?? 1,
  });

function oof(vs, ys, o, seed, k = 5) {
  const p = new Array(vs.length).fill(0);
  const folds = items.map((it) => foldOf(it.conv, k, seed));
  for (let f = 0; f < k; f++) {
    const tr = vs.map((_, i) => i).filter((i) => folds[i] !== f);
    let tvs = tr.map((i) => vs[i]);
    if (o.stack) {
      // account head's inner out-of-fold probability as a dense feature (no leak of the held-out fold)
      const accIn = innerOof(tr, o);
      tvs = tr.map((i, n) => ({ ...vs[i], dense: [...vs[i].dense, accIn[n]] }));
      const accHead = train(
        tr.map((i) => vs[i]),
        tr.map((i) => yAcc[i]),
        o.accOpts ?? o,
      );
      const h = train(
        tvs,
        tr.map((i) => ys[i]),
        o,
      );
      vs.forEach((v, i) => {
        if (folds[i] === f) p[i] = predict(h, { ...v, dense: [...v.dense, predict(accHead, v)] });
      });
      continue;
    }
    const h = train(
      tvs,
      tr.map((i) => ys[i]),
      o,
    );
    vs.forEach((v, i) => {
      if (folds[i] === f) p[i] = predict(h, v);
    });
  }
  return { p, folds };
}
function innerOof(tr, o) {
  const out = new Array(tr.length).fill(0);
  const k = 4;
  const fl = tr.map((i) => foldOf(items[i].conv, k, 99));
  for (let f = 0; f < k; f++) {
    const t2 = tr.map((i, n) => n).filter((n) => fl[n] !== f);
    const h = train(
      t2.map((n) => VS[tr[n]]),
      t2.map((n) => yAcc[tr[n]]),
      o.accOpts ?? o,
    );
    tr.forEach((i, n) => {
      if (fl[n] === f) out[n] = predict(h, VS[i]);
    });
  }
  return out;
}
let VS;
const TH = Array.from({ length: 91 }, (_, i) => 0.05 + i * 0.01);
function pick(vs, p, ys, idxs, fprMax = 0.05) {
  let best = null;
  for (const t of TH) {
    const c = confusion(
      idxs.map((i) => vs[i].personal || p[i] >= t),
      idxs.map((i) => ys[i]),
    );
    if (c.fpr <= fprMax && (!best || c.recall > best.recall || (c.recall === best.recall && c.fpr < best.fpr))) best = { t, ...c };
  }
  return best;
}
function auc(p, ys) {
  const pos = p.filter((_, i) => ys[i]),
    neg = p.filter((_, i) => !ys[i]);
  let s = 0;
  for (const a of pos) for (const b of neg) s += a > b ? 1 : a === b ? 0.5 : 0;
  return s / pos.length / neg.length;
}
export function run(name, o) {
  const vs = items.map((_, i) => featurize(i, o));
  VS = vs;
  const res = [];
  for (const seed of SEEDS) {
    const { p, folds } = oof(vs, y, o, seed);
    const all = items.map((_, i) => i);
    const pooled = pick(vs, p, y, all, o.fprMax ?? 0.05);
    // nested: per fold, threshold from the other folds
    const pred = new Array(items.length);
    for (let f = 0; f < 5; f++) {
      const others = all.filter((i) => folds[i] !== f);
      const t = pick(vs, p, y, others, o.fprMax ?? 0.05)?.t ?? 0.5;
      all.filter((i) => folds[i] === f).forEach((i) => (pred[i] = vs[i].personal || p[i] >= t));
    }
    const nested = confusion(pred, y);
    res.push({
      auc: auc(p, y),
      pooledR: pooled?.recall ?? 0,
      pooledT: pooled?.t ?? 0,
      nP: nested.precision,
      nR: nested.recall,
      nF: nested.fpr,
    });
  }
  const m = (k) => res.reduce((a, r) => a + r[k], 0) / res.length;
  const line = `${name.padEnd(28)} AUC ${m('auc').toFixed(3)} | R@FPR5 ${m('pooledR').toFixed(3)} (t≈${m('pooledT').toFixed(2)}) | nested P ${m('nP').toFixed(3)} R ${m('nR').toFixed(3)} FPR ${(m('nF') * 100).toFixed(1)}%`;
  console.log(line);
  return { auc: m('auc'), r: m('pooledR') };
}

const D0 = ['personal', 'accountRule', 'strongNegative', 'sentiment', 'longThread', 'followUp', 'shouting'];
const V = {
  current: {},
  l2_3e4: { l2: 3e-4 },
  l2_3e3: { l2: 3e-3 },
  l2_1e2: { l2: 1e-2 },
  l2_1e4: { l2: 1e-4 },
  ep10: { epochs: 10 },
  ep40: { epochs: 40 },
  nochar: { char: false },
  nobi: { bi: false },
  tri: { tri: true },
  c24: { cmin: 2, cmax: 4 },
  c36: { cmin: 3, cmax: 6 },
  c46: { cmin: 4, cmax: 6 },
  xchar: { char: false, xchar: true },
  cw05: { cw: 0.5 },
  cw03: { cw: 0.3 },
  ww2: { ww: 2, bw: 2 },
  neg: { neg: true },
  first: { first: true },
  len: { len: true },
  position: { position: true },
  bits15: { bits: 15 },
  bits13: { bits: 13 },
  pw15: { posWeight: 1.5 },
  pw07: { posWeight: 0.7 },
  groups: { groups: true },
  gpairs: { groups: true, gpairs: true },
  groups2: { groups: true, gw: 2 },
  gdense: { groups: true, gdense: true },
  ts2: { ts: 2 },
  ts05: { ts: 0.5 },
  ts3: { ts: 3 },
  r02: { rate: 0.2 },
  r1: { rate: 1 },
  r01: { rate: 0.1 },
  r005: { rate: 0.05 },
  r03: { rate: 0.3 },
  d_neg: { dense: [...D0, 'negMy', 'sentMy'] },
  d_first: { dense: [...D0, 'first'] },
  d_pl: { dense: [...D0, 'purchaseLoss'] },
  d_asset: { dense: [...D0, 'myAsset'] },
  d_q: { dense: [...D0, 'question'] },
  d_all: { dense: [...D0, 'negMy', 'sentMy', 'first', 'purchaseLoss', 'myAsset'] },
  nodense: { dense: [] },
  stack: { stack: true },
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(V);
for (const n of names) {
  const o = n.includes('+') ? Object.assign({}, ...n.split('+').map((x) => V[x])) : V[n];
  run(n, o);
}
if (process.env.ERRORS) {
  const o = V[process.env.ERRORS] ?? {};
  const vs = items.map((_, i) => featurize(i, o));
  VS = vs;
  const { p } = oof(vs, y, o, 0);
  items.forEach((it, i) => {
    const show = vs[i].personal || p[i] >= 0.63;
    if (show !== !!it.dm)
      console.log(
        `${show ? 'FP' : 'FN'} ${p[i].toFixed(2)} acc=${it.account ? 1 : 0} neg=${it.negative ? 1 : 0} r=${base[i].dense.accountRule} ${it.thread} | ${it.text.replace(/\s+/g, ' ').slice(0, 230)}`,
      );
  });
}
if (process.env.NEGHEAD) {
  const yN = items.map((r) => (r.negative ? 1 : 0));
  const rule = confusion(
    items.map((_, i) => base[i].dense.strongNegative === 1),
    yN,
  );
  console.log(`rule: P ${rule.precision.toFixed(3)} R ${rule.recall.toFixed(3)} F1 ${rule.f1.toFixed(3)}`);
  for (const name of process.env.NEGHEAD.split(',')) {
    const o = Object.assign({}, ...name.split('+').map((x) => V[x]));
    const vs = items.map((_, i) => featurize(i, o));
    VS = vs;
    const acc = { orP: 0, orR: 0, orF: 0, hP: 0, hR: 0, hF: 0 };
    for (const seed of SEEDS) {
      const { p, folds } = oof(vs, yN, o, seed);
      const all = items.map((_, i) => i);
      const predOr = new Array(items.length),
        predH = new Array(items.length);
      for (let f = 0; f < 5; f++) {
        const others = all.filter((i) => folds[i] !== f);
        const best = (fn) =>
          TH.map((t) => ({
            t,
            ...confusion(
              others.map((i) => fn(i, t)),
              others.map((i) => yN[i]),
            ),
          })).reduce((a, b) => (b.f1 > a.f1 ? b : a)).t;
        const tOr = best((i, t) => base[i].dense.strongNegative === 1 || p[i] >= t);
        const tH = best((i, t) => p[i] >= t);
        all
          .filter((i) => folds[i] === f)
          .forEach((i) => {
            predOr[i] = base[i].dense.strongNegative === 1 || p[i] >= tOr;
            predH[i] = p[i] >= tH;
          });
      }
      const a = confusion(predOr, yN),
        b = confusion(predH, yN);
      acc.orP += a.precision / 4;
      acc.orR += a.recall / 4;
      acc.orF += a.f1 / 4;
      acc.hP += b.precision / 4;
      acc.hR += b.recall / 4;
      acc.hF += b.f1 / 4;
    }
    console.log(
      `${name}: rule OR head P ${acc.orP.toFixed(3)} R ${acc.orR.toFixed(3)} F1 ${acc.orF.toFixed(3)} | head alone P ${acc.hP.toFixed(3)} R ${acc.hR.toFixed(3)} F1 ${acc.hF.toFixed(3)}`,
    );
  }
}
