import { mountTeamBadge } from '../../../components/content/TeamBadge';
import { defineFeature, onAbort } from '../feature';
import { TeamStore } from '../team-store';

/**
 * Team mode (issue 16) on each toolbar: who holds the item ("Ana · 2m") and who else is on it ("Ben is typing a
 * reply"); this agent's own presence while on a post's page. Nothing in solo mode (one status request per page).
 * Claiming itself stays the state feature's Claim: the background asks the team before it takes the item.
 */
export const team = defineFeature({
  id: 'team',
  init(ctx) {
    const store = new TeamStore(ctx.request);
    onAbort(ctx.signal, () => store.stop());
    store.start();
    return {
      toolbar: (t) =>
        store.ifTeamMode(() => {
          if (!t.signal.aborted) mountTeamBadge(t.row.slot('state'), store, t.post.key, t.post.permalink, t.signal);
        }),
    };
  },
});
