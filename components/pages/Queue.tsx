import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { EventRow, ItemRow } from '../../lib/shared/records';
import { CarebarRequestError, request, subscribeToChanges } from '../../lib/shared/messaging/client';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/settings';
import type { Channel, ItemState } from '../../lib/shared/model';
import {
  buildQueueGroups,
  queueCounts,
  type QueueFilter,
  type QueueGroup,
  type SlaFilter,
  type StatusFilter,
} from '../../lib/shared/queue';
import { canTransition, OPEN_STATES, UNDO_WINDOW_MS } from '../../lib/shared/state-machine';
import { CHANNEL_LABEL } from './ui/labels';
import { QueueRow, type RowAction } from './queue/QueueRow';
import { TeamQueueMark, TeamQueueStatus, useTeamQueue } from './TeamQueue';
import { QueueQualityLinks } from './qa/QueueLinks';

const TARGET: Record<RowAction, ItemState> = { claim: 'claimed', unclaim: 'new', replied: 'replied', ignored: 'ignored' };
const DONE_WORDS: Record<RowAction, string> = {
  claim: 'Claimed',
  unclaim: 'Back in the queue',
  replied: 'Marked replied',
  ignored: 'Ignored',
};

interface UndoOffer {
  id: number;
  text: string;
  events: EventRow[];
  until: number;
}

const errorText = (err: unknown) => (err instanceof CarebarRequestError ? err.message : String((err as Error)?.message ?? err));
const isOpen = (item: ItemRow) => OPEN_STATES.includes(item.state);

/** Merge changed rows into the list: open ones replace or join, the rest leave. */
function merge(items: ItemRow[], changed: ItemRow[]): ItemRow[] {
  const byKey = new Map(items.map((i) => [i.key, i]));
  for (const c of changed) {
    if (isOpen(c)) byKey.set(c.key, c);
    else byKey.delete(c.key);
  }
  return [...byKey.values()];
}

/** Typing in these keeps its keys: the queue's shortcuts stay out of the way. */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLInputElement && target.type !== 'checkbox' ? true : target instanceof HTMLTextAreaElement;

/**
 * The agent's queue (side panel / sidebar): one row per conversation, most urgent first, updated live; claim, mark
 * replied or ignore a row or a selection at once, with undo; filter chips; j/k keyboard navigation.
 */
