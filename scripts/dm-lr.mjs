// Logistic regression over hashed text features + dense signals (the "needs a DM" classifier), trained with AdaGrad
// and L2. Plain JS so scripts/train-dm.mjs and scripts/detect-eval.mjs (cross-validated figures) share it.
import { foldOf } from './dm-data.mjs';

/**
 * Vectorise items once: { idx: Int32Array, val: Float64Array, dense: number[] } using the detectors' own functions,
 * so training sees exactly what the background computes.
 */
export function vectorise(detect, items) {
  return items.map((item) => {
    const features = detect.textFeatures(item.text);
    const norm = features.length ? 1 / Math.sqrt(features.length) : 0;
    const findings = detect.detectText(item.text, { role: 'post', thread: item.thread });
    const dense = detect.denseSignals(item.text, findings, item.thread);
    return {
      idx: Int32Array.from(features.map((f) => f.index)),
      val: Float64Array.from(features.map((f) => f.sign * norm)),
      dense: detect.DENSE_FEATURES.map((n) => dense[n]),
      personal: dense.personal === 1,
      accountRule: dense.accountRule === 1,
    };
  });
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Train one head. y: 0/1 labels; posWeight scales the positives' loss. Returns { bias, dense: Float64Array, text: Float64Array }. */
export function train(vectors, y, { size, denseCount, l2 = 1e-3, epochs = 40, rate = 0.5, seed = 1, posWeight = 1 }) {
  const text = new Float64Array(size);
  const dense = new Float64Array(denseCount);
  let bias = 0;
  const gText = new Float64Array(size).fill(1e-8);
  const gDense = new Float64Array(denseCount).fill(1e-8);
  let gBias = 1e-8;
  const order = vectors.map((_, i) => i);
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const v = vectors[i];
      let z = bias;
      for (let k = 0; k < v.idx.length; k++) z += text[v.idx[k]] * v.val[k];
      for (let k = 0; k < denseCount; k++) z += dense[k] * v.dense[k];
      const err = (sigmoid(z) - y[i]) * (y[i] ? posWeight : 1);
      gBias += err * err;
      bias -= (rate * err) / Math.sqrt(gBias);
      for (let k = 0; k < v.idx.length; k++) {
        const j = v.idx[k];
        const g = err * v.val[k] + l2 * text[j];
        gText[j] += g * g;
        text[j] -= (rate * g) / Math.sqrt(gText[j]);
      }
      for (let k = 0; k < denseCount; k++) {
        const g = err * v.dense[k] + l2 * dense[k];
        gDense[k] += g * g;
        dense[k] -= (rate * g) / Math.sqrt(gDense[k]);
      }
    }
  }
  return { bias, dense, text };
}

export function predict(head, v) {
  let z = head.bias;
  for (let k = 0; k < v.idx.length; k++) z += head.text[v.idx[k]] * v.val[k];
  for (let k = 0; k < v.dense.length; k++) z += head.dense[k] * v.dense[k];
  return sigmoid(z);
}

/** Out-of-fold probabilities: k folds by conversation over the items (`seed` picks the partition). */
export function outOfFold(items, vectors, y, options, k = 5, seed = 0) {
  const probs = new Array(items.length).fill(0);
  for (let fold = 0; fold < k; fold++) {
    const trainIdx = items.map((it, i) => (foldOf(it.conv, k, seed) !== fold ? i : -1)).filter((i) => i >= 0);
    const head = train(
      trainIdx.map((i) => vectors[i]),
      trainIdx.map((i) => y[i]),
      options,
    );
    items.forEach((it, i) => {
      if (foldOf(it.conv, k, seed) === fold) probs[i] = predict(head, vectors[i]);
    });
  }
  return probs;
}

/** Precision / recall / false-positive rate of boolean predictions. */
export function confusion(pred, gold) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  pred.forEach((p, i) => (p ? (gold[i] ? tp++ : fp++) : gold[i] ? fn++ : tn++));
  return {
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    fpr: fp + tn ? fp / (fp + tn) : 0,
    f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0,
  };
}

/** Quantise a head's text weights to int8 (base64) with one scale. */
export function quantise(head) {
  let max = 0;
  for (const w of head.text) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const bytes = Buffer.alloc(head.text.length);
  head.text.forEach((w, i) => bytes.writeInt8(Math.max(-127, Math.min(127, Math.round(w / scale))), i));
  return { scale, weights: bytes.toString('base64') };
}
