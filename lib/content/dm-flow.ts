import { h, render } from 'preact';
import { DraftHint, DRAFT_HINT_CSS } from '../../components/content/DraftHint';
import { boxOf } from '../../components/content/place';
import { adoptPanelsCss } from '../../components/content/row-panels';
import { ReplyGuard, REPLY_GUARD_CSS } from '../../components/content/ReplyGuard';
import type { GuardProblem } from '../shared/detect/types';
import type { PostInfo } from '../shared/model';
import type { EventRow } from '../shared/records';
import { dmControl } from './dm-reasons';
import type { PageContext, ToolbarHandle } from './feature';
import { insertIntoComposer } from './insert-text';
import { createReplyGuard } from './reply-guard';
import { createShadowHost } from './shadow-host';
import type { Submission } from './submit-detector';

// The interactive half of "move to DM" and "close the loop", and the reply guard with its dialog and draft hint:
// part of the interactive UI (overlay-ui.js), loaded on first use by lib/content/features/dm.ts. It asks the
// background which approved reply to use, puts it into the site's composer, and opens the private conversation.
// Detection and its libraries stay in the background; the DM chip's reasons are the resting half (dm-reasons.ts).

/** The flow's messages for a post's toolbar (hints, "post the reply to close"). */
interface DmStatus {
  message: string | null;
  /** A closing reply is in the composer, waiting to be posted. */
  closePending: boolean;
}

export interface DmFlow {
  /** Insert the approved DM request into the composer, open the DM, set the item to dm. Returns the state event. */
  moveToDm(postEl: Element, post: PostInfo, options?: { insert?: boolean }): Promise<EventRow>;
  /** Insert the approved closing reply; the item closes once the agent posts it (or confirms). */
  offerClose(postEl: Element, post: PostInfo): Promise<void>;
  confirmClosed(key: string): Promise<EventRow>;
  /** The agent submitted the reply box of this post (after every guard): a pending closing reply is posted. */
  replySubmitted(postEl: Element): void;
  /** The reply guard's decision on a submit (see ReplyGuard.decide). */
  guard(submission: Submission, stopped?: boolean): 'stop' | void;
  /** Input in the page: the guard keeps the draft's verdict ready (and the draft hint). */
  onInput(target: Node): void;
  /**
   * The flow's part of a toolbar's DM controls (`parts`, drawn by lib/content/features/dm.ts): "Posted: close" in
   * place of "Resolved?" while a closing reply waits, and the flow's last hint.
   */
  statusParts(t: ToolbarHandle, parts: Node[]): void;
}

const preact = { render };

