import { createSnippetController } from '../snippets';
import { defineFeature } from '../feature';

/**
 * Snippets: every toolbar's Snippets button opens the palette where the agent replies — the post's reply box (on
 * Facebook a comment's own reply box, opened for it), or beside the toolbar for the box the caret is in; also
 * Alt+Shift+S in a reply box, the `s` key, or the browser command; and the live length counter (lib/content/snippets.ts).
 */
export const snippets = defineFeature({
  id: 'snippets',
  init(ctx) {
    const controller = createSnippetController({
      adapter: ctx.adapter,
      doc: ctx.doc,
      keyOf: (el) => el.getAttribute('data-carebar-id'),
      posts: ctx.toolbars.posts,
      request: ctx.request,
      onError: ctx.onError,
      signal: ctx.signal,
    });
    return {
      shortcuts: [{ key: 's', command: 'snippets', help: 'snippets for this post (Alt+Shift+S in a reply box)' }],
      toolbar(t) {
        t.handle('snippets', (anchor) => controller.openFromToolbar(t.postEl, anchor));
      },
    };
  },
});
