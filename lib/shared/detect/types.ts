/** Why Carebar suggests moving a conversation to a private message (the test contract's vocabulary). */
export const DETECT_REASONS = ['email', 'phone', 'card', 'order', 'address', 'account-request', 'sentiment', 'long-thread'] as const;
export type DetectReason = (typeof DETECT_REASONS)[number];

/** Reasons that mean the text carries personal data (the reply guard stops drafts with these). */
export const PERSONAL_DATA_REASONS: readonly DetectReason[] = ['email', 'phone', 'card', 'order', 'address'];

/** One thing found in a text: why, and where ([start, end) in UTF-16 code units of the text as given). */
export interface Finding {
  reason: DetectReason;
  start: number;
  end: number;
}

/** Team settings the detectors need (a subset of Settings.detection). */
export interface DetectOptions {
  /** Regex sources (JS syntax, matched case-insensitively) for order / account / booking numbers; group 1 = the number. */
  orderPatterns: string[];
}

/** The authors of a thread's posts in page order: c = the customer, b = the brand. */
export type ThreadShape = string;

/** Why the reply guard stops a public reply. */
export interface GuardProblem {
  kind: 'personal-data' | 'too-long' | 'no-initials' | 'generic';
  /** Human-readable, shown in the guard dialog (as text). */
  message: string;
}
