import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createSnippetController } from '../snippets';
import { defineFeature, type ToolbarSlotProps } from '../feature';

/**
 * Snippets: a "Snippets" button on toolbars whose post a site composer answers, the palette it opens (also
 * Alt+Shift+S in the composer, or the browser command), and the live length counter (lib/content/snippets.ts).
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

    function SnippetsSlot({ postEl }: ToolbarSlotProps) {
      const [available, setAvailable] = useState(false);
      useEffect(() => controller.watchComposer(postEl, setAvailable), [postEl]);
      if (!available) return null;
      return h(
        'button',
        {
          type: 'button',
          'data-testid': 'carebar-snippets',
          title: 'Insert a snippet (Alt+Shift+S in the reply box)',
          onClick: () => controller.open(postEl),
        },
        'Snippets',
      );
    }

    return { slots: [{ at: 'actions', component: SnippetsSlot }] };
  },
});
