// `npm run eval`: how well the move-to-DM prompt and the detectors (lib/shared/detect) do, most honest figure first.
//   1. the FROZEN part of the real conversations (data/dm-labels; never tuned on),
//   2. the train part, cross-validated (5 folds by conversation; the rules were written on this part, so their
//      figures here are optimistic),
//   3. the old generated corpus (tests/fixtures/detect; generated from hand-written frames, so near-perfect by design),
//   4. speed (scripts/detect-bench.mjs): p95 per 280-character post, worst 100 KB adversarial inputs.
// Usage: node scripts/detect-eval.mjs [--errors]   (--errors lists the train part's misses; never the frozen part's)
import { readFileSync } from 'node:fs';
import { runBench } from './detect-bench.mjs';
import { loadDetect, loadLabelled } from './dm-data.mjs';
import { confusion, outOfFold, vectorise } from './dm-lr.mjs';

const detect = await loadDetect();
const model = JSON.parse(readFileSync('lib/shared/detect/dm-model.json', 'utf8'));
const PERSONAL = ['email', 'phone', 'card', 'order', 'address'];
const f3 = (x) => x.toFixed(3);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const row = (name, c, extra = '') =>
  `| ${name} | ${c.tp + c.fn} | ${c.tp} | ${c.fp} | ${c.fn} | ${f3(c.precision)} | ${f3(c.recall)} | ${extra} |`;
