import { DEFAULT_FORM, EvaluationFormSchema, reviewComplete, scoreReview, type Answer, type EvaluationForm } from '../../shared/qa/form';
import { runPreChecks } from '../../shared/qa/prechecks';
import type { CoachingNoteRow, EngagementSampleRow, InteractionRow, QaReviewRow, ViralStatusRow } from '../../shared/qa/records';
import { qaScores, reviewsCsv } from '../../shared/qa/report';
import { sameReply } from '../../shared/qa/reply-text';
import { isoWeek, sampleForReview, type SampleReason } from '../../shared/qa/sampling';
import type { ItemRow } from '../../shared/records';
import { policyFor } from '../../shared/sla';
import { assessViral, DEFAULT_VIRAL_THRESHOLDS, sameCounts, type EngagementCounts, type ViralThresholds } from '../../shared/viral';
import * as v from 'valibot';
import type { QualityTables } from './quality-schema';
import type { CarebarDB } from './schema';
import { readSettings } from './settings';

export type QualityDB = CarebarDB & QualityTables;
const q = (db: CarebarDB) => db as QualityDB;

/** A review or form the background will not accept (incomplete, invalid): nothing was written. */
export class QaRejectedError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'QaRejectedError';
  }
}

// ---- QA configuration: the form, the sample size, the sample's seed (one settings row) ----

const QA_KEY = 'qa';
export interface QaConfig {
  form: EvaluationForm;
  /** Random interactions sampled per agent per week (breached and escalated ones come on top). */
  perAgentPerWeek: number;
  /** Fixes the random draw, so the sample is the same every time the page opens. */
  seed: string;
}

export async function readQaConfig(db: CarebarDB): Promise<QaConfig> {
  const row = (await db.settings.get(QA_KEY))?.value as Partial<QaConfig> | undefined;
  if (row?.seed) return { form: DEFAULT_FORM, perAgentPerWeek: 5, ...row } as QaConfig;
  const created: QaConfig = { form: DEFAULT_FORM, perAgentPerWeek: 5, seed: crypto.randomUUID(), ...row };
  await db.settings.put({ key: QA_KEY, value: created });
  return created;
}

export async function writeQaConfig(db: CarebarDB, patch: { form?: EvaluationForm; perAgentPerWeek?: number }): Promise<QaConfig> {
  if (patch.form) {
    const parsed = v.safeParse(EvaluationFormSchema, patch.form);
    if (!parsed.success)
      throw new QaRejectedError(
        'The form is not valid',
        parsed.issues.map((i) => i.message),
      );
  }
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await readQaConfig(db)), ...patch };
    await db.settings.put({ key: QA_KEY, value: next });
    return next;
  });
}

// ---- Interactions ----

/**
 * Keep an agent's public reply to an item for review, with the pre-checks measured now. The same reply text on
 * the same item within a minute is one interaction (a double submit, or the composer and then the thread).
 */
export async function recordInteraction(
  db: CarebarDB,
  input: {
    key: string;
    replyText: string;
    customerText: string | null;
    source: 'composer' | 'thread';
    agent: string | null;
    /** Team mode: the agent's team user. */
    user?: string | null;
  },
  now = new Date().toISOString(),
): Promise<InteractionRow | null> {
  const settings = await readSettings(db);
  return q(db).transaction('rw', q(db).interactions, db.items, async () => {
    const item = await db.items.get(input.key);
    if (!item) return null;
    const recent = await q(db).interactions.where('itemKey').equals(input.key).toArray();
    const same = recent.find((r) => r.replyText === input.replyText && Math.abs(Date.parse(now) - Date.parse(r.repliedAt)) < 60_000);
    if (same) return same;
    // The agent's reply was seen in the thread just before the composer's report arrived: it is this agent's.
    const seen = recent.find((r) => r.source === 'thread' && !r.agent && oneReply(input.replyText, now, r.replyText, r.repliedAt));
    if (seen && input.source === 'composer' && input.agent) {
      const claimed = { ...seen, agent: input.agent };
      await q(db).interactions.put(claimed);
      return claimed;
    }
    const row: InteractionRow = {
      id: crypto.randomUUID(),
      itemKey: item.key,
      channel: item.channel,
      agent: input.agent,
      ...(input.user ? { user: input.user } : {}),
      week: isoWeek(now),
      customerHandle: item.authorHandle,
      customerName: item.authorName,
      customerText: input.customerText ?? item.excerpt,
      permalink: item.permalink,
      replyText: input.replyText,
      postedAt: item.postedAt,
      repliedAt: now,
      source: input.source,
      preChecks: runPreChecks({
        channel: item.channel,
        replyText: input.replyText,
        postedAt: item.postedAt,
        repliedAt: now,
        policy: policyFor(settings, item.channel),
        agentInitials: settings.agentInitials,
        requireInitials: settings.detection.requireInitials,
        genericPhrases: settings.detection.genericPhrases,
        orderPatterns: settings.detection.orderPatterns,
      }),
    };
    await q(db).interactions.add(row);
    return row;
  });
}

