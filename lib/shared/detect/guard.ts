import { measureLength } from '../snippets/length';
import type { Channel } from '../model';
import { PERSONAL_DATA_REASONS, type Finding, type GuardProblem } from './types';

const LABEL: Record<string, string> = {
  email: 'an email address',
  phone: 'a phone number',
  card: 'a payment card number',
  order: 'an order / account number',
  address: 'a street address',
};

const fold = (s: string) => s.toLowerCase().replace(/[’`´]/g, "'").replace(/\s+/g, ' ').trim();

/**
 * Why a public reply should not go out as it is: personal data, over the channel's limit, no initials when the team
 * requires them, a phrase the team finds too generic. Empty = fine. The draft itself is never changed.
 */
export function guardProblems(
  text: string,
  findings: Finding[],
  context: { channel: Channel; agentInitials: string; requireInitials: boolean; genericPhrases: string[] },
): GuardProblem[] {
  const problems: GuardProblem[] = [];
  const personal = [...new Set(findings.filter((f) => PERSONAL_DATA_REASONS.includes(f.reason)).map((f) => f.reason))];
  if (personal.length) {
    problems.push({
      kind: 'personal-data',
      message: `The reply contains ${personal.map((r) => LABEL[r]).join(', ')}: keep it out of public view.`,
    });
  }
  const length = measureLength(context.channel, text);
  if (length.over)
    problems.push({
      kind: 'too-long',
      message: `The reply is ${length.length} characters; ${context.channel === 'x' ? 'X' : 'Facebook'} allows ${length.limit}.`,
    });
  const initials = context.agentInitials.trim();
  if (context.requireInitials && initials) {
    const escaped = initials.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`(^|[^\\p{L}])\\^?${escaped}(?![\\p{L}])`, 'u').test(text)) {
      problems.push({ kind: 'no-initials', message: `Your initials (${initials}) are missing: the team signs public replies.` });
    }
  } else if (context.requireInitials && !initials) {
    problems.push({ kind: 'no-initials', message: 'The team signs public replies, but no initials are set in Carebar’s options.' });
  }
  const folded = fold(text);
  for (const phrase of context.genericPhrases) {
    if (phrase.trim() && folded.includes(fold(phrase)))
      problems.push({ kind: 'generic', message: `“${phrase}” is on the team’s too-generic list: say something specific.` });
  }
  return problems;
}
