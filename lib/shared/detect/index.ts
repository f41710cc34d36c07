import { findAccountRequests } from './account-request';
import { DEFAULT_THRESHOLDS, scoreText } from './dm-model';
import { shouting, type DenseValues } from './features';
import { DEFAULT_ORDER_PATTERNS, findAddresses, findCards, findEmails, findOrderNumbers, findPhones } from './personal';
import { scanPrefix, SIGNAL_SCAN } from './scan';
import { findSentiment, scoreSentiment, scoreWord } from './sentiment';
import { countExchanges, findLongThread } from './thread';
import { PERSONAL_DATA_REASONS, type DetectReason, type Finding, type ThreadShape } from './types';

export { DETECT_REASONS, PERSONAL_DATA_REASONS, type DetectReason, type Finding } from './types';
export { DEFAULT_ORDER_PATTERNS, DEFAULT_THRESHOLDS };

export interface DetectTextOptions {
  role: 'post' | 'draft';
  thread?: ThreadShape;
  orderPatterns?: readonly string[];
  /** The team's own phone numbers and email / web domains: never personal data. */
  ownContacts?: readonly string[];
}

/**
 * Everything Carebar finds in a customer's post or an agent's draft, locally (runs in the background), with spans.
 * Overlapping personal-data findings are resolved by strength: a card number is not also a phone or order number,
 * an email address is not also a phone number. In a draft, the brand's own public contacts are not personal data.
 * Reads at most MAX_SCAN characters (the request and sentiment signals, SIGNAL_SCAN).
 */
