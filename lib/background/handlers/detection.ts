import { assessPosts, detectText } from '../../shared/detect/index';
import { guardProblems } from '../../shared/detect/guard';
import { readSettings } from '../db/settings';
import type { HandlerTable } from './context';

export const detectionHandlers: HandlerTable<'detect.text' | 'detect.posts'> = {
  'detect.text': async ({ text, role, channel, thread }, ctx) => {
    const settings = await readSettings(ctx.db);
    const { orderPatterns, ownContacts } = settings.detection;
    const findings = detectText(text, { role, thread, orderPatterns, ownContacts });
    const problems =
      role === 'draft'
        ? guardProblems(text, findings, {
            channel,
            agentInitials: settings.agentInitials,
            requireInitials: settings.detection.requireInitials,
            genericPhrases: settings.detection.genericPhrases,
          })
        : [];
    return { findings, problems };
  },
  // The move-to-DM decision (personal data, or the classifier against the team's threshold), cached per text and
  // computed in time slices so other requests interleave with a big batch.
  'detect.posts': async ({ posts }, ctx) => {
    const { orderPatterns, ownContacts, dmThreshold } = (await readSettings(ctx.db)).detection;
    return { reasons: await assessPosts(posts, { orderPatterns, ownContacts, threshold: dmThreshold }) };
  },
};
