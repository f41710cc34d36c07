import { boxOf } from '../../../components/content/place';
import type { GuardProblem } from '../../shared/detect/types';
import type { ItemRow } from '../../shared/records';
import { createDmController, type DmStatus } from '../dm-flow';
import { defineFeature, onAbort, type ToolbarHandle } from '../feature';
import type { OverlayUi } from '../overlay-ui';
import { loadOverlayUi } from '../overlay-ui-loader';
import { installReplyGuard } from '../reply-guard';
import { createShadowHost } from '../shadow-host';

/**
 * Move to DM, close the loop, reply guard (issue 6): each toolbar's DM chip (why Carebar suggests a private
 * conversation), the row's Move to DM action, the close-the-loop step of items in DM, the guard that holds back a
 * public reply with personal data (beside the Reply button), and a quiet hint while a draft holds personal data.
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
    let hint: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; follow: () => void } | null = null;
    const closeHint = () => {
      if (!hint) return;
      removeEventListener('scroll', hint.follow, true);
      hint.host.destroy();
      hint = null;
    };
    onAbort(signal, () => {
      closeDialog();
      closeHint();
    });

    // The hint and the guard's dialog are drawn by the interactive UI, loaded on first use; what was asked for
    // while it loaded is drawn once it is there, unless something newer was asked for meanwhile.
    let hintSeq = 0;
    let dialogSeq = 0;
    const withUi = (seq: () => number, draw: (ui: OverlayUi) => void) => {
      const mine = seq();
      loadOverlayUi().then((ui) => {
        if (mine === seq() && !signal.aborted) draw(ui);
      }, onError);
    };

    /** While the draft holds personal data: a quiet line under the reply box, not a dialog. */
    const showDraftHint = (composer: HTMLElement, problems: GuardProblem[]) => {
      const personal = problems.filter((p) => p.kind === 'personal-data');
      hintSeq++;
      if (personal.length === 0) return closeHint();
      withUi(
        () => hintSeq,
        (ui) => drawDraftHint(ui, composer, personal),
      );
    };
    const drawDraftHint = (ui: OverlayUi, composer: HTMLElement, personal: GuardProblem[]) => {
      const { h, DraftHint, DRAFT_HINT_CSS } = ui;
      if (hint?.composer !== composer) {
        closeHint();
        const host = createShadowHost(ui, doc, DRAFT_HINT_CSS, {
          'data-testid': 'carebar-draft-hint-host',
          'data-theme': adapter.theme(doc),
          'data-site': adapter.channel,
        });
        doc.body.append(host.host);
        const follow = () => {
          const el = host.host.shadowRoot?.querySelector<HTMLElement>('.hint');
          if (!el || !composer.isConnected) return closeHint();
          const r = composer.getBoundingClientRect();
          el.style.left = `${Math.max(8, r.left)}px`;
          el.style.top = `${Math.max(8, Math.min(r.bottom + 4, innerHeight - el.offsetHeight - 8))}px`;
        };
        addEventListener('scroll', follow, { capture: true, passive: true, signal });
        hint = { host, composer, follow };
      }
      hint.host.render(h(DraftHint, { problems: personal }));
      hint.follow();
    };

    installReplyGuard({
      adapter,
      doc,
      submits: ctx.submits,
      posts: ctx.toolbars.posts,
      signal,
      check: (text) =>
        request('detect.text', { text: text.slice(0, 50_000), role: 'draft', channel: adapter.channel }).then((r) => r.problems),
      showDialog: (_post, choice, where) => {
        closeDialog();
        dialogSeq++;
        withUi(
          () => dialogSeq,
          (ui) => {
            closeDialog();
            if (!doc.body) return;
            dialog = createShadowHost(ui, doc, ui.REPLY_GUARD_CSS, { 'data-testid': 'carebar-reply-guard-host' });
            const at = where.button?.isConnected ? boxOf(where.button) : null;
            dialog.render(ui.h(ui.ReplyGuard, { ...choice, onClose: closeDialog, at, keep: [boxOf(where.composer)] }));
            doc.body.append(dialog.host);
          },
        );
      },
      onDraft: showDraftHint,
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
    ctx.submits.watch(({ post }) => {
      controller.replySubmitted(post);
      hintSeq++;
      closeHint();
    });

    const overdue = (row: ItemRow | undefined) => {
      const hours = settings.get()?.dmFollowUpHours ?? 24;
      return !!row && row.state === 'dm' && Date.now() - Date.parse(row.stateChangedAt) > hours * 3_600_000;
    };

    /** The close-the-loop controls of an item in DM, and the flow's hints, in the row's actions slot. */
    const drawStatus = (t: ToolbarHandle, row: ItemRow | undefined, status: DmStatus) => {
      const slot = t.row.slot('actions');
      const parts: Node[] = [];
      const make = (tag: 'span' | 'button', testid: string, cls: string, text: string, tip: string) => {
        const el = doc.createElement(tag);
        if (tag === 'button') (el as HTMLButtonElement).type = 'button';
        el.className = cls;
        el.setAttribute('data-testid', testid);
        el.setAttribute('data-tip', tip);
        el.textContent = text;
        return el;
      };
      if (row?.state === 'dm') {
        if (overdue(row))
          parts.push(make('span', 'carebar-dm-overdue', 'flag', 'Follow up', 'In DM longer than the team’s follow-up time'));
        const button = status.closePending
          ? make('button', 'carebar-dm-close-confirm', 'primary', 'Posted: close', 'The closing reply is posted: close the item')
          : make('button', 'carebar-dm-resolved', 'primary', 'Resolved?', 'Resolved in DM? Put the approved closing reply on this post');
        button.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          void t.run(() =>
            status.closePending ? controller.confirmClosed(t.post.key).then(() => {}) : controller.offerClose(t.postEl, t.post),
          );
        });
        parts.push(button);
      }
      if (status.message) {
        const note = make('span', 'carebar-dm-hint', 'hint', status.message, status.message);
        note.setAttribute('role', 'status');
        parts.push(note);
      }
      slot.replaceChildren(...parts);
    };

    return {
      toolbar(t) {
        // What the detectors found, asked for once the toolbar is drawn (posts off screen wait).
        void controller
          .reasons(t.postEl, t.post)
          .then((reasons) => reasons.length > 0 && !t.signal.aborted && t.row.set({ dmReasons: reasons }))
          .catch(onError);
        t.handle('dm', () => void t.run(async () => t.offerUndo(await controller.moveToDm(t.postEl, t.post))));
        let status: DmStatus = { message: null, closePending: false };
        let row = t.item();
        const redraw = () => drawStatus(t, row, status);
        onAbort(
          t.signal,
          controller.subscribe(t.post.key, (next) => {
            status = next;
            redraw();
          }),
        );
        t.onItem((next) => {
          const was = row?.state;
          row = next;
          if (was !== next?.state || next?.state === 'dm') redraw();
        });
      },
    };
  },
});