export function Queue() {
  const [items, setItems] = useState<ItemRow[] | null>(null);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [tiers, setTiers] = useState<Record<string, string | null>>({});
  const [filter, setFilter] = useState<Required<QueueFilter>>({ channel: 'all', state: 'all', sla: 'all' });
  const [search, setSearch] = useState('');
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const rowEls = useRef(new Map<string, HTMLLIElement>());
  const searchEl = useRef<HTMLInputElement>(null);
  const listHasFocus = useRef(false);
  const team = useTeamQueue();

  const load = async () => {
    try {
      const [{ items }, { settings }] = await Promise.all([request('items.queue', {}), request('settings.get', {})]);
      setItems(items);
      setSettings(settings);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  useEffect(() => {
    void load();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void load(), 150); // a burst of changes (a bulk action) is one reload
    };
    const unsubscribe = subscribeToChanges({
      onChange: (notice) => {
        if (notice.type === 'settings.changed') setSettings(notice.settings);
        else if (notice.items.length) setItems((current) => (current ? merge(current, notice.items) : current));
        reload();
      },
      onReconnect: reload,
    });
    return () => {
      clearInterval(tick);
      clearTimeout(pending);
      unsubscribe();
    };
  }, []);

  // Tiers (nothing confidential: the toolbar's badge) for the customers in the queue, asked once per author.
  useEffect(() => {
    if (!items) return;
    const missing = new Map<string, { channel: Channel; handle: string | null; id: string | null }>();
    for (const i of items)
      if (i.authorKey && !(i.authorKey in tiers)) missing.set(i.authorKey, { channel: i.channel, handle: i.authorHandle, id: i.authorId });
    if (!missing.size) return;
    request('customers.badge', { authors: [...missing.values()].slice(0, 200) })
      .then(({ badges }) =>
        setTiers((t) => ({ ...t, ...Object.fromEntries([...missing.keys()].map((k) => [k, badges[k]?.tier ?? null])) })),
      )
      .catch(() => setTiers((t) => ({ ...t, ...Object.fromEntries([...missing.keys()].map((k) => [k, null])) })));
  }, [items]);

  // Undo offers expire with the background's undo window.
  useEffect(() => {
    if (!undo) return;
    const t = setTimeout(() => setUndo((u) => (u?.id === undo.id ? null : u)), Math.max(0, undo.until - Date.now()));
    return () => clearTimeout(t);
  }, [undo]);

  const all = items ?? [];
  const counts = useMemo(() => queueCounts(all, settings, now), [all, settings, now]);
  const needle = search.trim().toLowerCase();
  const groups = useMemo(() => {
    const shown = buildQueueGroups(all, settings, now, filter);
    if (!needle) return shown;
    return shown.filter((g) =>
      [g, ...g.followUps].some((e) =>
        `${e.item.authorName ?? ''} ${e.item.authorHandle ?? ''} ${e.item.excerpt}`.toLowerCase().includes(needle),
      ),
    );
  }, [all, settings, now, filter, needle]);
  const shownKeys = groups.map((g) => g.item.key);
  const selectedGroups = groups.filter((g) => selected.has(g.item.key));
  const focusIndex = Math.max(0, focusKey ? shownKeys.indexOf(focusKey) : 0);
  const effectiveFocus = shownKeys[focusIndex] ?? shownKeys[0] ?? null;

  // Keep the selection to rows still shown.
  useEffect(() => {
    if ([...selected].some((k) => !shownKeys.includes(k))) setSelected(new Set([...selected].filter((k) => shownKeys.includes(k))));
  }, [shownKeys.join('|')]);

  const focusRow = (key: string | null) => {
    if (!key) return;
    setFocusKey(key);
    rowEls.current.get(key)?.focus();
  };

  /** Apply one change to every post of the given rows that can take it; one undo for all of them. */
  const act = async (targets: QueueGroup[], action: RowAction) => {
    const to = TARGET[action];
    const entries = targets.flatMap((g) => [g, ...g.followUps]).filter((e) => canTransition(e.item.state, to));
    if (!entries.length) return;
    // After a row leaves, focus moves to the row that takes its place.
    const leaving = to === 'replied' || to === 'ignored';
    const after = leaving
      ? (shownKeys.find((k, i) => i > focusIndex && !targets.some((t) => t.item.key === k)) ??
        shownKeys
          .slice(0, focusIndex)
          .reverse()
          .find((k) => !targets.some((t) => t.item.key === k)) ??
        null)
      : effectiveFocus;
    const hadFocus = listHasFocus.current; // the row leaving takes the focus with it: remember where it was
    setBusy(true);
    setActionError(null);
    const events: EventRow[] = [];
    const changed: ItemRow[] = [];
    const failed: string[] = [];
    await Promise.all(
      entries.map(async (e) => {
        try {
          const result = await request('items.setState', { key: e.item.key, to });
          events.push(result.event);
          changed.push(result.item);
        } catch (err) {
          failed.push(`${e.item.authorName ?? e.item.key}: ${errorText(err)}`);
        }
      }),
    );
    setItems((current) => (current ? merge(current, changed) : current));
    if (leaving) setSelected((s) => new Set([...s].filter((k) => !targets.some((t) => t.item.key === k))));
    if (events.length) {
      const rows = targets.length;
      const name = rows === 1 ? targets[0].item.authorName || targets[0].item.authorHandle || 'item' : `${rows} conversations`;
      setUndo({ id: Date.now(), text: `${DONE_WORDS[action]}: ${name}`, events, until: Date.now() + UNDO_WINDOW_MS - 500 });
    }
    if (failed.length)
      setActionError(`Not changed: ${failed.slice(0, 3).join(' · ')}${failed.length > 3 ? ` and ${failed.length - 3} more` : ''}`);
    setBusy(false);
    if (hadFocus && after) requestAnimationFrame(() => focusRow(after));
  };

  const undoLast = async () => {
    if (!undo) return;
    const offer = undo;
    setUndo(null);
    setBusy(true);
    const restored: ItemRow[] = [];
    const failed: string[] = [];
    for (const e of [...offer.events].reverse()) {
      try {
        restored.push((await request('items.undo', { eventId: e.id })).item);
      } catch (err) {
        failed.push(errorText(err));
      }
    }
    setItems((current) => (current ? merge(current, restored) : current));
    if (failed.length) setActionError(`Could not undo everything: ${failed[0]}`);
    setBusy(false);
  };

  const toggle = (key: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    const current = groups[focusIndex];
    const move = (delta: number) => {
      const next = shownKeys[Math.min(shownKeys.length - 1, Math.max(0, focusIndex + delta))];
      focusRow(next ?? null);
    };
    const keys: Record<string, () => void> = {
      j: () => move(1),
      ArrowDown: () => move(1),
      k: () => move(-1),
      ArrowUp: () => move(-1),
      Home: () => focusRow(shownKeys[0] ?? null),
      End: () => focusRow(shownKeys[shownKeys.length - 1] ?? null),
      x: () => current && toggle(current.item.key, !selected.has(current.item.key)),
      c: () => current && void act([current], current.item.state === 'claimed' ? 'unclaim' : 'claim'),
      r: () => current && void act(selectedGroups.length ? selectedGroups : [current], 'replied'),
      i: () => current && void act(selectedGroups.length ? selectedGroups : [current], 'ignored'),
      u: () => void undoLast(),
      Enter: () => current && window.open(current.item.permalink, '_blank', 'noopener'),
      o: () => current && window.open(current.item.permalink, '_blank', 'noopener'),
      '/': () => searchEl.current?.focus(),
    };
    if (e.key === ' ' && current && (e.target as HTMLElement).matches?.('li.row'))
      keys[' '] = () => toggle(current.item.key, !selected.has(current.item.key));
    const run = keys[e.key];
    if (!run || (busy && e.key !== 'j' && e.key !== 'k')) return;
    e.preventDefault();
    run();
  };

  const chip = <K extends keyof QueueFilter>(key: K, value: Required<QueueFilter>[K], label: string, count?: number, tone?: string) => {
    const on = filter[key] === value;
    return (
      <button
        type="button"
        class={`chip${on ? ' on' : ''}${tone ? ` ${tone}` : ''}`}
        aria-pressed={on}
        data-testid="carebar-queue-chip"
        data-filter={`${key}:${value}`}
        onClick={() => setFilter({ ...filter, [key]: on ? 'all' : value })}
      >
        {label}
        {count !== undefined ? <span class="n">{count}</span> : null}
      </button>
    );
  };
  const filtered = filter.channel !== 'all' || filter.state !== 'all' || filter.sla !== 'all' || needle !== '';
  const allShownSelected = groups.length > 0 && selectedGroups.length === groups.length;

  return (
    <main class="queue" data-testid="carebar-queue" onKeyDown={onKeyDown}>
      <header class="top">
        <div class="title">
          <h1>Queue</h1>
          <p
            class="counts"
            data-testid="carebar-queue-counts"
            data-open={counts.open}
            data-breached={counts.breached}
            data-due={counts.due}
            aria-live="polite"
          >
            <span class={`count breached${counts.breached ? '' : ' zero'}`}>
              <b>{counts.breached}</b> breached
            </span>
            <span class={`count due${counts.due ? '' : ' zero'}`}>
              <b>{counts.due}</b> due
            </span>
            <span class="count open">
              <b>{counts.open}</b> open
            </span>
          </p>
        </div>
        <TeamQueueStatus status={team.status} />
        {!settings.setupDone && items ? (
          <p class="setup" data-testid="carebar-queue-setup">
            Carebar does not know your brand accounts yet, so every post counts.{' '}
            <button type="button" class="cb-link" onClick={() => void browser.runtime.openOptionsPage()}>
              Finish setup
            </button>
          </p>
        ) : null}
        <div class="chips" role="group" aria-label="Filters">
          {chip('sla', 'breached' as SlaFilter, 'Breached', counts.breached, 'breached')}
          {chip('sla', 'due' as SlaFilter, 'Due', counts.due, 'due')}
          {chip('state', 'new' as StatusFilter, 'Unclaimed', counts.new)}
          {chip('state', 'claimed' as StatusFilter, 'Claimed', counts.claimed)}
          {counts.dm ? chip('state', 'dm' as StatusFilter, 'In DM', counts.dm) : null}
          {counts.escalated ? chip('state', 'escalated' as StatusFilter, 'Escalated', counts.escalated) : null}
          <span class="sep" aria-hidden="true" />
          {(['x', 'facebook'] as const).map((c) => chip('channel', c, CHANNEL_LABEL[c]))}
        </div>
        <div class="tools">
          <input
            ref={searchEl}
            type="search"
            class="search"
            placeholder="Find a name or words (/)"
            aria-label="Find in the queue"
            data-testid="carebar-queue-search"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setSearch('');
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                focusRow(shownKeys[0] ?? null);
              }
            }}
          />
        </div>
        <div class={`bulk${selectedGroups.length ? ' active' : ''}`} data-testid="carebar-queue-bulk">
          <label class="all">
            <input
              type="checkbox"
              data-testid="carebar-queue-select-all"
              checked={allShownSelected}
              ref={(el) => {
                if (el) el.indeterminate = selectedGroups.length > 0 && !allShownSelected;
              }}
              disabled={!groups.length}
              onChange={(e) => setSelected(e.currentTarget.checked ? new Set(shownKeys) : new Set())}
            />
            {selectedGroups.length ? `${selectedGroups.length} selected` : `Select all ${groups.length ? groups.length : ''}`.trim()}
          </label>
          {selectedGroups.length ? (
            <span class="actions">
              <button
                type="button"
                class="cb-btn small"
                data-testid="carebar-queue-bulk-claim"
                disabled={busy}
                onClick={() => void act(selectedGroups, 'claim')}
              >
                Claim
              </button>
              <button
                type="button"
                class="cb-btn small"
                data-testid="carebar-queue-bulk-replied"
                disabled={busy}
                onClick={() => void act(selectedGroups, 'replied')}
              >
                Replied
              </button>
              <button
                type="button"
                class="cb-btn small"
                data-testid="carebar-queue-bulk-ignore"
                disabled={busy}
                onClick={() => void act(selectedGroups, 'ignored')}
              >
                Ignore
              </button>
              <button type="button" class="cb-link" onClick={() => setSelected(new Set())}>
                Clear
              </button>
            </span>
          ) : null}
        </div>
        <QueueQualityLinks settings={settings} />
      </header>

      {error ? (
        <div class="state error" role="alert" data-testid="carebar-queue-error">
          <p>
            <b>The queue could not be loaded.</b> {error}
          </p>
          <button type="button" class="cb-btn" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}
      {actionError ? (
        <p class="action-error" role="alert" data-testid="carebar-queue-action-error">
          {actionError}{' '}
          <button type="button" class="cb-link" onClick={() => setActionError(null)}>
            Dismiss
          </button>
        </p>
      ) : null}

      {items === null && !error ? <p class="state cb-muted">Loading…</p> : null}
      {items !== null && groups.length === 0 ? (
        <div class="state empty" data-testid="carebar-queue-empty">
          {filtered && all.length ? (
            <>
              <p>
                <b>Nothing matches.</b> {all.length} open item{all.length === 1 ? '' : 's'} hidden by the filters.
              </p>
              <button
                type="button"
                class="cb-btn"
                onClick={() => {
                  setFilter({ channel: 'all', state: 'all', sla: 'all' });
                  setSearch('');
                }}
              >
                Show everything
              </button>
            </>
          ) : (
            <>
              <p class="big" aria-hidden="true">
                ✓
              </p>
              <p>
                <b>All caught up.</b>
              </p>
              <p class="cb-muted">Posts that mention or answer your brand accounts appear here as you browse X and Facebook.</p>
            </>
          )}
        </div>
      ) : null}

      <ol
        class="rows"
        aria-label="Open conversations, most urgent first"
        onFocusCapture={() => (listHasFocus.current = true)}
        onBlurCapture={() => (listHasFocus.current = false)}
      >
        {groups.map((g) => (
          <QueueRow
            key={g.item.key}
            group={g}
            tier={g.item.authorKey ? (tiers[g.item.authorKey] ?? null) : null}
            selected={selected.has(g.item.key)}
            focused={g.item.key === effectiveFocus}
            busy={busy}
            me={settings.agentName}
            nowMs={now}
            teamMark={<TeamQueueMark view={team.held.get(g.item.key)} now={now} supervisor={team.status?.role === 'supervisor'} />}
            onSelect={(on) => toggle(g.item.key, on)}
            onAction={(action) => void act([g], action)}
            onFocus={() => setFocusKey(g.item.key)}
            rowRef={(el) => (el ? rowEls.current.set(g.item.key, el) : rowEls.current.delete(g.item.key))}
          />
        ))}
      </ol>

      {groups.length ? (
        <p class="keys cb-muted" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>c</kbd> claim · <kbd>r</kbd> replied · <kbd>i</kbd> ignore ·{' '}
          <kbd>↵</kbd> open · <kbd>u</kbd> undo
        </p>
      ) : null}

      {undo ? (
        <div class="toast" role="status" data-testid="carebar-queue-toast">
          <span>{undo.text}</span>
          <button type="button" class="cb-link" data-testid="carebar-queue-undo" disabled={busy} onClick={() => void undoLast()}>
            Undo
          </button>
        </div>
      ) : null}
    </main>
  );
}
