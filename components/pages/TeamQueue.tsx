import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import { subscribeToTeam } from '../../lib/shared/messaging/team-port';
import { claimedByLabel, type TeamItemView, type TeamStatusView } from '../../lib/shared/team/settings';

// Team mode in the queue (issue 16): the items someone else holds are marked with who and since when, and the
// connection's status is shown. Nothing in solo mode.

export interface TeamQueueState {
  status: TeamStatusView | null;
  held: Map<string, TeamItemView>;
}

export function useTeamQueue(): TeamQueueState {
  const [status, setStatus] = useState<TeamStatusView | null>(null);
  const [held, setHeld] = useState<Map<string, TeamItemView>>(new Map());
  useEffect(() => {
    let stopped = false;
    let unsubscribe: (() => void) | null = null;
    const loadHeld = () =>
      request('team.held', {})
        .then(({ items }) => !stopped && setHeld(new Map(items.map((v) => [v.key, v]))))
        .catch(() => {});
    void request('team.status', {})
      .then(({ status: st }) => {
        if (stopped) return;
        setStatus(st);
        if (st.state === 'off') return;
        void loadHeld();
        unsubscribe = subscribeToTeam((n) => {
          if (n.type === 'team.status') setStatus(n.status);
          else if (n.type === 'team.items')
            setHeld((prev) => {
              const next = new Map(prev);
              for (const v of n.items) {
                if (v.holder && v.standing !== 'mine') next.set(v.key, v);
                else next.delete(v.key);
              }
              return next;
            });
        }, loadHeld);
      })
      .catch(() => {});
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }, []);
  return { status, held };
}

const STATE_TEXT: Record<TeamStatusView['state'], string> = {
  connected: 'Team: connected',
  connecting: 'Team: connecting…',
  reconnecting: 'Team: reconnecting',
  offline: 'Team: offline',
  error: 'Team: error',
  off: '',
};

export function TeamQueueStatus({ status }: { status: TeamStatusView | null }) {
  if (!status || status.state === 'off') return null;
  const since =
    status.state !== 'connected' && status.since
      ? ` since ${new Date(status.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
      : '';
  return (
    <p
      class={`team-status team-status-${status.state}`}
      data-testid="carebar-queue-team-status"
      data-status={status.state}
      title={status.error ?? ''}
    >
      {STATE_TEXT[status.state]}
      {since}
      {status.pending ? ` · ${status.pending} waiting to be sent` : ''}
    </p>
  );
}

/**
 * Who holds an item someone else claimed. A supervisor also gets Release (issue 16: supervisors can release any
 * claim); the background checks the role again and the release goes to the team's stream as an event naming who
 * held it — the log.
 */
export function TeamQueueMark({ view, now, supervisor = false }: { view: TeamItemView | undefined; now: number; supervisor?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!view) return null;
  const release = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('team.release', { key: view.key });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span
      class={`claimed-by${view.standing === 'stale' ? ' stale' : ''}`}
      data-testid="carebar-queue-claimed-by"
      data-holder={view.holder}
      data-standing={view.standing}
    >
      {claimedByLabel(view, now)}
      {view.standing === 'stale' ? ' (stale)' : ''}
      {supervisor ? (
        <button
          type="button"
          class="cb-btn small"
          data-testid="carebar-queue-release"
          disabled={busy}
          title={error ?? `Release ${view.holderName ?? view.holder ?? 'the'}’s claim (logged for the team)`}
          onClick={(e) => {
            e.stopPropagation();
            void release();
          }}
        >
          Release
        </button>
      ) : null}
      {error ? (
        <span role="alert" class="cb-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
