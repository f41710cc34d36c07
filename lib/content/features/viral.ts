import { allowedNext } from '../../shared/state-machine';
import type { EngagementCounts } from '../../shared/viral';
import { defineFeature, onAbort, type ToolbarHandle } from '../feature';
import { ENGAGEMENT_KEY, engagementScript, type Engagement } from '../engagement';
import { loadExtensionScript } from '../overlay-ui-loader';
import { createRequestBatcher } from '../request-batcher';
import { HOVER_OPEN_MS } from './author-hover';

/** How long after its toolbar is drawn a post's counts are read. */
const READ_AFTER_MS = 2000;

/** X opens its hover card about half a second after the pointer rests on an author; read a little after that. */
const HOVER_CARD_MS = 1200;

/**
 * Viral risk (issue 17): whenever a toolbar post is seen (two seconds after its toolbar is drawn), its public counts (the adapter reads them off the page)
 * go to the background in one batched message; the background keeps the series, judges it against the team's
 * threshold and puts the verdict on the item row. A watched or rising post shows `carebar-viral`
 * (data-level = watch | rising); a rising one offers escalation with the reason filled in. The site's reader and the
 * badge are loaded on the first reading or the first verdict to show (lib/content/engagement.ts): only the timers
 * live in the content script.
 */
export const viral = defineFeature({
  id: 'viral',
  init({ adapter, request, items, signal, onError }) {
    let engagement: Engagement | undefined;
    /** Run `work` with the site's engagement script (reader and badge), loading it the first time. */
    const withEngagement = (work: (loaded: Engagement) => void) => {
      if (engagement) return work(engagement);
      loadExtensionScript<Engagement>(engagementScript(adapter.channel), ENGAGEMENT_KEY).then((loaded) => {
        engagement = loaded;
        if (!signal.aborted) work(loaded);
      }, onError);
    };
    const samples = createRequestBatcher<{ key: string; counts: EngagementCounts }>({
      // A second's samples in one message: each runtime message costs the page ~0.4 ms or more whatever it carries,
      // and a scroll mounting a few toolbars every quarter second sent one per screen (#13). Counts can wait.
      windowMs: 1000,
      limit: 200,
      send: async (slice) => void (await request('viral.samples', { samples: slice })),
      onError,
    });
    const sample = (t: ToolbarHandle, counts: EngagementCounts) => samples.add(t.post.key, { key: t.post.key, counts });

    // X shows an author's followers in the hover card that opens while the pointer rests on their name: read the
    // post again then, and keep the reading when it carries the count. Resting on the author sends the toolbar the
    // `customer` command (author-hover.ts, after HOVER_OPEN_MS); the reading follows a little after X's card opened.
    // One timer at a time.
    let hoverTimer: ReturnType<typeof setTimeout> | undefined;
    const readFollowers = (t: ToolbarHandle) => {
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(
        () =>
          !t.gone() &&
          t.postEl.isConnected &&
          withEngagement(({ read }) => {
            const counts = adapter.batchReads(() => read(t.postEl, t.post.authorHandle));
            if (counts?.authorFollowers != null) sample(t, counts);
          }),
        HOVER_CARD_MS - HOVER_OPEN_MS,
      );
    };

    /** The toolbar's badge for its item's verdict (none without one), in its state slot. */
    const drawBadge = (t: ToolbarHandle, shown: HTMLElement | null, { badge }: Engagement) => {
      const row = t.item();
      const level = row?.viral;
      const reason = row?.viralReason;
      const next =
        level && !t.gone()
          ? badge(t.host.ownerDocument, {
              level,
              reason,
              canEscalate: level === 'rising' && allowedNext(row.state).includes('escalated'),
              busy: t.row.get().busy,
              escalate: () =>
                void t.run(async () => t.offerUndo(await items.setState(t.post.key, 'escalated', `Going viral: ${reason ?? 'rising'}`))),
            })
          : null;
      if (shown && next) shown.replaceWith(next);
      else if (next) t.row.slot('state').append(next);
      else shown?.remove();
      return next;
    };

    // Counts are read once per toolbar, a while after it was drawn: a post flung past is not worth a reading, and
    // the page's load and scroll are not the time for one (#13). A later visit (a new toolbar) reads it again, which
    // is what the rise is measured on.
    const waiting = new Map<ToolbarHandle, number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const readDue = () => {
      timer = undefined;
      const now = performance.now();
      const due: ToolbarHandle[] = [];
      for (const [t, since] of waiting) {
        if (t.gone()) waiting.delete(t);
        else if (now - since >= READ_AFTER_MS) {
          waiting.delete(t);
          due.push(t);
        }
      }
      if (due.length)
        withEngagement(({ read }) =>
          adapter.batchReads(() => {
            for (const t of due) {
              const counts = t.gone() ? null : read(t.postEl, t.post.authorHandle);
              if (counts) sample(t, counts);
            }
          }),
        );
      schedule();
    };
    const schedule = () => {
      if (!timer && waiting.size && !signal.aborted) timer = setTimeout(readDue, READ_AFTER_MS);
    };
    onAbort(signal, () => {
      clearTimeout(hoverTimer);
      clearTimeout(timer);
    });

    return {
      toolbar: (t) => {
        // Most items have no verdict: nothing to load or draw for them.
        let shown: HTMLElement | null = null;
        t.onItem((row) => (row?.viral || shown) && withEngagement((loaded) => (shown = drawBadge(t, shown, loaded))));
        t.onCommand((command) => command === 'customer' && readFollowers(t));
        waiting.set(t, performance.now());
        schedule();
      },
    };
  },
});
