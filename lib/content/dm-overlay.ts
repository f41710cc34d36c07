import { h } from 'preact';
import { DmPrompt } from '../../components/content/DmPrompt';
import { ReplyGuard, REPLY_GUARD_CSS } from '../../components/content/ReplyGuard';
import type { EventRow, ItemRow } from '../shared/records';
import { request } from '../shared/messaging/client';
import type { Settings } from '../shared/settings';
import type { ItemState, PostInfo } from '../shared/model';
import type { SiteAdapter } from '../shared/sites/types';
import { createDmController } from './dm-flow';
import { installReplyGuard } from './reply-guard';
import { createShadowHost } from './shadow-host';

/**
 * Wires issue 6 into the overlay: the DM prompt and close-the-loop controls of each toolbar, and the reply guard.
 * lib/content/index.ts calls toolbarProps() per toolbar, replySubmitted() from reply detection, stop() on teardown.
 */
export function createDmOverlay(options: {
  adapter: SiteAdapter;
  doc: Document;
  store: { setState(key: string, to: ItemState, note?: string): Promise<EventRow> };
  settings: { get(): Settings | null };
  /** Post elements that carry a toolbar. */
  posts: () => Element[];
  onError: (err: unknown) => void;
}) {
  const { adapter, doc, onError } = options;
  const readPost = (postEl: Element): PostInfo | null => adapter.readPost(postEl, doc.location);

  const dm = createDmController({
    adapter,
    doc,
    request,
    brands: () => options.settings.get()?.brandAccounts[adapter.channel] ?? [],
    setState: (key, to, note) => options.store.setState(key, to, note),
    openTab: (url) => void doc.defaultView?.open(url, '_blank', 'noopener'),
    onError,
  });

  let dialog: ReturnType<typeof createShadowHost> | null = null;
  const closeDialog = () => {
    dialog?.destroy();
    dialog = null;
  };

  const stopGuard = installReplyGuard({
    adapter,
    doc,
    posts: options.posts,
    check: (text) => request('detect.text', { text: text.slice(0, 50_000), role: 'draft', channel: adapter.channel }).then((r) => r.problems),
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
      const info = readPost(post);
      // The draft stays as the agent wrote it: open the DM and set the state, insert nothing.
      if (info) dm.moveToDm(post, info, { insert: false }).catch(onError);
    },
    onError,
  });

  const overdue = (row: ItemRow | undefined) => {
    const hours = options.settings.get()?.dmFollowUpHours ?? 24;
    return !!row && row.state === 'dm' && Date.now() - Date.parse(row.stateChangedAt) > hours * 3_600_000;
  };

  return {
    toolbarProps(postEl: Element, post: PostInfo) {
      const reasons = () => dm.reasons(postEl, post);
      const subscribeStatus = (listener: Parameters<typeof dm.subscribe>[1]) => dm.subscribe(post.key, listener);
      return {
        moveToDm: () => dm.moveToDm(postEl, post),
        dmPrompt: (row: ItemRow | undefined) =>
          h(DmPrompt, {
            state: row?.state ?? 'new',
            reasons,
            subscribeStatus,
            overdue: overdue(row),
            onResolved: () => dm.offerClose(postEl, post),
            onConfirmClosed: () => dm.confirmClosed(post.key).then(() => {}),
          }),
      };
    },
    replySubmitted: (postEl: Element) => dm.replySubmitted(postEl),
    stop() {
      stopGuard();
      closeDialog();
    },
  };
}
