import type { ItemRow } from '../../shared/records';
import type { DmFlow } from '../dm-flow';
import { createDmReasons, dmControl } from '../dm-reasons';
import { defineFeature, type ToolbarHandle } from '../feature';
import { guardGate } from '../guard-gate';
import { loadOverlayUi } from '../overlay-ui-loader';

/**
 * Move to DM, close the loop, reply guard (issue 6): each toolbar's DM chip (why Carebar suggests a private
 * conversation), the row's Move to DM action, the close-the-loop step of items in DM, the guard that holds back a
 * public reply with personal data (beside the Reply button), and a quiet hint while a draft holds personal data.
 *
 * At rest the content script carries the chip's reasons (lib/content/dm-reasons.ts), the close-the-loop controls of
 * items in DM and a synchronous gate for the guard; the flow and the guard themselves (lib/content/dm-flow.ts,
 * reply-guard.ts) are part of the interactive UI, loaded when a reply box that answers a post gets the focus or
 * input, or on the first DM action. Until the guard is there the gate stops every submit with text and hands it to
 * the guard once loaded, which posts it at once when the draft is clean: no reply gets past unchecked.
 */
export const dm = defineFeature({
  id: 'dm',
  init(ctx) {
    const { adapter, doc, onError, settings, signal } = ctx;
    const reasons = createDmReasons(ctx);

    // Each drawn toolbar's redraw of its DM controls, by item key: the flow's hints (once it is loaded) redraw them.
    const redraws = new Map<string, Set<() => void>>();

    let flow: DmFlow | null = null;
    const withFlow = <T>(use: (flow: DmFlow) => T | Promise<T>): Promise<T> =>
      loadOverlayUi().then((ui) => {
        if (signal.aborted) throw new Error('Carebar stopped on this page');
        flow ??= ui.createDmFlow(ctx, (key) => redraws.get(key)?.forEach((redraw) => redraw()));
        return use(flow);
      });

    // The guard's gate runs before the site and every watcher, synchronously (lib/content/guard-gate.ts).
    ctx.submits.guard(guardGate({ loaded: () => flow, load: () => withFlow((f) => f), onError }));
    // Load the guard while the agent writes, so it is there before Reply is pressed: on focus in a reply box that
    // answers a post, or input in one (each editor checked once per focus until then); once loaded, input goes to it.
    let checked: Element | null = null;
    const warm = (event: Event) => {
      const target = event.composedPath()[0] as Node | undefined;
      if (!target) return;
      if (flow) return event.type === 'input' && flow.onInput(target);
      const editor = (target as Element).closest?.('[contenteditable="true"]');
      if (!editor || (editor === checked && event.type === 'input')) return;
      checked = editor;
      if (adapter.postAnsweredBy(editor, ctx.toolbars.posts(), doc))
        withFlow((f) => event.type === 'input' && f.onInput(target)).catch(onError);
    };
    doc.addEventListener('focusin', warm, { capture: true, signal });
    doc.defaultView?.addEventListener('input', warm, { capture: true, signal });
    // A pending closing reply was posted (after reply detection, in feature order).
    ctx.submits.watch(({ post }) => flow?.replySubmitted(post));

    const overdue = (row: ItemRow | undefined) => {
      const hours = settings.get()?.dmFollowUpHours ?? 24;
      return !!row && row.state === 'dm' && Date.now() - Date.parse(row.stateChangedAt) > hours * 3_600_000;
    };

    /** The close-the-loop controls of an item in DM, and the flow's hints, in the row's actions slot. */
    const drawStatus = (t: ToolbarHandle, row: ItemRow | undefined) => {
      const parts: Node[] = [];
      if (row?.state === 'dm') {
        if (overdue(row))
          parts.push(dmControl(doc, 'span', 'carebar-dm-overdue', 'flag', 'Follow up', 'In DM longer than the team’s follow-up time'));
        const button = dmControl(
          doc,
          'button',
          'carebar-dm-resolved',
          'primary',
          'Resolved?',
          'Resolved in DM? Put the approved closing reply on this post',
        );
        button.addEventListener('click', (event) => {
          if (event.isTrusted) void t.run(() => withFlow((f) => f.offerClose(t.postEl, t.post)));
        });
        parts.push(button);
      }
      // What the flow adds ("Posted: close", its hints) exists only once the agent used it.
      flow?.statusParts(t, parts);
      // Most rows never show any: no slot for them.
      if (parts.length > 0 || t.row.hasSlot('actions')) t.row.slot('actions').replaceChildren(...parts);
    };

    return {
      toolbar(t) {
        // What the detectors found, asked for once the toolbar is drawn (posts off screen wait).
        void reasons(t.post)
          .then((found) => found.length > 0 && !t.gone() && t.row.set({ dmReasons: found }))
          .catch(onError);
        t.handle('dm', () => void t.run(async () => t.offerUndo(await withFlow((f) => f.moveToDm(t.postEl, t.post)))));
        let row = t.item();
        const redraw = () => drawStatus(t, row);
        let mine = redraws.get(t.post.key);
        if (!mine) redraws.set(t.post.key, (mine = new Set()));
        mine.add(redraw);
        t.onDestroy(() => {
          mine.delete(redraw);
          if (!mine.size) redraws.delete(t.post.key);
        });
        if (flow) redraw();
        t.onItem((next) => {
          const was = row?.state;
          row = next;
          if (was !== next?.state || next?.state === 'dm') redraw();
        });
      },
    };
  },
});