/** `redraw(key)`: the flow's messages for a post changed, draw its toolbars' DM controls again. */
export function createDmFlow(
  options: Pick<PageContext, 'adapter' | 'doc' | 'request' | 'onError' | 'signal' | 'items' | 'toolbars'>,
  redraw: (key: string) => void,
): DmFlow {
  const { adapter, doc, request, onError, signal, items } = options;
  const statuses = new Map<string, DmStatus>();
  const setStatus = (key: string, patch: Partial<DmStatus>) => {
    statuses.set(key, { ...(statuses.get(key) ?? { message: null, closePending: false }), ...patch });
    redraw(key);
  };
  const pendingClose = new Set<string>();
  const inFlight = new Set<string>();

  const insertReply = async (postEl: Element, text: string): Promise<boolean> => {
    const composer = adapter.findComposer(postEl, doc);
    if (!composer) return false;
    return insertIntoComposer(composer, text);
  };

  const copy = (text: string) => {
    // Best effort: the clipboard may be refused (no focus / permission); the hint then carries the text.
    void navigator.clipboard?.writeText(text).catch(() => {});
  };

  // The guard's dialog, beside the Reply button that was pressed.
  let dialog: ReturnType<typeof createShadowHost> | null = null;
  const closeDialog = () => {
    dialog?.destroy();
    dialog = null;
  };
  // While the draft holds personal data: a quiet line under the reply box, not a dialog.
  let hint: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; follow: () => void } | null = null;
  const closeHint = () => {
    if (!hint) return;
    removeEventListener('scroll', hint.follow, true);
    hint.host.destroy();
    hint = null;
  };
  signal.addEventListener(
    'abort',
    () => {
      closeDialog();
      closeHint();
    },
    { once: true },
  );

  const showDraftHint = (composer: HTMLElement, problems: GuardProblem[]) => {
    const personal = problems.filter((p) => p.kind === 'personal-data');
    if (personal.length === 0 || signal.aborted) return closeHint();
    if (hint?.composer !== composer) {
      closeHint();
      const host = createShadowHost(preact, doc, DRAFT_HINT_CSS, {
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

  const flow: DmFlow = {
    async moveToDm(postEl, post, { insert = true } = {}) {
      if (inFlight.has(post.key)) throw new Error('Already moving this conversation to DM');
      inFlight.add(post.key);
      try {
        // The DM tab opens first, while the click still counts as the agent's gesture (popup blockers).
        const plan = await request('dm.open', { key: post.key });
        // A new tab, opened from the click.
        if (plan.url) doc.defaultView?.open(plan.url, '_blank', 'noopener');
        if (plan.via !== 'x-compose' && plan.opener) copy(plan.opener);
        let note = `DM via ${plan.via}`;
        let message = plan.hint;
        if (insert) {
          const { text, source } = await request('dm.reply', { key: post.key, kind: 'dm-request' });
          const inserted = await insertReply(postEl, text);
          note += inserted ? `; public DM request inserted (${source})` : '; no reply box open for the public DM request';
          if (!inserted) message = `${message} Open the reply box to post the public "please DM us" reply.`;
        }
        const event = await items.setState(post.key, 'dm', note);
        setStatus(post.key, { message });
        return event;
      } finally {
        inFlight.delete(post.key);
      }
    },

    async offerClose(postEl, post) {
      const { text } = await request('dm.reply', { key: post.key, kind: 'close-the-loop' });
      const inserted = await insertReply(postEl, text);
      if (inserted) pendingClose.add(post.key);
      setStatus(post.key, {
        closePending: inserted,
        message: inserted
          ? 'Closing reply inserted: post it and the item closes.'
          : 'Open the reply box of the original post, then try again.',
      });
    },

    replySubmitted(postEl) {
      closeHint();
      const key = postEl.getAttribute('data-carebar-id');
      if (!key || !pendingClose.has(key)) return;
      pendingClose.delete(key);
      items
        .setState(key, 'closed', 'closing reply posted')
        .then(() => setStatus(key, { closePending: false, message: 'Loop closed.' }))
        .catch(onError);
    },

    async confirmClosed(key) {
      pendingClose.delete(key);
      const event = await items.setState(key, 'closed', 'closed by the agent');
      setStatus(key, { closePending: false, message: 'Loop closed.' });
      return event;
    },

    guard: (submission, stopped) => guard.decide(submission, stopped),
    onInput: (target) => guard.onInput(target),

    statusParts(t, parts) {
      const status = statuses.get(t.post.key);
      if (!status) return;
      const resolved = parts.findIndex((p) => (p as Element).getAttribute('data-testid') === 'carebar-dm-resolved');
      if (status.closePending && resolved >= 0) {
        const button = dmControl(
          doc,
          'button',
          'carebar-dm-close-confirm',
          'primary',
          'Posted: close',
          'The closing reply is posted: close the item',
        );
        button.addEventListener('click', (event) => {
          if (event.isTrusted) void t.run(() => flow.confirmClosed(t.post.key).then(() => {}));
        });
        parts[resolved] = button;
      }
      if (status.message) {
        const note = dmControl(doc, 'span', 'carebar-dm-hint', 'hint', status.message, status.message);
        note.setAttribute('role', 'status');
        parts.push(note);
        adoptPanelsCss(t.host.shadowRoot!); // the hint's rules come with the row's panels, not the resting row
      }
    },
  };

  const guard = createReplyGuard({
    adapter,
    doc,
    posts: options.toolbars.posts,
    signal,
    check: (text) =>
      request('detect.text', { text: text.slice(0, 50_000), role: 'draft', channel: adapter.channel }).then((r) => r.problems),
    showDialog: (_post, choice, where) => {
      closeDialog();
      if (!doc.body || signal.aborted) return;
      dialog = createShadowHost(preact, doc, REPLY_GUARD_CSS, { 'data-testid': 'carebar-reply-guard-host' });
      const at = where.button?.isConnected ? boxOf(where.button) : null;
      dialog.render(h(ReplyGuard, { ...choice, onClose: closeDialog, at, keep: [boxOf(where.composer)] }));
      doc.body.append(dialog.host);
    },
    onDraft: showDraftHint,
    onPostedAnyway: (post, problems) => {
      const key = post.getAttribute('data-carebar-id');
      if (key) request('items.note', { key, note: `posted anyway: ${problems.map((p) => p.kind).join(', ')}` }).catch(onError);
    },
    onMoveToDm: (post) => {
      const info = adapter.readPost(post, doc.location);
      // The draft stays as the agent wrote it: open the DM and set the state, insert nothing.
      if (info) flow.moveToDm(post, info, { insert: false }).catch(onError);
    },
    onError,
  });
  return flow;
}
