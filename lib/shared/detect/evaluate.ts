import { detectText } from './index';
import { DETECT_REASONS, PERSONAL_DATA_REASONS, type DetectReason, type Finding } from './types';

// Scores the detectors against a labelled corpus (tests/fixtures/detect/*.jsonl). Plain TS so both the unit test and
// scripts/detect-eval.mjs use the same arithmetic.

export interface CorpusItem {
  id: string;
  lang: 'en' | 'es' | 'de';
  role: 'post' | 'draft';
  /** The text as the detectors see it (markers removed). */
  text: string;
  /** Personal-data spans from the [[reason:value]] markers. */
  gold: Finding[];
  /** Item-level reasons (account-request, sentiment); long-thread comes from `thread`. */
  reasons: DetectReason[];
  thread?: string;
  neg?: string;
}

/** Parse JSONL (lines whose object has `_comment` are headers) and strip the markers, recording their spans. */
export function parseCorpus(jsonl: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const raw = JSON.parse(line) as {
      _comment?: string;
      id: string;
      lang: CorpusItem['lang'];
      role: CorpusItem['role'];
      text: string;
      r?: DetectReason[];
      thread?: string;
      neg?: string;
    };
    if (raw._comment) continue;
    let text = '';
    const gold: Finding[] = [];
    let rest = raw.text;
    for (let m = /\[\[([a-z-]+):(.*?)\]\]/.exec(rest); m; m = /\[\[([a-z-]+):(.*?)\]\]/.exec(rest)) {
      text += rest.slice(0, m.index);
      gold.push({ reason: m[1] as DetectReason, start: text.length, end: text.length + m[2].length });
      text += m[2];
      rest = rest.slice(m.index + m[0].length);
    }
    text += rest;
    const reasons = [...(raw.r ?? [])];
    items.push({ id: raw.id, lang: raw.lang, role: raw.role, text, gold, reasons, thread: raw.thread, neg: raw.neg });
  }
  return items;
}

export interface Score {
  reason: DetectReason;
  /** Gold positives (spans for personal data, items otherwise). */
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  scores: Score[];
  /** Hard negatives (items with `neg` and no personal data) on which the reply guard would stop the draft. */
  guard: { hardNegatives: number; stopped: number; rate: number; stoppedIds: string[] };
  errors: Array<{ id: string; reason: DetectReason; kind: 'fp' | 'fn'; text: string }>;
}

const overlap = (a: Finding, b: Finding) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

export function evaluate(items: CorpusItem[], options: { orderPatterns?: string[] } = {}): Evaluation {
  const counts = new Map<DetectReason, { positives: number; tp: number; fp: number; fn: number }>(
    DETECT_REASONS.map((r) => [r, { positives: 0, tp: 0, fp: 0, fn: 0 }]),
  );
  const errors: Evaluation['errors'] = [];
  const guard = { hardNegatives: 0, stopped: 0, rate: 0, stoppedIds: [] as string[] };
  const threadGold = (item: CorpusItem) => {
    if (!item.thread) return false;
    let n = 0;
    let waiting = false;
    for (const w of item.thread) {
      if (w === 'c') waiting = true;
      else if (w === 'b' && waiting) {
        n++;
        waiting = false;
      }
    }
    return n >= 3;
  };
  for (const item of items) {
    const found = detectText(item.text, { role: item.role, thread: item.thread, orderPatterns: options.orderPatterns });
    for (const reason of PERSONAL_DATA_REASONS) {
      const c = counts.get(reason)!;
      const gold = item.gold.filter((g) => g.reason === reason);
      const pred = found.filter((f) => f.reason === reason);
      c.positives += gold.length;
      const matchedGold = new Set<number>();
      for (const p of pred) {
        const gi = gold.findIndex((g, i) => !matchedGold.has(i) && overlap(p, g) >= (g.end - g.start) / 2);
        if (gi >= 0) {
          matchedGold.add(gi);
          c.tp++;
        } else {
          c.fp++;
          errors.push({ id: item.id, reason, kind: 'fp', text: item.text.slice(p.start, p.end) });
        }
      }
      gold.forEach((g, i) => {
        if (matchedGold.has(i)) return;
        c.fn++;
        errors.push({ id: item.id, reason, kind: 'fn', text: item.text.slice(g.start, g.end) });
      });
    }
    for (const reason of ['account-request', 'sentiment', 'long-thread'] as const) {
      const c = counts.get(reason)!;
      const isGold = reason === 'long-thread' ? threadGold(item) : item.reasons.includes(reason);
      const isPred = found.some((f) => f.reason === reason);
      if (isGold) c.positives++;
      if (isGold && isPred) c.tp++;
      if (isGold !== isPred) {
        if (isPred) c.fp++;
        else c.fn++;
        errors.push({ id: item.id, reason, kind: isPred ? 'fp' : 'fn', text: item.text });
      }
    }
    if (item.neg && item.gold.length === 0) {
      guard.hardNegatives++;
      if (found.some((f) => PERSONAL_DATA_REASONS.includes(f.reason))) {
        guard.stopped++;
        guard.stoppedIds.push(item.id);
      }
    }
  }
  guard.rate = guard.hardNegatives ? guard.stopped / guard.hardNegatives : 0;
  const scores = DETECT_REASONS.map((reason) => {
    const c = counts.get(reason)!;
    return {
      reason,
      ...c,
      precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1,
      recall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1,
    };
  });
  return { scores, guard, errors };
}

/** A Markdown table of an evaluation. */
export function formatTable(title: string, e: Evaluation): string {
  const rows = e.scores.map(
    (s) => `| ${s.reason} | ${s.positives} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} |`,
  );
  return [
    `**${title}**`,
    '',
    '| detector | positives | TP | FP | FN | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Reply guard on hard negatives: stopped ${e.guard.stopped} of ${e.guard.hardNegatives} (${(e.guard.rate * 100).toFixed(1)}%)`,
  ].join('\n');
}
