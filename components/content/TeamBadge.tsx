import { useEffect, useState } from 'preact/hooks';
import type { TeamStore } from '../../lib/content/team-store';
import { claimedByLabel, presenceLabel } from '../../lib/shared/team/settings';

/**
 * Team mode on a post's toolbar: who holds it ("Ana · 2m", `carebar-claimed-by`) and who else is on it ("Ben is
 * typing a reply"). Renders nothing in solo mode or when nobody else is involved.
 */
export function TeamBadge(props: { store: TeamStore; itemKey: string; permalink: string }) {
  const teamStore = props.store;
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => teamStore.watch(props.itemKey, () => setTick((t) => t + 1)), [props.itemKey]);
  useEffect(() => {
    // On the post's own page the agent is "viewing" it (and "typing" while writing there).
    const here = (() => {
      try {
        const a = new URL(props.permalink);
        return a.origin === location.origin && a.pathname.replace(/\/$/, '') === location.pathname.replace(/\/$/, '');
      } catch {
        return false;
      }
    })();
    return here ? teamStore.viewing(props.itemKey) : undefined;
  }, [props.itemKey, props.permalink]);
  // Ages in the label move with the minute.
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);

  const view = teamStore.view(props.itemKey);
  const others = teamStore.presenceOn(props.itemKey, null);
  const held = view && view.holder && view.standing !== 'mine';
  if (!held && others.length === 0 && !error) return null;
  return (
    <span class="team" data-testid="carebar-team">
      {held ? (
        <span
          class={`claimed-by${view.standing === 'stale' ? ' stale' : ''}`}
          data-testid="carebar-claimed-by"
          data-holder={view.holder}
          data-standing={view.standing}
          title={
            view.standing === 'stale'
              ? 'Claimed, but the holder has not been seen for a while: it can be taken over'
              : 'Claimed by a teammate'
          }
        >
          {claimedByLabel(view)}
          {view.standing === 'stale' ? ' (stale)' : ''}
        </span>
      ) : null}
      {held && view.standing === 'stale' ? (
        <button
          type="button"
          data-testid="carebar-take-over"
          title="The holder has not been seen for a while: take this item over (logged)"
          // Only a person's click takes an item over, never the page's synthetic one (as the toolbar row).
          onClick={(event) => event.isTrusted && void teamStore.takeOver(props.itemKey).then(setError)}
        >
          Take over
        </button>
      ) : null}
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
      {others.map((p) => (
        <span key={p.user} class="presence" data-testid="carebar-presence" data-user={p.user} data-activity={p.activity}>
          {presenceLabel(p)}
        </span>
      ))}
    </span>
  );
}
