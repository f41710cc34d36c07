import type { Feature } from '../feature';
import { authorHover } from './author-hover';
import { customerCard } from './customer-card';
import { dm } from './dm';
import { interactions } from './interactions';
import { replyDetection } from './reply-detection';
import { shortcuts } from './shortcuts';
import { snippets } from './snippets';
import { team } from './team';
import { timerAndState } from './timer-and-state';
import { viral } from './viral';

/**
 * Every in-page feature, in the order their toolbar slots appear and their submit watchers run (reply detection
 * marks the item replied before the DM feature closes a loop whose closing reply was just posted).
 */
export const FEATURES: readonly Feature[] = [
  timerAndState,
  team,
  viral,
  customerCard,
  snippets,
  replyDetection,
  interactions,
  dm,
  shortcuts,
  authorHover,
];
