import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ItemRow } from '../../lib/shared/records';
import { CarebarRequestError, request, subscribeToChanges } from '../../lib/shared/messaging/client';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/settings';
import { CHANNELS, ITEM_STATES, type Channel, type ItemState } from '../../lib/shared/model';
import { buildQueue, countByState } from '../../lib/shared/queue';
import { formatDuration } from '../../lib/shared/duration';
import { OPEN_STATES } from '../../lib/shared/state-machine';
import { TeamQueueMark, TeamQueueStatus, useTeamQueue } from './TeamQueue';

const CHANNEL_LABEL: Record<Channel, string> = { x: 'X', facebook: 'Facebook' };
const SLA_ICON = { ok: '●', due: '▲', breached: '✖', paused: '❚❚', stopped: '✔' } as const;

/** The agent's queue: open items across channels, most urgent first, updated live. */
export function Queue() {
  const [items, setItems] = useState<ItemRow[]>([]);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [channel, setChannel] = useState<Channel | 'all'>('all');
  const [state, setState] = useState<ItemState | 'all'>('all');
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<string | null>(null);
  const team = useTeamQueue();

  const load = async () => {
    try {
      const [{ items }, { settings }] = await Promise.all([request('items.queue', {}), request('settings.get', {})]);
      setItems(items);
      setSettings(settings);
      setError(null);
    } catch (err) {
      setError(err instanceof CarebarRequestError ? err.message : String(err));
    }
  };

  useEffect(() => {
    void load();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const unsubscribe = subscribeToChanges({ onChange: () => void load(), onReconnect: () => void load() });
    return () => {
      clearInterval(tick);
      unsubscribe();
    };
  }, []);

  const entries = useMemo(() => buildQueue(items, settings, now, { channel, state }), [items, settings, now, channel, state]);
  const counts = countByState(items);

  return (
    <main data-testid="carebar-queue">
      <header>
        <h1>Queue</h1>
        <TeamQueueStatus status={team.status} />
        <p class="counts" data-testid="carebar-queue-counts">
          {OPEN_STATES.map((s) => (
            <span key={s} data-state={s}>
              {s}: {counts[s] ?? 0}
            </span>
          ))}
        </p>
        <div class="filters">
          <label>
            Channel{' '}
            <select value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel | 'all')}>
              <option value="all">All</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            State{' '}
            <select value={state} onChange={(e) => setState(e.currentTarget.value as ItemState | 'all')}>
              <option value="all">All open</option>
              {ITEM_STATES.filter((s) => OPEN_STATES.includes(s)).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {entries.length === 0 ? <p class="empty">Nothing waiting. 🎉</p> : null}
      <ol class="items">
        {entries.map(({ item, sla, dmOverdue }) => (
          <li key={item.key} data-testid="carebar-queue-item" data-carebar-id={item.key} data-sla-state={sla.state}>
            <span class={`sla ${sla.state}`} title={sla.state}>
              <span aria-hidden="true">{SLA_ICON[sla.state]}</span> {formatDuration(sla.ageSeconds, 1)}
              {item.postedAtEstimated ? '+' : ''}
            </span>
            <span class="who">{item.authorName ?? item.authorHandle ?? 'Unknown'}</span>
            <TeamQueueMark view={team.held.get(item.key)} now={now} />
            <span class="meta">
              {CHANNEL_LABEL[item.channel]} · {item.state}
              {dmOverdue ? ' · DM follow-up due' : ''}
            </span>
            <a href={item.permalink} target="_blank" rel="noopener noreferrer" class="excerpt">
              {item.excerpt || '(no text)'}
            </a>
            {item.state === 'dm' ? (
              // Closing the loop happens on the post itself: its toolbar offers the approved closing reply.
              <a
                href={item.permalink}
                target="_blank"
                rel="noopener noreferrer"
                class="dm-resolved"
                data-testid="carebar-queue-dm-resolved"
                title="Open the post: its toolbar offers the closing reply"
              >
                Resolved in DM? Close the loop
              </a>
            ) : null}
          </li>
        ))}
      </ol>
    </main>
  );
}
