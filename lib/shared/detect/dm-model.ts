import weights from './dm-model.json';
import { DENSE_FEATURES, HASH_SIZE, textFeatures, type DenseValues, type HashedFeature } from './features';

// The "needs a DM" classifier: logistic regression over hashed word / character n-grams and the rule detectors'
// signals, trained by scripts/train-dm.mjs on the train part of data/dm-labels (never on the frozen part) and shipped
// as dm-model.json (int8 weights, base64). Two heads share the features: `dm` (the prompt) and `account`
// (account-request). Runs in the background; well under a millisecond per post.

export interface HeadWeights {
  bias: number;
  dense: Partial<Record<keyof DenseValues, number>>;
  /** Text weights = int8 × scale, base64-encoded, HASH_SIZE entries. */
  scale: number;
  weights: string;
}
export interface ModelFile {
  version: number;
  hashBits: number;
  heads: { dm: HeadWeights; account: HeadWeights };
  /** Default decision thresholds (probabilities), chosen by cross-validation on the train part. */
  thresholds: { dm: number; account: number };
}

export interface LoadedHead {
  bias: number;
  dense: Float64Array;
  text: Float32Array;
}

function decodeHead(h: HeadWeights): LoadedHead {
  const bytes = Uint8Array.from(atob(h.weights), (c) => c.charCodeAt(0));
  if (bytes.length !== HASH_SIZE) throw new Error(`dm-model: ${bytes.length} text weights, expected ${HASH_SIZE}`);
  const text = new Float32Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) text[i] = ((bytes[i] << 24) >> 24) * h.scale; // int8
  const dense = new Float64Array(DENSE_FEATURES.length);
  DENSE_FEATURES.forEach((name, i) => (dense[i] = h.dense[name] ?? 0));
  return { bias: h.bias, dense, text };
}

const model = weights as ModelFile;
let loaded: { dm: LoadedHead; account: LoadedHead } | null = null;
/** The shipped heads, decoded on first use. */
export function heads(): { dm: LoadedHead; account: LoadedHead } {
  loaded ??= { dm: decodeHead(model.heads.dm), account: decodeHead(model.heads.account) };
  return loaded;
}
export const DEFAULT_THRESHOLDS = model.thresholds;

/** Text features scaled to unit length (each active bucket contributes sign / √n). */
export function normalised(features: HashedFeature[]): number {
  return features.length ? 1 / Math.sqrt(features.length) : 0;
}

export interface HeadScore {
  probability: number;
  /** The text n-grams that pushed the score up most, strongest first (for the prompt's explanation). */
  cues: string[];
  /** Contribution of each dense signal. */
  denseContribution: Partial<Record<keyof DenseValues, number>>;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Score one head on a text's features. */
export function scoreHead(head: LoadedHead, features: HashedFeature[], dense: DenseValues): HeadScore {
  const norm = normalised(features);
  let z = head.bias;
  const denseContribution: HeadScore['denseContribution'] = {};
  DENSE_FEATURES.forEach((name, i) => {
    const c = head.dense[i] * dense[name];
    if (c) denseContribution[name] = c;
    z += c;
  });
  const contributions: Array<[string, number]> = [];
  for (const f of features) {
    const c = f.sign * head.text[f.index] * norm;
    z += c;
    if (c > 0 && f.gram[0] !== 'c') contributions.push([f.gram.slice(2), c]);
  }
  contributions.sort((a, b) => b[1] - a[1]);
  return { probability: sigmoid(z), cues: contributions.slice(0, 3).map(([g]) => g), denseContribution };
}

/** Both heads on a text. */
export function scoreText(text: string, dense: DenseValues): { dm: HeadScore; account: HeadScore } {
  const features = textFeatures(text);
  const h = heads();
  return { dm: scoreHead(h.dm, features, dense), account: scoreHead(h.account, features, dense) };
}