export function detectText(input: string, options: DetectTextOptions): Finding[] {
  const text = scanPrefix(input);
  const signal = scanPrefix(text, SIGNAL_SCAN);
  const context = { role: options.role, ownContacts: options.ownContacts };
  const emails = findEmails(text, context);
  const cards = findCards(text);
  const orders = findOrderNumbers(text, options.orderPatterns ?? DEFAULT_ORDER_PATTERNS);
  const taken: Finding[] = [...emails, ...cards];
  const overlaps = (f: Finding) => taken.some((t) => f.start < t.end && f.end > t.start);
  const keptOrders = orders.filter((f) => !overlaps(f));
  taken.push(...keptOrders);
  const phones = findPhones(text, context).filter((f) => !overlaps(f));
  taken.push(...phones);
  const addresses = findAddresses(text).filter((f) => !overlaps(f));
  const findings: Finding[] = [
    ...emails,
    ...cards,
    ...keptOrders,
    ...phones,
    ...addresses,
    // What the customer asks and how they feel is read on their posts; an agent's draft is checked for personal data.
    ...(options.role === 'post'
      ? [...findAccountRequests(signal), ...findSentiment(signal), ...findLongThread(options.thread, input.length)]
      : []),
  ];
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

const ORDER: DetectReason[] = ['email', 'phone', 'card', 'order', 'address', 'account-request', 'sentiment', 'long-thread'];

/** The distinct reasons of some findings, in the contract's order. */
export function reasonsOf(findings: Finding[]): DetectReason[] {
  const present = new Set(findings.map((f) => f.reason));
  return ORDER.filter((r) => present.has(r));
}

export interface PromptOptions extends Omit<DetectTextOptions, 'role'> {
  /** Probability above which the classifier alone shows the prompt (team setting; default from training). */
  threshold?: number;
}

export interface PromptVerdict {
  /** Show the move-to-DM prompt. */
  show: boolean;
  /** Why, in the contract's vocabulary; never empty when `show`, empty otherwise. */
  reasons: DetectReason[];
  /** The classifier's probability that the post needs a DM. */
  score: number;
  /** The words that weighed most (shown as a tooltip / in the eval). */
  cues: string[];
  /** Account-request: the rule phrases or the classifier's account head. */
  accountRequest: boolean;
}

/** The dense signals the classifier reads, from the rule detectors' findings. */
export function denseSignals(text: string, findings: Finding[], thread?: ThreadShape): DenseValues {
  const has = (r: DetectReason) => findings.some((f) => f.reason === r);
  const sentiment = scoreSentiment(scanPrefix(text, SIGNAL_SCAN)).score;
  return {
    personal: findings.some((f) => PERSONAL_DATA_REASONS.includes(f.reason)) ? 1 : 0,
    accountRule: has('account-request') ? 1 : 0,
    strongNegative: has('sentiment') ? 1 : 0,
    sentiment: Math.max(-10, Math.min(0, sentiment)) / -10,
    longThread: has('long-thread') ? 1 : 0,
    followUp: thread && thread.slice(0, -1).includes('b') ? 1 : 0,
    shouting: shouting(text),
  };
}

/**
 * The move-to-DM decision for a customer's post: personal data found always prompts; otherwise the classifier's
 * probability against the team's threshold, with account requests, strong negative sentiment and long threads as
 * signals into the same decision. The reasons say why in the contract's words.
 */
export function assessPost(text: string, options: PromptOptions = {}): PromptVerdict {
  const findings = detectText(text, { ...options, role: 'post' });
  const dense = denseSignals(text, findings, options.thread);
  const scored = scoreText(text, dense);
  const accountRequest = dense.accountRule === 1 || scored.account.probability >= DEFAULT_THRESHOLDS.account;
  const personal = reasonsOf(findings.filter((f) => PERSONAL_DATA_REASONS.includes(f.reason)));
  const show = personal.length > 0 || scored.dm.probability >= (options.threshold ?? DEFAULT_THRESHOLDS.dm);
  const verdict: PromptVerdict = { show, reasons: [], score: scored.dm.probability, cues: scored.dm.cues, accountRequest };
  if (!show) return verdict;
  const reasons = new Set<DetectReason>(personal);
  if (accountRequest) reasons.add('account-request');
  if (dense.strongNegative) reasons.add('sentiment');
  if (dense.longThread) reasons.add('long-thread');
  if (reasons.size === 0) {
    // The classifier alone: name its strongest cue's kind (a negative word → sentiment, otherwise the account).
    const cue = scored.dm.cues.find((c) => !c.includes(' ')) ?? scored.dm.cues[0] ?? '';
    reasons.add(cue && scoreWord(cue, false) < 0 ? 'sentiment' : 'account-request');
  }
  verdict.reasons = ORDER.filter((r) => reasons.has(r));
  return verdict;
}

/** How many customer → brand exchanges a thread has (re-exported for the eval). */
export { countExchanges };

// Per-item cache and a time-sliced batch, so a page full of posts never holds the background for long.
const CACHE_SIZE = 2_000;
const cache = new Map<string, PromptVerdict>();
const cacheKey = (text: string, o: PromptOptions) =>
  `${o.threshold ?? ''}\u0000${o.thread ?? ''}\u0000${(o.orderPatterns ?? []).join('\u0001')}\u0000${(o.ownContacts ?? []).join('\u0001')}\u0000${text}`;

/** assessPost with a bounded LRU cache keyed by the text and the options. */
export function assessPostCached(text: string, options: PromptOptions = {}): PromptVerdict {
  const key = cacheKey(text, options);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const verdict = assessPost(text, options);
  cache.set(key, verdict);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return verdict;
}

/** Yield to the event loop (a macrotask), so other requests to the background interleave. */
const yieldToLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Prompt reasons for a batch of posts (detect.posts), by key. Works in slices of at most `sliceMs` and yields between
 * them, so a claim or a lookup sent next to a heavy batch is answered in between.
 */
export async function assessPosts(
  posts: ReadonlyArray<{ key: string; text: string; thread?: ThreadShape }>,
  options: Omit<PromptOptions, 'thread'> = {},
  sliceMs = 8,
): Promise<Record<string, DetectReason[]>> {
  const out: Record<string, DetectReason[]> = {};
  let sliceStart = Date.now();
  for (const post of posts) {
    out[post.key] = assessPostCached(post.text, { ...options, thread: post.thread }).reasons;
    if (Date.now() - sliceStart >= sliceMs) {
      await yieldToLoop();
      sliceStart = Date.now();
    }
  }
  return out;
}
