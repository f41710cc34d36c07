import { detectText, PERSONAL_DATA_REASONS } from '../detect';
import { guardProblems } from '../detect/guard';
import type { Channel } from '../model';
import { formatDuration } from '../duration';
import { readSla, type SlaPolicy } from '../sla';
import type { Answer, AutoCheck } from './form';

/** What Carebar measured on one interaction, per automatic check: the answer it suggests and why. */
export type PreChecks = Partial<Record<AutoCheck, { answer: Answer; detail: string }>>;

export interface PreCheckInput {
  channel: Channel;
  /** The agent's public reply as sent. */
  replyText: string;
  /** When the customer posted, and when the agent answered (ISO). */
  postedAt: string;
  repliedAt: string;
  policy: SlaPolicy;
  agentInitials: string;
  requireInitials: boolean;
  genericPhrases: string[];
  orderPatterns?: readonly string[];
}

/**
 * The checks a reviewer need not do by hand: response time against the SLA (business time when hours are set),
 * personal data in the reply (the move-to-DM detectors, draft rules: the brand's own contacts are fine), a phrase on
 * the team's too-generic list, the agent's initials, the channel's length limit.
 */
export function runPreChecks(input: PreCheckInput): PreChecks {
  const sla = readSla(
    { state: 'replied', postedAt: input.postedAt, firstResponseAt: input.repliedAt },
    input.policy,
    Date.parse(input.repliedAt),
  );
  const within = sla.ageSeconds < input.policy.breachSec;
  const findings = detectText(input.replyText, { role: 'draft', orderPatterns: input.orderPatterns });
  const personal = [...new Set(findings.filter((f) => PERSONAL_DATA_REASONS.includes(f.reason)).map((f) => f.reason))];
  const problems = guardProblems(input.replyText, [], {
    channel: input.channel,
    agentInitials: input.agentInitials,
    // Initials are checked whenever the agent has some, so a reviewer sees it even where the team does not require them.
    requireInitials: input.requireInitials || !!input.agentInitials.trim(),
    genericPhrases: input.genericPhrases,
  });
  const problem = (kind: string) => problems.find((p) => p.kind === kind);
  const generic = problems.filter((p) => p.kind === 'generic');
  const long = problem('too-long');
  const noInitials = problem('no-initials');
  return {
    'response-time': {
      answer: within ? 'yes' : 'no',
      detail: `First response after ${formatDuration(sla.ageSeconds)} (breach at ${formatDuration(input.policy.breachSec)})`,
    },
    'personal-data': {
      answer: personal.length ? 'no' : 'yes',
      detail: personal.length ? `The reply contains: ${personal.join(', ')}` : 'No personal data found in the reply',
    },
    'generic-phrase': {
      answer: generic.length ? 'no' : 'yes',
      detail: generic.length ? generic.map((p) => p.message).join(' ') : 'No phrase from the too-generic list',
    },
    initials: input.agentInitials.trim()
      ? { answer: noInitials ? 'no' : 'yes', detail: noInitials ? noInitials.message : `Signed ${input.agentInitials.trim()}` }
      : { answer: 'na', detail: 'No initials set for this agent' },
    length: { answer: long ? 'no' : 'yes', detail: long ? long.message : `${input.replyText.length} characters` },
  };
}
