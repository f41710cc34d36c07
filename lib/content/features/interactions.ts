import { defineFeature } from '../feature';

/**
 * Interactions to review (issue 17): when the agent submits the site's reply composer on a toolbar post (after
 * the reply guard let it through), the reply text and the customer's post go to the background, which keeps the
 * interaction with its times, channel, agent and pre-checks for quality review.
 */
export const interactions = defineFeature({
  id: 'interactions',
  init({ adapter, doc, request, submits, onError }) {
    submits.watch(({ post, composer }) => {
      const key = post.getAttribute('data-carebar-id');
      const replyText = (composer.innerText || composer.textContent || '').trim();
      if (!key || !replyText) return;
      const customerText = adapter.readPost(post, doc.location)?.text.slice(0, 10_000) ?? null;
      request('qa.interaction', { key, replyText: replyText.slice(0, 10_000), customerText, source: 'composer' }).catch(onError);
    });
  },
});