/** How far apart the composer's submit and the reply's time in the thread may be for one reply (clock skew, slow loads). */
const SAME_REPLY_WINDOW_MS = 30 * 60_000;

/** Is the reply `shown` in the thread at `shownAt` the one `typed` in the composer at `typedAt`? */
const oneReply = (typed: string, typedAt: string, shown: string, shownAt: string) =>
  sameReply(typed, shown) && Math.abs(Date.parse(typedAt) - Date.parse(shownAt)) < SAME_REPLY_WINDOW_MS;

/**
 * A brand account's reply to an item, seen in the thread (issue 17): kept for review once per reply (by the reply's
 * own key), timed by the reply's own time. When it is the reply the agent sent from this browser's composer, that
 * interaction (with its agent) gets the reply's key instead of a second one; otherwise the agent is unknown (any
 * of the team's accounts, or someone replying outside Carebar) and the brand account is kept as replyBy.
 */
export async function recordThreadReply(
  db: CarebarDB,
  input: { key: string; replyKey: string; replyText: string; by: string | null; at: string | null },
  now = new Date().toISOString(),
): Promise<InteractionRow | null> {
  const item = await db.items.get(input.key);
  if (!item) return null;
  // A reply cannot precede the post nor lie in the future.
  const t = input.at ? Date.parse(input.at) : NaN;
  const repliedAt = t >= Date.parse(item.postedAt) && t <= Date.parse(now) ? new Date(t).toISOString() : now;
  const known = await q(db).transaction('rw', q(db).interactions, async () => {
    const rows = await q(db).interactions.where('itemKey').equals(input.key).toArray();
    const same = rows.find((r) => r.replyKey === input.replyKey);
    if (same) return same;
    const own = rows.find((r) => r.source === 'composer' && !r.replyKey && oneReply(r.replyText, r.repliedAt, input.replyText, repliedAt));
    if (!own) return null;
    const linked = { ...own, replyKey: input.replyKey };
    await q(db).interactions.put(linked);
    return linked;
  });
  if (known) return known;
  const row = await recordInteraction(
    db,
    { key: input.key, replyText: input.replyText, customerText: null, source: 'thread', agent: null },
    repliedAt,
  );
  if (!row || row.replyKey) return row;
  const kept = { ...row, replyKey: input.replyKey, replyBy: input.by };
  await q(db).interactions.put(kept);
  return kept;
}

export interface ReviewQueueEntry {
  interaction: InteractionRow;
  reasons: SampleReason[];
  review: QaReviewRow | null;
}

/** Which rows a reader may see (an agent's own in team mode); absent = all. */
export type RowFilter = (row: { agent: string | null; user?: string | null }) => boolean;

/**
 * The interactions to review: the weekly random sample per agent plus every breached (response time over the SLA)
 * or escalated one, newest week first. `agent` (a name) or `only` limits it to one agent's (self-review, team agent).
 */
