import { detectText, reasonsOf } from '../../shared/detect/index';
import { guardProblems } from '../../shared/detect/guard';
import type { DetectReason } from '../../shared/detect/types';
import { readSettings } from '../db/settings';
import type { HandlerTable } from './context';

export const detectionHandlers: HandlerTable<'detect.text' | 'detect.posts'> = {
  'detect.text': async ({ text, role, channel, thread }, ctx) => {
    const settings = await readSettings(ctx.db);
    const findings = detectText(text, { role, thread, orderPatterns: settings.detection.orderPatterns });
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
  'detect.posts': async ({ posts }, ctx) => {
    const { orderPatterns } = (await readSettings(ctx.db)).detection;
    const reasons: Record<string, DetectReason[]> = {};
    for (const post of posts) reasons[post.key] = reasonsOf(detectText(post.text, { role: 'post', thread: post.thread, orderPatterns }));
    return { reasons };
  },
};