const HEADER = [
  '| detector | positives | TP | FP | FN | precision | recall | note |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];

/** Turn-level scores on real customer turns, given prompt probabilities and account probabilities per turn. */
function scoreReal(items, verdicts) {
  const lines = [...HEADER];
  const gold = (k) => items.map((it) => it[k]);
  const prompt = confusion(
    verdicts.map((v) => v.show),
    gold('dm'),
  );
  const empty = verdicts.filter((v) => v.show && v.reasons.length === 0).length;
  lines.push(
    row(
      '**move-to-DM prompt**',
      prompt,
      `prompts on ${prompt.fp} of ${prompt.fp + prompt.tn} should-not-move posts (${pct(prompt.fpr)}); shown with no reason: ${empty}`,
    ),
  );
  lines.push(
    row(
      'account-request',
      confusion(
        verdicts.map((v) => v.accountRequest),
        gold('account'),
      ),
    ),
  );
  lines.push(
    row(
      'strong negative (sentiment)',
      confusion(
        verdicts.map((v) => v.strongNegative),
        gold('negative'),
      ),
    ),
  );
  const personalAny = confusion(
    verdicts.map((v) => v.personal.length > 0),
    items.map((it) => it.personal.length > 0),
  );
  lines.push(
    row(
      'personal data (any kind)',
      personalAny,
      `claimed on ${personalAny.fp} of ${personalAny.fp + personalAny.tn} posts with none (${pct(personalAny.fpr)})`,
    ),
  );
  for (const kind of PERSONAL) {
    const c = confusion(
      verdicts.map((v) => v.personal.includes(kind)),
      items.map((it) => it.personal.includes(kind)),
    );
    if (c.tp + c.fp + c.fn > 0) lines.push(row(`  ${kind}`, c));
  }
  lines.push(
    row(
      'long-thread (signal)',
      confusion(
        verdicts.map((v) => v.longThread),
        gold('dm'),
      ),
      'against dm labels; few long threads in this set',
    ),
  );
  return { text: lines.join('\n'), prompt };
}

/** The verdict for one customer turn, with the classifier probability replaced when given (cross-validation). */
function verdictFor(item, override) {
  const findings = detect.detectText(item.text, { role: 'post', thread: item.thread });
  const personal = detect.reasonsOf(findings.filter((f) => PERSONAL.includes(f.reason)));
  const dense = detect.denseSignals(item.text, findings, item.thread);
  const live = detect.assessPost(item.text, { thread: item.thread });
  const show = override ? personal.length > 0 || override.dm >= model.thresholds.dm : live.show;
  const accountRequest = override ? dense.accountRule === 1 || override.account >= model.thresholds.account : live.accountRequest;
  return {
    show,
    reasons: show ? (override ? ['x'] : live.reasons) : [],
    accountRequest,
    strongNegative: dense.strongNegative === 1,
    longThread: dense.longThread === 1,
    personal,
    score: override?.dm ?? live.score,
  };
}

function brandGuard(brand) {
  let clean = 0;
  let stopped = 0;
  let withContacts = 0;
  let contactsStopped = 0;
  let personal = 0;
  let personalStopped = 0;
  const stoppedKeys = [];
  for (const b of brand) {
    const findings = detect.detectText(b.text, { role: 'draft' });
    const stops = findings.some((f) => PERSONAL.includes(f.reason));
    if (b.personal.length) {
      personal++;
      if (stops) personalStopped++;
      continue;
    }
    clean++;
    if (stops) {
      stopped++;
      stoppedKeys.push(b.key);
    }
    if (b.contacts.some((c) => c !== 'link')) {
      withContacts++;
      if (stops) contactsStopped++;
    }
  }
  return `Reply guard on ${brand.length} real brand replies: stopped ${stopped} of ${clean} without customer data (${pct(clean ? stopped / clean : 0)}); of them ${withContacts} give the brand's own phone number or email — stopped ${contactsStopped}; stopped ${personalStopped} of ${personal} that repeat a customer's data.${stoppedKeys.length ? ` Stopped: ${stoppedKeys.join(', ')}` : ''}`;
}

const data = loadLabelled();
if (!data) console.log('ibm-twitter-care/dev.json not found (set CAREBAR_IBM_DATA): the real-conversation figures are skipped.\n');
else {
  const frozen = data.customer.filter((r) => r.split === 'frozen');
  const train = data.customer.filter((r) => r.split === 'train');
  const dmRate = (xs) => pct(xs.filter((x) => x.dm).length / xs.length);

  console.log(
    `## 1. FROZEN real part — the honest figure (${frozen.length} customer turns, ${dmRate(frozen)} should move; never tuned on)\n`,
  );
  console.log(`Shipped model, default threshold ${model.thresholds.dm} (account head ${model.thresholds.account}).\n`);
  const fz = scoreReal(
    frozen,
    frozen.map((it) => verdictFor(it)),
  );
  console.log(fz.text);
  console.log(`\n${brandGuard(data.brand.filter((b) => b.split === 'frozen'))}\n`);

  console.log(
    `## 2. Train part, cross-validated (${train.length} customer turns, ${dmRate(train)} should move; 5 folds by conversation)\n`,
  );
  console.log(
    'The classifier is retrained per fold with the shipped options; the rules (personal data, account phrases, sentiment) were written on this part.\n',
  );
  const vectors = vectorise(detect, train);
  const options = (head) => ({ size: detect.HASH_SIZE, denseCount: detect.DENSE_FEATURES.length, ...model.options[head] });
  const pDm = outOfFold(
    train,
    vectors,
    train.map((r) => (r.dm ? 1 : 0)),
    options('dm'),
  );
  const pAccount = outOfFold(
    train,
    vectors,
    train.map((r) => (r.account ? 1 : 0)),
    options('account'),
  );
  const cv = scoreReal(
    train,
    train.map((it, i) => verdictFor(it, { dm: pDm[i], account: pAccount[i] })),
  );
  console.log(cv.text);
  const curve = [0.4, 0.5, 0.55, 0.6, 0.65, 0.7].map((t) => {
    const c = confusion(
      train.map((it, i) => vectors[i].personal || pDm[i] >= t),
      train.map((it) => it.dm),
    );
    return `| ${t} | ${f3(c.precision)} | ${f3(c.recall)} | ${pct(c.fpr)} |`;
  });
  console.log(
    [
      '\nThreshold (team setting) on the cross-validated train part:\n',
      '| threshold | precision | recall | prompts on should-not-move |',
      '| ---: | ---: | ---: | ---: |',
      ...curve,
    ].join('\n'),
  );
  console.log(`\n${brandGuard(data.brand.filter((b) => b.split === 'train'))}\n`);
  if (process.argv.includes('--errors')) {
    train.forEach((it, i) => {
      const show = vectors[i].personal || pDm[i] >= model.thresholds.dm;
      if (show !== it.dm)
        console.log(`  ${show ? 'FP' : 'FN'} ${pDm[i].toFixed(2)} ${it.key}: ${it.text.replace(/\s+/g, ' ').slice(0, 140)}`);
    });
  }
}

console.log('## 3. Old generated corpus (tests/fixtures/detect; frames × values — says little about real posts)\n');
for (const [title, file] of [
  ['Tuning corpus (corpus.jsonl)', 'corpus.jsonl'],
  ['Hand-written slice (frozen.jsonl)', 'frozen.jsonl'],
]) {
  const items = detect.parseCorpus(readFileSync(`tests/fixtures/detect/${file}`, 'utf8'));
  console.log(`${detect.formatTable(`${title}: ${items.length} items`, detect.evaluate(items))}\n`);
}

console.log('## 4. Speed\n');
await runBench(detect);