export async function reviewQueue(
  db: CarebarDB,
  options: { agent?: string | null; only?: RowFilter; weeks?: number } = {},
): Promise<ReviewQueueEntry[]> {
  const config = await readQaConfig(db);
  const since = new Date(Date.now() - (options.weeks ?? 8) * 7 * 86_400_000).toISOString();
  let rows = await q(db).interactions.where('repliedAt').aboveOrEqual(since).toArray();
  if (options.agent !== undefined) rows = rows.filter((r) => r.agent === options.agent);
  if (options.only) rows = rows.filter(options.only);
  const keys = [...new Set(rows.map((r) => r.itemKey))];
  const escalatedKeys = new Set(
    (await db.events.where('itemKey').anyOf(keys).toArray()).filter((e) => e.to === 'escalated').map((e) => e.itemKey),
  );
  const sample = sampleForReview(
    rows.map((r) => ({
      id: r.id,
      agent: r.agent,
      repliedAt: r.repliedAt,
      breached: r.preChecks['response-time']?.answer === 'no',
      escalated: escalatedKeys.has(r.itemKey),
    })),
    { perAgentPerWeek: config.perAgentPerWeek, seed: config.seed },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const reviews = new Map(
    (
      await q(db)
        .qaReviews.where('interactionId')
        .anyOf(sample.map((s) => s.id))
        .toArray()
    ).map((r) => [r.interactionId, r]),
  );
  return sample
    .map((s) => ({ interaction: byId.get(s.id)!, reasons: s.reasons, review: reviews.get(s.id) ?? null }))
    .sort((a, b) => b.interaction.repliedAt.localeCompare(a.interaction.repliedAt));
}

/** Score an interaction with the current form; a coaching note (if any) goes to the interaction's agent. */
export async function saveReview(
  db: CarebarDB,
  input: {
    interactionId: string;
    answers: Record<string, Answer>;
    comments: Record<string, string>;
    coaching: string | null;
    reviewer: string | null;
    /** Team mode: the reviewer's team user. */
    reviewerUser?: string | null;
  },
  now = new Date().toISOString(),
): Promise<{ review: QaReviewRow; note: CoachingNoteRow | null }> {
  const { form } = await readQaConfig(db);
  return q(db).transaction('rw', q(db).interactions, q(db).qaReviews, q(db).coachingNotes, async () => {
    const interaction = await q(db).interactions.get(input.interactionId);
    if (!interaction) throw new QaRejectedError('That interaction is no longer known');
    const known = new Set(form.criteria.map((c) => c.id));
    const answers = Object.fromEntries(Object.entries(input.answers).filter(([id]) => known.has(id)));
    const comments = Object.fromEntries(Object.entries(input.comments).filter(([id, text]) => known.has(id) && text.trim()));
    const scored = scoreReview(form, answers, comments);
    if (!reviewComplete(scored)) {
      const label = (id: string) => form.criteria.find((c) => c.id === id)?.label ?? id;
      throw new QaRejectedError('The review is not complete', [
        ...scored.missing.map((id) => `${label(id)}: no answer`),
        ...scored.needComment.map((id) => `${label(id)}: a fail needs a comment`),
      ]);
    }
    const existing = await q(db).qaReviews.where('interactionId').equals(interaction.id).first();
    const review: QaReviewRow = {
      id: existing?.id ?? crypto.randomUUID(),
      interactionId: interaction.id,
      agent: interaction.agent,
      ...(interaction.user ? { user: interaction.user } : {}),
      ...(input.reviewerUser ? { reviewerUser: input.reviewerUser } : {}),
      week: interaction.week,
      reviewer: input.reviewer,
      reviewedAt: now,
      formName: form.name,
      answers,
      comments,
      score: scored.score,
      points: scored.points,
      labels: Object.fromEntries(form.criteria.map((c) => [c.id, c.label])),
      failed: scored.failed,
    };
    await q(db).qaReviews.put(review);
    let note: CoachingNoteRow | null = null;
    if (input.coaching?.trim()) {
      note = {
        id: crypto.randomUUID(),
        agent: interaction.agent,
        ...(interaction.user ? { user: interaction.user } : {}),
        interactionId: interaction.id,
        reviewId: review.id,
        from: input.reviewer,
        text: input.coaching.trim(),
        at: now,
        readAt: null,
      };
      await q(db).coachingNotes.add(note);
    }
    return { review, note };
  });
}

/** An agent's coaching notes (by name, or by `RowFilter`), newest first, each with the interaction and review it is about. */
export async function coachingFor(
  db: CarebarDB,
  agent: string | null | RowFilter,
): Promise<{ note: CoachingNoteRow; interaction: InteractionRow | null; review: QaReviewRow | null }[]> {
  const mine: RowFilter = typeof agent === 'function' ? agent : (n) => n.agent === agent;
  const notes = (await q(db).coachingNotes.toArray()).filter(mine).sort((a, b) => b.at.localeCompare(a.at));
  const interactions = await q(db).interactions.bulkGet(notes.map((n) => n.interactionId ?? ''));
  const reviews = await q(db).qaReviews.bulkGet(notes.map((n) => n.reviewId ?? ''));
  return notes.map((note, i) => ({ note, interaction: interactions[i] ?? null, review: reviews[i] ?? null }));
}

/** Marks notes read; `only`: just the reader's own (another agent's note is left as it is). */
export async function markCoachingRead(db: CarebarDB, ids: string[], only?: RowFilter, now = new Date().toISOString()): Promise<void> {
  await q(db).transaction('rw', q(db).coachingNotes, async () => {
    for (const note of await q(db).coachingNotes.bulkGet(ids))
      if (note && !note.readAt && (!only || only(note))) await q(db).coachingNotes.update(note.id, { readAt: now });
  });
}

/** QA scores per agent and week and per criterion, and every review as CSV, for reviews in [from, to). */
export async function qaReport(db: CarebarDB, range: { from?: string; to?: string; only?: RowFilter } = {}) {
  const reviews = (await q(db).qaReviews.toArray()).filter(
    (r) => (!range.from || r.reviewedAt >= range.from) && (!range.to || r.reviewedAt < range.to) && (!range.only || range.only(r)),
  );
  return { ...qaScores(reviews), csv: reviewsCsv(reviews), count: reviews.length };
}

// ---- Engagement samples and viral risk ----

export async function readViralThresholds(db: CarebarDB): Promise<ViralThresholds> {
  return (await readSettings(db)).viral ?? DEFAULT_VIRAL_THRESHOLDS;
}

export interface ViralChange {
  item: ItemRow;
  status: ViralStatusRow;
  /** The first time this item is rising: the one notification is due. */
  notify: boolean;
}

/**
 * Keep one reading of each item's engagement (a reading equal to the last one adds nothing), judge the series, and
 * store the verdict on the item (so the queue puts a rising post first). Returns every item's level and the items
 * whose level changed. Keeps at most the last 50 readings per item.
 */
export async function recordEngagement(
  db: CarebarDB,
  samples: { key: string; counts: EngagementCounts }[],
  now = new Date().toISOString(),
): Promise<{ levels: Record<string, { level: 'none' | 'watch' | 'rising'; reason: string }>; changed: ViralChange[] }> {
  const thresholds = await readViralThresholds(db);
  const t = q(db);
  return t.transaction('rw', t.engagementSamples, t.viralStatus, db.items, db.settings, async () => {
    const levels: Record<string, { level: 'none' | 'watch' | 'rising'; reason: string }> = {};
    const changed: ViralChange[] = [];
    for (const { key, counts } of samples) {
      const item = await db.items.get(key);
      if (!item) continue;
      const series = await t.engagementSamples.where('[itemKey+at]').between([key, ''], [key, '\uffff']).toArray();
      const last = series[series.length - 1];
      if (!last || !sameCounts(last.counts, counts)) {
        const row: EngagementSampleRow = { id: crypto.randomUUID(), itemKey: key, at: now, counts };
        await t.engagementSamples.add(row);
        series.push(row);
        if (series.length > 50) await t.engagementSamples.bulkDelete(series.splice(0, series.length - 50).map((s) => s.id));
      }
      const verdict = assessViral(series, thresholds);
      levels[key] = { level: verdict.level, reason: verdict.reason };
      const before = await t.viralStatus.get(key);
      if (verdict.level === 'none') {
        if (before) await t.viralStatus.delete(key);
      } else if (before?.level !== verdict.level || before.reason !== verdict.reason) {
        const status: ViralStatusRow = {
          itemKey: key,
          level: verdict.level,
          reason: verdict.reason,
          since: before?.level === verdict.level ? before.since : now,
          notifiedAt: before?.notifiedAt ?? (verdict.level === 'rising' ? now : null),
        };
        await t.viralStatus.put(status);
        const updated: ItemRow = { ...item, viral: verdict.level, viralReason: verdict.reason };
        if (item.viral !== updated.viral || item.viralReason !== updated.viralReason) await db.items.put(updated);
        changed.push({ item: updated, status, notify: verdict.level === 'rising' && !before?.notifiedAt });
      }
      if (verdict.level === 'none' && item.viral) {
        const updated: ItemRow = { ...item };
        delete updated.viral;
        delete updated.viralReason;
        await db.items.put(updated);
        changed.push({ item: updated, status: { itemKey: key, level: 'watch', reason: '', since: now, notifiedAt: null }, notify: false });
      }
    }
    return { levels, changed };
  });
}

export async function viralStatuses(db: CarebarDB, keys: string[]): Promise<ViralStatusRow[]> {
  return (await q(db).viralStatus.bulkGet(keys)).filter((s): s is ViralStatusRow => !!s);
}

export async function engagementHistory(db: CarebarDB, key: string): Promise<EngagementSampleRow[]> {
  return q(db).engagementSamples.where('[itemKey+at]').between([key, ''], [key, '\uffff']).toArray();
}
