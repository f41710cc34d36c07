// Text features of the "needs a DM" classifier (dm-model.ts), shared by training (scripts/train-dm.mjs) and inference:
// word unigrams and bigrams and character 3–5-grams inside words, hashed into a fixed number of buckets (feature
// hashing, signed), plus a few dense signals from the rule-based detectors. Linear in the text; reads a bounded prefix.

/** Hash buckets for the text features (a power of two). */
export const HASH_BITS = 14;
export const HASH_SIZE = 1 << HASH_BITS;
/** The classifier reads this much of a post (X posts are 280 characters; longer Facebook posts are cut). */
export const FEATURE_PREFIX = 2_000;

/** 32-bit FNV-1a. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Normalised word tokens: links, handles, emails and numbers become placeholders; handles are dropped. */
export function tokenize(text: string): string[] {
  const t = text
    .slice(0, FEATURE_PREFIX)
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\bhttps?:\/\/\S{0,2000}|\bwww\.\S{0,2000}/g, ' _link_ ')
    .replace(/[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{2,40}/g, ' _email_ ')
    .replace(/(^|[^\w])@\w{1,30}/g, '$1 ')
    .replace(/\d[\d,.]{0,40}/g, (m) => (m.replace(/\D/g, '').length >= 6 ? ' _longnum_ ' : ' _num_ '));
  const words: string[] = [];
  for (const m of t.matchAll(/[\p{L}_']{1,40}/gu)) {
    const w = m[0].replace(/^'+|'+$/g, '');
    if (w) words.push(w);
  }
  return words;
}

/** One active feature: its bucket, its sign and the n-gram it came from (for explanations). */
export interface HashedFeature {
  index: number;
  sign: 1 | -1;
  /** 'w:' word, 'b:' bigram, 'c:' character n-gram. */
  gram: string;
}

/** The distinct hashed features of a text. */
export function textFeatures(text: string): HashedFeature[] {
  const words = tokenize(text);
  const grams = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    grams.add(`w:${words[i]}`);
    if (i > 0) grams.add(`b:${words[i - 1]} ${words[i]}`);
    const padded = `<${words[i]}>`;
    if (words[i].startsWith('_')) continue;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) grams.add(`c:${padded.slice(j, j + n)}`);
  }
  const out: HashedFeature[] = [];
  for (const gram of grams) {
    const h = fnv1a(gram);
    out.push({ index: h & (HASH_SIZE - 1), sign: h & 0x80000000 ? -1 : 1, gram });
  }
  return out;
}

/** Dense signals from the rule-based detectors, in a fixed order (their weights are stored by name). */
export const DENSE_FEATURES = ['personal', 'accountRule', 'strongNegative', 'sentiment', 'longThread', 'followUp', 'shouting'] as const;
export type DenseName = (typeof DENSE_FEATURES)[number];
export type DenseValues = Record<DenseName, number>;

/** Share of letters in words of 3+ capitals ("FIX THIS NOW"), 0–1. */
export function shouting(text: string): number {
  let caps = 0;
  let letters = 0;
  for (const m of text.slice(0, FEATURE_PREFIX).matchAll(/\p{L}{1,40}/gu)) {
    letters += m[0].length;
    if (m[0].length >= 3 && m[0] === m[0].toUpperCase() && m[0] !== m[0].toLowerCase()) caps += m[0].length;
  }
  return letters ? caps / letters : 0;
}
