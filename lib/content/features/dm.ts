import { Fragment, h } from 'preact';
import { useMemo } from 'preact/hooks';
import { DmPrompt, MoveToDmButton } from '../../../components/content/DmPrompt';
import { ReplyGuard, REPLY_GUARD_CSS } from '../../../components/content/ReplyGuard';
import type { ItemRow } from '../../shared/records';
import { allowedNext } from '../../shared/state-machine';
import { createDmController } from '../dm-flow';
import { defineFeature, onAbort, type ToolbarSlotProps } from '../feature';
import { installReplyGuard } from '../reply-guard';
import { createShadowHost } from '../shadow-host';

/**
 * Move to DM, close the loop, reply guard (issue 6): each toolbar's "Move to DM" button and DM prompt, the closing
 * reply once a DM is resolved, and the guard that holds back a public reply with personal data.
 */
export const dm = defineFeature({
  id: 'dm',
  init(ctx) {
    const { adapter, doc, request, onError, settings, items, signal } = ctx;
    const controller = createDmController({
      adapter,
      doc,
      request,
      brands: () => settings.get()?.brandAccounts[adapter.channel] ?? [],
      setState: (key, to, note) => items.setState(key, to, note),
      openTab: (url) => void doc.defaultView?.open(url, '_blank', 'noopener'),
      onError,
    });

    let dialog: ReturnType<typeof createShadowHost> | null = null;
    const closeDialog = () => {
      dialog?.destroy();
      dialog = null;
    };
    onAbort(signal, closeDialog);
    installReplyGuard({
      adapter,
      doc,
      submits: ctx.submits,
      posts: ctx.toolbars.posts,
      signal,
      check: (text) =>
        request('detect.text', { text: text.slice(0, 50_000), role: 'draft', channel: adapter.channel }).then((r) => r.problems),
      showDialog: (_post, choice) => {
        closeDialog();
        if (!doc.body) return;
        dialog = createShadowHost(doc, REPLY_GUARD_CSS, { 'data-testid': 'carebar-reply-guard-host' });
        dialog.render(h(ReplyGuard, { ...choice, onClose: closeDialog }));
        doc.body.append(dialog.host);
      },
      onPostedAnyway: (post, problems) => {
        const key = post.getAttribute('data-carebar-id');
        if (key) request('items.note', { key, note: `posted anyway: ${problems.map((p) => p.kind).join(', ')}` }).catch(onError);
      },
      onMoveToDm: (post) => {
        const info = adapter.readPost(post, doc.location);
        // The draft stays as the agent wrote it: open the DM and set the state, insert nothing.
        if (info) controller.moveToDm(post, info, { insert: false }).catch(onError);
      },
      onError,
    });
    // A pending closing reply was posted (after reply detection, in feature order).
    ctx.submits.watch(({ post }) => controller.replySubmitted(post));

    const overdue = (row: ItemRow | undefined) => {
      const hours = settings.get()?.dmFollowUpHours ?? 24;
      return !!row && row.state === 'dm' && Date.now() - Date.parse(row.stateChangedAt) > hours * 3_600_000;
    };

    function DmSlot({ post, postEl, row, busy, run, offerUndo }: ToolbarSlotProps) {
      const bound = useMemo(
        () => ({
          reasons: () => controller.reasons(postEl, post),
          subscribeStatus: (listener: Parameters<typeof controller.subscribe>[1]) => controller.subscribe(post.key, listener),
          onResolved: () => controller.offerClose(postEl, post),
          onConfirmClosed: () => controller.confirmClosed(post.key).then(() => {}),
        }),
        [post, postEl],
      );
      const state = row?.state ?? 'new';
      return h(Fragment, null, [
        h(MoveToDmButton, {
          disabled: busy || !allowedNext(state).includes('dm'),
          onClick: () => void run(async () => offerUndo(await controller.moveToDm(postEl, post))),
        }),
        h(DmPrompt, { state, overdue: overdue(row), ...bound }),
      ]);
    }

    return { slots: [{ at: 'actions', component: DmSlot }] };
  },
});
