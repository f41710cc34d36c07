import * as v from 'valibot';
import { CHANNELS } from '../model';
import { AnswerSchema, AUTO_CHECKS } from '../qa/form';
import type { CoachingNoteRow, InteractionRow, QaReviewRow } from '../qa/records';
import { IsoTime, NullableShortText, ShortText } from '../schema-fields';
import { ItemKeySchema } from '../item-schemas';
import { NAME_RE } from './names';

// Quality monitoring on the team's stream (issue 17.1): an agent's interaction (`qa-interaction`) and a reviewer's
// review with its coaching note (`qa-review`) travel as team events (kind-specific `data`, at most 8 KB). What another
// client wrote is parsed here, never trusted: a value that does not parse is ignored and reported.

export const QA_INTERACTION = 'qa-interaction';
export const QA_REVIEW = 'qa-review';

/** Event `data` must stay under the team event's 8 KB; the longest texts are cut (with …) until it fits. */
export const QA_DATA_LIMIT = 8000;

const Uuid = v.pipe(v.string(), v.uuid());
const UserName = v.nullable(v.pipe(v.string(), v.regex(NAME_RE)));
const CriterionKey = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));
const limitedRecord = <T extends v.GenericSchema>(value: T) =>
  v.pipe(
    v.record(CriterionKey, value),
    v.check((r) => Object.keys(r).length <= 40, 'too many criteria'),
  );

export const QaInteractionDataSchema = v.object({
  id: Uuid,
  itemKey: ItemKeySchema,
  channel: v.picklist(CHANNELS),
  agent: NullableShortText(80),
  week: v.pipe(v.string(), v.regex(/^\d{4}-W\d{2}$/)),
  customerHandle: NullableShortText(100),
  customerName: NullableShortText(200),
  customerText: ShortText(10_000),
  // Opened from the QA page: only a web address, never javascript: or data:.
  permalink: v.pipe(v.string(), v.maxLength(500), v.regex(/^https:\/\/[^\s]+$/, 'not an https address')),
  replyText: ShortText(10_000),
  postedAt: IsoTime,
  repliedAt: IsoTime,
  source: v.picklist(['composer', 'thread']),
  replyKey: v.optional(v.nullable(ItemKeySchema)),
  replyBy: v.optional(NullableShortText(100)),
  preChecks: v.record(v.picklist(AUTO_CHECKS), v.object({ answer: AnswerSchema, detail: ShortText(500) })),
});

export const QaReviewDataSchema = v.object({
  review: v.object({
    id: Uuid,
    interactionId: Uuid,
    agent: NullableShortText(80),
    user: v.optional(UserName),
    week: v.pipe(v.string(), v.regex(/^\d{4}-W\d{2}$/)),
    reviewer: NullableShortText(80),
    reviewedAt: IsoTime,
    formName: ShortText(200),
    answers: limitedRecord(AnswerSchema),
    comments: limitedRecord(ShortText(2000)),
    score: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
    points: limitedRecord(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)))),
    labels: limitedRecord(ShortText(200)),
    failed: v.pipe(v.array(CriterionKey), v.maxLength(40)),
  }),
  note: v.nullable(v.object({ id: Uuid, text: ShortText(4000), at: IsoTime })),
});

/** Cuts the longest strings of a JSON value (by a quarter, marked …) until its JSON fits `limit` characters. */
export function fitJson<T>(value: T, limit = QA_DATA_LIMIT): T {
  const copy = JSON.parse(JSON.stringify(value)) as T;
  for (let round = 0; round < 5000 && JSON.stringify(copy).length > limit; round++) {
    let longest: { holder: Record<string, unknown>; key: string; len: number } | null = null;
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, val] of Object.entries(node)) {
        if (typeof val === 'string' && (!longest || val.length > longest.len))
          longest = { holder: node as Record<string, unknown>, key, len: val.length };
        else walk(val);
      }
    };
    walk(copy);
    const l = longest as { holder: Record<string, unknown>; key: string; len: number } | null;
    if (!l || l.len < 8) break;
    l.holder[l.key] = `${(l.holder[l.key] as string).slice(0, Math.floor((l.len * 3) / 4))}…`;
  }
  return copy;
}

/** The data of a `qa-interaction` event. */
export function interactionData(row: InteractionRow): Record<string, unknown> {
  const { user: _user, ...rest } = row;
  return fitJson(rest as unknown as Record<string, unknown>);
}

/** The data of a `qa-review` event (the review and its coaching note, if any). */
export function reviewData(review: QaReviewRow, note: CoachingNoteRow | null): Record<string, unknown> {
  const { reviewerUser: _r, ...r } = review;
  return fitJson({ review: r, note: note ? { id: note.id, text: note.text, at: note.at } : null });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parse<T>(schema: v.GenericSchema<unknown, T>, data: unknown): Parsed<T> {
  const r = v.safeParse(schema, data);
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
}

/** A remote interaction as a local row; its agent's user is the event's (the server checked who published it). */
export function interactionFromEvent(event: { id: string; user: string; data?: Record<string, unknown> }): Parsed<InteractionRow> {
  const p = parse(QaInteractionDataSchema, event.data);
  if (!p.ok) return p;
  if (p.value.id !== event.id) return { ok: false, reason: 'interaction id differs from the event id' };
  return { ok: true, value: { ...p.value, user: event.user } };
}

/** A remote review (and its note to the agent) as local rows; the reviewer's user is the event's. */
export function reviewFromEvent(event: {
  user: string;
  data?: Record<string, unknown>;
}): Parsed<{ review: QaReviewRow; note: CoachingNoteRow | null }> {
  const p = parse(QaReviewDataSchema, event.data);
  if (!p.ok) return p;
  const review: QaReviewRow = { ...p.value.review, user: p.value.review.user ?? null, reviewerUser: event.user };
  const n = p.value.note;
  const note: CoachingNoteRow | null = n
    ? {
        id: n.id,
        agent: review.agent,
        user: review.user,
        interactionId: review.interactionId,
        reviewId: review.id,
        from: review.reviewer,
        text: n.text,
        at: n.at,
        readAt: null,
      }
    : null;
  return { ok: true, value: { review, note } };
}
