import * as v from 'valibot';
import { ItemKeySchema } from '../../item-schemas';
import { AnswerSchema, EvaluationFormSchema, type EvaluationForm } from '../../qa/form';
import type { CoachingNoteRow, EngagementSampleRow, InteractionRow, QaReviewRow, ViralStatusRow } from '../../qa/records';
import type { AgentWeekScore, CriterionScore } from '../../qa/report';
import type { SampleReason } from '../../qa/sampling';
import { IsoTime, NullableShortText, ShortText } from '../../schema-fields';
import { EngagementCountsSchema } from '../../viral';
import { defineRequests } from './define';

// Quality monitoring (interactions, reviews, coaching) and viral risk (engagement samples). Reviews, the form and
// the reports are extension-page requests; a content script may only report what the page shows: a reply the agent
// sent and a post's public counts.

const Id = v.pipe(v.string(), v.uuid());
const CriterionKey = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));

export const qualityRequests = defineRequests({
  /** The agent's public reply to an item was sent (the site's composer) or appeared in the thread. */
  'qa.interaction': {
    privileged: false,
    input: v.object({
      key: ItemKeySchema,
      replyText: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(10_000)),
      customerText: NullableShortText(10_000),
      source: v.picklist(['composer', 'thread']),
    }),
  },
  /** Interactions to review (the weekly sample plus breached / escalated), with their reviews. */
  'qa.queue': { privileged: true, input: v.object({ mine: v.optional(v.boolean()) }) },
  'qa.review': {
    privileged: true,
    input: v.object({
      interactionId: Id,
      answers: v.pipe(
        v.record(CriterionKey, AnswerSchema),
        v.check((r) => Object.keys(r).length <= 40, 'too many answers'),
      ),
      comments: v.pipe(
        v.record(CriterionKey, ShortText(2000)),
        v.check((r) => Object.keys(r).length <= 40, 'too many comments'),
      ),
      coaching: NullableShortText(4000),
    }),
  },
  'qa.config': { privileged: true, input: v.object({}) },
  'qa.setConfig': {
    privileged: true,
    input: v.object({
      form: v.optional(EvaluationFormSchema),
      perAgentPerWeek: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(200))),
    }),
  },
  /** The signed-in agent's own coaching notes. */
  'qa.coaching': { privileged: true, input: v.object({}) },
  'qa.coachingRead': { privileged: true, input: v.object({ ids: v.pipe(v.array(Id), v.maxLength(500)) }) },
  /** `mine`: only the asking agent's own reviews (a team agent may ask for nothing else). */
  'qa.report': {
    privileged: true,
    input: v.object({ from: v.optional(IsoTime), to: v.optional(IsoTime), mine: v.optional(v.boolean()) }),
  },
  /** A post's public counts as the page shows them now (batched per scan). */
  'viral.samples': {
    privileged: false,
    input: v.object({ samples: v.pipe(v.array(v.object({ key: ItemKeySchema, counts: EngagementCountsSchema })), v.maxLength(200)) }),
  },
  'viral.history': { privileged: true, input: v.object({ key: ItemKeySchema }) },
});

export interface QualityResponses {
  'qa.interaction': { interaction: InteractionRow | null };
  'qa.queue': { entries: { interaction: InteractionRow; reasons: SampleReason[]; review: QaReviewRow | null }[]; agent: string | null };
  'qa.review': { review: QaReviewRow; note: CoachingNoteRow | null };
  /** `role`: solo (the agent self-reviews), or the team role; `user`: the team user in team mode. */
  'qa.config': { form: EvaluationForm; perAgentPerWeek: number; role: 'solo' | 'agent' | 'supervisor'; user: string | null };
  'qa.setConfig': { form: EvaluationForm; perAgentPerWeek: number; role: 'solo' | 'agent' | 'supervisor'; user: string | null };
  'qa.coaching': {
    agent: string | null;
    notes: { note: CoachingNoteRow; interaction: InteractionRow | null; review: QaReviewRow | null }[];
  };
  'qa.coachingRead': { ok: true };
  'qa.report': { byAgentWeek: AgentWeekScore[]; byCriterion: CriterionScore[]; csv: string; count: number };
  'viral.samples': { levels: Record<string, { level: 'none' | 'watch' | 'rising'; reason: string }> };
  'viral.history': { samples: EngagementSampleRow[]; status: ViralStatusRow | null };
}
