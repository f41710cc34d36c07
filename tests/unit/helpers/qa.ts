/** A complete answer set for the default evaluation form (every criterion answered, no fail needing a comment). */
export const PASSING_ANSWERS = {
  empathy: 4,
  probing: 4,
  listening: 4,
  issue: 'yes',
  solution: 4,
  educate: 'na',
  tone: 4,
  'reading-tone': 4,
  abbreviations: 'na',
  trending: 'na',
  'response-time': 'yes',
  'personal-data': 'yes',
  specific: 'yes',
  initials: 'yes',
  length: 'yes',
} as const;
