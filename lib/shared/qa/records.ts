import type { Channel } from '../model';
import type { EngagementCounts } from '../viral';
import type { Answer } from './form';
import type { PreChecks } from './prechecks';

// Stored rows of quality monitoring and viral-risk tracking (tables since schema version 7, see
// lib/background/db/quality-schema.ts).

/** One public reply of an agent to a customer item: what a QA reviewer scores. */
export interface InteractionRow {
  /** UUID. */
  id: string;
  itemKey: string;
  channel: Channel;
  /** The agent who sent the reply (from this browser's settings), null when not set up. */
  agent: string | null;
  /** In team mode: the agent's team user (the identity roles and coaching follow); absent in solo mode. */
  user?: string | null;
  /** ISO week of repliedAt (e.g. 2026-W48), for the weekly sample and the reports. */
  week: string;
  customerHandle: string | null;
  customerName: string | null;
  /** The customer's post as Carebar saw it. */
  customerText: string;
  permalink: string;
  replyText: string;
  postedAt: string;
  repliedAt: string;
  /** thread: the brand's reply appeared on the page; composer: the agent submitted the site's reply box. */
  source: 'composer' | 'thread';
  /** The reply's own item key once it was seen in the thread (x:…, facebook:…_…): one interaction per reply. */
  replyKey?: string | null;
  /** The brand account that posted it, as the thread shows it (a reply seen there, not sent from this browser). */
  replyBy?: string | null;
  preChecks: PreChecks;
}

/** A supervisor's (or, in solo mode, the agent's own) scoring of one interaction against the form. */
export interface QaReviewRow {
  id: string;
  interactionId: string;
  /** The agent whose reply was reviewed, and their week. */
  agent: string | null;
  /** In team mode: the reviewed agent's team user, and the reviewer's. */
  user?: string | null;
  reviewerUser?: string | null;
  week: string;
  reviewer: string | null;
  reviewedAt: string;
  formName: string;
  answers: Record<string, Answer>;
  comments: Record<string, string>;
  /** 0–100, see scoreReview. */
  score: number | null;
  /** Per criterion 0–1 (null = n/a) and its label at the time of the review, for the per-criterion report. */
  points: Record<string, number | null>;
  labels: Record<string, string>;
  failed: string[];
}

/** A coaching note to an agent, usually from a review; the agent sees it on their coaching page. */
export interface CoachingNoteRow {
  id: string;
  agent: string | null;
  /** In team mode: the team user the note is for (notes reach the agent on their own machine through the team). */
  user?: string | null;
  interactionId: string | null;
  reviewId: string | null;
  from: string | null;
  text: string;
  at: string;
  /** When the agent opened it, null while unread. */
  readAt: string | null;
}

/** One reading of a post's public engagement. */
export interface EngagementSampleRow {
  id: string;
  itemKey: string;
  at: string;
  counts: EngagementCounts;
}

/** The viral-risk verdict per item, and whether its one notification fired. */
export interface ViralStatusRow {
  itemKey: string;
  level: 'watch' | 'rising';
  reason: string;
  since: string;
  notifiedAt: string | null;
}
