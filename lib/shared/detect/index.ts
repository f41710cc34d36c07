import { findAccountRequests } from './account-request';
import { DEFAULT_ORDER_PATTERNS, findAddresses, findCards, findEmails, findOrderNumbers, findPhones } from './personal';
import { findSentiment } from './sentiment';
import { findLongThread } from './thread';
import type { DetectOptions, DetectReason, Finding, ThreadShape } from './types';

export { DETECT_REASONS, PERSONAL_DATA_REASONS, type DetectReason, type Finding } from './types';
export { DEFAULT_ORDER_PATTERNS };

/**
 * Everything Carebar looks for in a customer's post or an agent's draft, locally (runs in the background).
 * Overlapping personal-data findings are resolved by strength: a card number is not also a phone or order number,
 * an email address is not also a phone number.
 */
export function detectText(
  text: string,
  options: { role: 'post' | 'draft'; thread?: ThreadShape; orderPatterns?: string[] } & Partial<DetectOptions>,
): Finding[] {
  const emails = findEmails(text);
  const cards = findCards(text);
  const orders = findOrderNumbers(text, options.orderPatterns ?? DEFAULT_ORDER_PATTERNS);
  const taken: Finding[] = [...emails, ...cards];
  const overlaps = (f: Finding) => taken.some((t) => f.start < t.end && f.end > t.start);
  const keptOrders = orders.filter((f) => !overlaps(f));
  taken.push(...keptOrders);
  const phones = findPhones(text).filter((f) => !overlaps(f));
  taken.push(...phones);
  const addresses = findAddresses(text).filter((f) => !overlaps(f));
  const findings: Finding[] = [
    ...emails,
    ...cards,
    ...keptOrders,
    ...phones,
    ...addresses,
    // What the customer asks and how they feel is read on their posts; an agent's draft is checked for personal data.
    ...(options.role === 'post' ? [...findAccountRequests(text), ...findSentiment(text), ...findLongThread(options.thread, text.length)] : []),
  ];
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The distinct reasons of some findings, in the contract's order. */
export function reasonsOf(findings: Finding[]): DetectReason[] {
  const order: DetectReason[] = ['email', 'phone', 'card', 'order', 'address', 'account-request', 'sentiment', 'long-thread'];
  const present = new Set(findings.map((f) => f.reason));
  return order.filter((r) => present.has(r));
}
