import type { ComponentChild } from 'preact';
import type { QueueEntry, QueueGroup } from '../../../lib/shared/queue';
import type { ItemState } from '../../../lib/shared/model';
import { canTransition } from '../../../lib/shared/state-machine';
import { CHANNEL_LABEL, SLA_ICON, SLA_WORDS, STATE_WORDS, ago, formatWait, isPriorityTier } from '../ui/labels';

export type RowAction = 'claim' | 'unclaim' | 'replied' | 'ignored';

export interface RowProps {
  group: QueueGroup;
  tier: string | null;
  selected: boolean;
  focused: boolean;
  busy: boolean;
  /** The agent's own name: "Claimed by you". */
  me: string;
  nowMs: number;
  /** Team mode: who holds this item (components/pages/TeamQueue.tsx). */
  teamMark?: ComponentChild;
  onSelect: (selected: boolean) => void;
  onAction: (action: RowAction) => void;
  onFocus: () => void;
  rowRef: (el: HTMLLIElement | null) => void;
}

/** Whether any item of the row can take the change (a group acts on all its posts that can). */
export function canAct(group: QueueGroup, to: ItemState): boolean {
  return [group, ...group.followUps].some((e) => canTransition(e.item.state, to));
}

function who(entry: QueueEntry): { name: string; handle: string | null } {
  const { authorName, authorHandle } = entry.item;
  const handle = authorHandle ? (entry.item.channel === 'x' ? `@${authorHandle}` : authorHandle) : null;
  return { name: authorName || handle || 'Unknown customer', handle: authorName && handle && handle !== authorName ? handle : null };
}

function statusLine(group: QueueGroup, me: string, nowMs: number): string {
  const { item } = group;
  switch (item.state) {
    case 'claimed':
      return item.agent && item.agent === me ? 'Claimed by you' : item.agent ? `Claimed by ${item.agent}` : 'Claimed';
    case 'dm':
      return group.dmOverdue
        ? `In DM since ${ago(item.stateChangedAt, nowMs)}: follow up`
        : `In DM since ${ago(item.stateChangedAt, nowMs)}`;
    case 'escalated':
      return item.agent ? `Escalated by ${item.agent}` : 'Escalated';
    default:
      return STATE_WORDS[item.state];
  }
}

/** One conversation in the queue: who, how urgent, what they said, and the three everyday actions. */
export function QueueRow(props: RowProps) {
  const { group, tier } = props;
  const { item, sla } = group;
  const person = who(group);
  const claimed = item.state === 'claimed';
  const waitWords =
    sla.state === 'paused'
      ? `${SLA_WORDS.paused} · waited ${formatWait(sla.ageSeconds)}`
      : `${SLA_WORDS[sla.state]} · ${formatWait(sla.ageSeconds)}`;
  const kind = item.kind === 'comment' ? 'comment' : 'post';
  return (
    <li
      ref={props.rowRef}
      class={`row sla-${sla.state}${props.selected ? ' selected' : ''}${props.focused ? ' focused' : ''}`}
      data-testid="carebar-queue-item"
      data-carebar-id={item.key}
      data-sla-state={sla.state}
      data-state={item.state}
      data-viral={item.viral}
      tabIndex={props.focused ? 0 : -1}
      onFocus={props.onFocus}
      aria-label={`${person.name}, ${SLA_WORDS[sla.state]}, waited ${formatWait(sla.ageSeconds)}`}
    >
      <input
        type="checkbox"
        class="select"
        data-testid="carebar-queue-select"
        checked={props.selected}
        aria-label={`Select ${person.name}`}
        tabIndex={props.focused ? 0 : -1}
        onChange={(e) => props.onSelect(e.currentTarget.checked)}
      />
      <div class="body">
        <div class="line1">
          <span
            class={`cb-sla ${sla.state}`}
            data-testid="carebar-queue-sla"
            title={item.postedAtEstimated ? 'Post time estimated: waited at least this long' : undefined}
          >
            <span aria-hidden="true">{SLA_ICON[sla.state]}</span>
            {waitWords}
            {item.postedAtEstimated ? '+' : ''}
          </span>
          <span class="who" title={person.handle ? `${person.name} (${person.handle})` : person.name}>
            {person.name}
          </span>
          {item.viral ? (
            <span class={`cb-tag${item.viral === 'rising' ? ' vip' : ''}`} data-testid="carebar-queue-viral" title={item.viralReason}>
              {item.viral === 'rising' ? 'Going viral' : 'Watch'}
            </span>
          ) : null}
          {tier ? (
            <span class={`cb-tag${isPriorityTier(tier) ? ' vip' : ''}`} data-testid="carebar-queue-tier">
              {tier}
            </span>
          ) : null}
          {props.teamMark}
        </div>
        <a
          class="excerpt"
          href={item.permalink}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={-1}
          title={`Open the ${kind} on ${CHANNEL_LABEL[item.channel]}`}
        >
          {item.excerpt || '(no text)'}
        </a>
        {group.followUps.length ? (
          <ol
            class="followups"
            aria-label={`${group.followUps.length} follow-up${group.followUps.length === 1 ? '' : 's'} in the same thread`}
          >
            {group.followUps.map((f) => (
              <li key={f.item.key} data-testid="carebar-queue-followup" data-carebar-id={f.item.key}>
                <span class="when">{ago(f.item.postedAt, props.nowMs)}</span>
                <a href={f.item.permalink} target="_blank" rel="noopener noreferrer" tabIndex={-1}>
                  {f.item.excerpt || '(no text)'}
                </a>
              </li>
            ))}
          </ol>
        ) : null}
        <div class="line3">
          <span class={`status st-${item.state}`} data-testid="carebar-queue-status">
            {statusLine(group, props.me, props.nowMs)}
            <span class="where">
              {' '}
              · {CHANNEL_LABEL[item.channel]}
              {item.kind === 'comment' ? ' comment' : ''}
              {person.handle ? ` · ${person.handle}` : ''}
            </span>
          </span>
          {item.state === 'dm' ? (
            <a
              class="cb-link small"
              href={item.permalink}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="carebar-queue-dm-resolved"
              title="Open the post: its toolbar offers the closing reply"
              tabIndex={-1}
            >
              Close the loop
            </a>
          ) : null}
          <span class="actions">
            <button
              type="button"
              class="cb-btn small"
              data-testid="carebar-queue-claim"
              disabled={props.busy || !canAct(group, claimed ? 'new' : 'claimed')}
              title={claimed ? 'Give it back to the queue (c)' : 'Take it: others see it is yours (c)'}
              tabIndex={props.focused ? 0 : -1}
              onClick={() => props.onAction(claimed ? 'unclaim' : 'claim')}
            >
              {claimed ? 'Unclaim' : 'Claim'}
            </button>
            <button
              type="button"
              class="cb-btn small"
              data-testid="carebar-queue-replied"
              disabled={props.busy || !canAct(group, 'replied')}
              title="You answered it (r)"
              tabIndex={props.focused ? 0 : -1}
              onClick={() => props.onAction('replied')}
            >
              Replied
            </button>
            <button
              type="button"
              class="cb-btn small"
              data-testid="carebar-queue-ignore"
              disabled={props.busy || !canAct(group, 'ignored')}
              title="No answer needed: thanks, spam, chatter (i)"
              tabIndex={props.focused ? 0 : -1}
              onClick={() => props.onAction('ignored')}
            >
              Ignore
            </button>
          </span>
        </div>
      </div>
    </li>
  );
}
