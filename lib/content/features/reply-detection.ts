import { defineFeature } from '../feature';

/**
 * Reply detection: the agent submitting the site's own reply composer for a toolbar post makes the item replied
 * without a second click. It sees only submissions the reply guard let through (the submit detector's order).
 */
export const replyDetection = defineFeature({
  id: 'reply-detection',
  init({ submits, items, onError }) {
    submits.watch(({ post }) => {
      const key = post.getAttribute('data-carebar-id');
      if (key) items.agentReplied(key).catch(onError);
    });
  },
});
