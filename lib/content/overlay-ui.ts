import { h, options as preactOptions, render } from 'preact';
import { CharCount, CHAR_COUNT_CSS } from '../../components/content/CharCount';
import { DraftHint, DRAFT_HINT_CSS } from '../../components/content/DraftHint';
import { ReplyGuard, REPLY_GUARD_CSS } from '../../components/content/ReplyGuard';
import { rowPanels } from '../../components/content/row-panels';
import { ShortcutHelp, SHORTCUT_HELP_CSS } from '../../components/content/ShortcutHelp';
import { SnippetPalette, SNIPPET_PALETTE_CSS } from '../../components/content/SnippetPalette';
import { mountTeamBadge } from '../../components/content/TeamBadge';
import { onAbort, type ToolbarHandle } from './feature';
import type { Request } from './request';
import { TeamStore } from './team-store';

// Preact runs effects after the next animation frame, and asking for one makes the browser render a frame of the
// whole page (heavy on X) even when nothing else changed. Run them in the next task instead: what they change is
// drawn in the frame the page renders anyway. (This bundle's own copy of Preact: the page is not affected.)
(preactOptions as { requestAnimationFrame?: (flush: () => void) => void }).requestAnimationFrame = (flush) => {
  try {
    setTimeout(flush);
  } catch {
    // Firefox throws NS_ERROR_NOT_INITIALIZED from setTimeout in a tab that is unloading: nothing to render then.
  }
};

/**
 * Team mode's content side, started by lib/content/features/team.ts once the page's one status request says team mode
 * is on (most agents work solo: their content script does not carry this): the store with its port and this agent's
 * presence, and the function that gives a toolbar its team badge.
 */
function startTeam(request: Request, signal: AbortSignal): (toolbar: ToolbarHandle) => void {
  const store = new TeamStore(request);
  onAbort(signal, () => store.stop());
  store.start();
  return (t) => {
    if (!t.gone()) mountTeamBadge(t.row.slot('state'), store, t.post.key, t.post.permalink, t);
  };
}

/**
 * What the page shows only when the agent reaches it — the snippet palette, the length counter, the reply guard and
 * its draft hint, the shortcut help — with the Preact that draws them, and team mode's parts (only when it is on).
 * Built as its own script (entrypoints/overlay-ui.ts, /overlay-ui.js) and loaded by the content script on first use
 * (lib/content/overlay-ui-loader.ts), so a page's content script carries only the toolbar at rest.
 */
export const overlayUi = {
  h,
  render,
  SnippetPalette,
  SNIPPET_PALETTE_CSS,
  CharCount,
  CHAR_COUNT_CSS,
  DraftHint,
  DRAFT_HINT_CSS,
  ReplyGuard,
  REPLY_GUARD_CSS,
  ShortcutHelp,
  SHORTCUT_HELP_CSS,
  /** The toolbar row's menu, escalation form, tooltips, arrow keys and panels (components/content/row-panels.ts). */
  rowPanels,
  /** Team mode (claims, presence, the team badge), only when it is on. */
  startTeam,
};

export type OverlayUi = typeof overlayUi;
