import { defineFeature } from '../feature';

/**
 * Interactions to review (issue 17): when the agent submits the site's reply composer on a toolbar post (after
 * the reply guard let it through), the reply text and the customer's post go to the background, which keeps the
 * interaction with its times, channel, agent and pre-checks for quality review.
 * The brand's reply appearing in the thread (a post by a brand account answering an item) travels with the item
 * store's brand-reply report (items.brandReplied with its text); the background keeps it once per reply and joins it
 * to this agent's composer interaction when it is the same reply (lib/background/db/quality.ts recordThreadReply).
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
