// Shared by scripts/train-dm.mjs and scripts/detect-eval.mjs: the labelled real conversations (data/dm-labels joined
// with the IBM Twitter care dev.json, which stays outside the repository) and the detectors bundled for Node.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** dev.json: $CAREBAR_IBM_DATA, or shared/data/ibm-twitter-care/dev.json in this folder or any parent. */
export function findDevJson() {
  if (process.env.CAREBAR_IBM_DATA) return process.env.CAREBAR_IBM_DATA;
  for (let dir = resolve('.'); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared/data/ibm-twitter-care/dev.json'), join(dir, '../shared/data/ibm-twitter-care/dev.json')])
      if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

const sha = (s) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);
const readJsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/**
 * Customer turns with their labels and thread shape, and brand turns with theirs. Throws if a text's hash does not
 * match its label row (a different dev.json).
 */
export function loadLabelled(devJson = findDevJson()) {
  if (!devJson) return null;
  const conversations = JSON.parse(readFileSync(devJson, 'utf8'));
  const customer = readJsonl('data/dm-labels/labels.jsonl').map((row) => {
    const conv = conversations[row.ci];
    const content = conv.dialogContent;
    const text = content[row.turn].message;
    if (conv.dialogHeader.sessionID !== row.conv || sha(text) !== row.sha)
      throw new Error(`label ${row.ci}.${row.turn} does not match ${devJson}`);
    // Thread shape up to this turn: c = this customer, b = the brand (other people left out).
    const thread = content
      .slice(0, row.turn + 1)
      .map((t) => (t.client ? 'c' : t.agent ? 'b' : ''))
      .join('');
    return { ...row, key: `${row.ci}.${row.turn}`, text, thread, company: conv.dialogHeader.company };
  });
  const brand = readJsonl('data/dm-labels/brand-turns.jsonl').map((row) => {
    const conv = conversations[row.ci];
    const text = row.turn === 'R' ? conv.agentURL.url_utterance : conv.dialogContent[row.turn].message;
    if (sha(text) !== row.sha) throw new Error(`brand label ${row.ci}.${row.turn} does not match ${devJson}`);
    return { ...row, key: `${row.ci}.${row.turn}`, text };
  });
  return { customer, brand };
}

/** Bundle lib/shared/detect for Node (the same code the background runs) and import it. */
export async function loadDetect() {
  const dir = mkdtempSync(join(tmpdir(), 'carebar-detect-'));
  const entry = join(dir, 'entry.ts');
  const out = join(dir, 'detect.mjs');
  const lib = resolve('lib/shared/detect');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    entry,
    [
      `export * from ${JSON.stringify(join(lib, 'index.ts'))};`,
      `export * from ${JSON.stringify(join(lib, 'features.ts'))};`,
      `export { heads, scoreHead, scoreText, DEFAULT_THRESHOLDS as MODEL_THRESHOLDS } from ${JSON.stringify(join(lib, 'dm-model.ts'))};`,
      `export * from ${JSON.stringify(join(lib, 'evaluate.ts'))};`,
      `export { findAccountRequests } from ${JSON.stringify(join(lib, 'account-request.ts'))};`,
      `export { findSentiment, scoreSentiment, NEGATORS } from ${JSON.stringify(join(lib, 'sentiment.ts'))};`,
    ].join('\n'),
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  const mod = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

/** k folds by conversation (deterministic: by a hash of the conversation id; `seed` > 0 gives other partitions). */
export function foldOf(conv, k, seed = 0) {
  return parseInt(sha(seed ? `fold${seed}:${conv}` : `fold:${conv}`).slice(0, 8), 16) % k;
}
