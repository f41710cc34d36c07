import { defineFeature, type ToolbarHandle } from '../feature';
import { loadOverlayUi } from '../overlay-ui-loader';

/**
 * Team mode (issue 16) on each toolbar: who holds the item ("Ana · 2m") and who else is on it ("Ben is typing a
 * reply"); this agent's own presence while on a post's page. Claiming itself stays the state feature's Claim: the
 * background asks the team before it takes the item.
 *
 * This is only the question "is team mode on?": one status request per page. Most agents work solo, so the team
 * store, its port and the badge (lib/content/team-store.ts, components/content/TeamBadge.ts) are not in the content
 * script but in the interactive UI (/overlay-ui.js), loaded only when the answer is on (#13, content script size).
 * Toolbars drawn before then wait here and get their badge once it is loaded; in solo mode they are dropped with no
 * team work at all.
 */
export const team = defineFeature({
  id: 'team',
  init(ctx) {
    const { signal } = ctx;
    /** Toolbars drawn before team mode is known and loaded; null once it is, or once it is known to be off. */
    let waiting: ToolbarHandle[] | null = [];
    let mount: ((toolbar: ToolbarHandle) => void) | null = null;
    void ctx
      .request('team.status', {})
      .then(({ status }) => {
        if (status.state === 'off' || signal.aborted) {
          waiting = null;
          return;
        }
        return loadOverlayUi().then((ui) => {
          if (signal.aborted) return;
          mount = ui.startTeam(ctx.request, signal);
          const drawn = waiting ?? [];
          waiting = null;
          for (const toolbar of drawn) mount(toolbar);
        }, ctx.onError);
      })
      .catch(() => {
        // No answer (the extension went away): as in solo mode, nothing to show.
        waiting = null;
      });
    return {
      toolbar: (toolbar) => {
        if (mount) mount(toolbar);
        else waiting?.push(toolbar);
      },
    };
  },
});
