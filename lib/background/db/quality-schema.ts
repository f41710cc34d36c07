import type { EntityTable } from 'dexie';
import type { CoachingNoteRow, EngagementSampleRow, InteractionRow, QaReviewRow, ViralStatusRow } from '../../shared/qa/records';

/**
 * The tables of quality monitoring and viral-risk tracking, added in one schema version (see SCHEMA_VERSIONS):
 * interactions to review (by agent and ISO week), reviews, coaching notes to agents, engagement samples per item
 * (time-ordered) and each item's viral verdict.
 */
export const QUALITY_STORES = {
  interactions: 'id, itemKey, agent, week, repliedAt, [agent+week]',
  qaReviews: 'id, interactionId, agent, week, reviewedAt',
  coachingNotes: 'id, agent, interactionId, at',
  engagementSamples: 'id, itemKey, at, [itemKey+at]',
  viralStatus: 'itemKey, level',
};

export interface QualityTables {
  interactions: EntityTable<InteractionRow, 'id'>;
  qaReviews: EntityTable<QaReviewRow, 'id'>;
  coachingNotes: EntityTable<CoachingNoteRow, 'id'>;
  engagementSamples: EntityTable<EngagementSampleRow, 'id'>;
  viralStatus: EntityTable<ViralStatusRow, 'itemKey'>;
}
