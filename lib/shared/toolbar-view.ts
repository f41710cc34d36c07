// What the toolbar row says and offers for an item, as pure data: the row (components/content/toolbar-row.ts) only
// draws it. Truthful: a stopped clock names what happened, and an action that does not apply is not offered.
import type { ItemState } from './model';
import { formatDuration } from './duration';
import type { SlaState } from './sla';
import { allowedNext } from './state-machine';

/** Every action a toolbar can offer. `testid` is the test contract's name (README "Test contract"). */
export type RowAction = 'claim' | 'replied' | 'dm' | 'escalate' | 'ignore' | 'reopen' | 'release';

export interface ActionInfo {
  testid: string;
  /** The menu's words (and the primary action's accessible name). */
  label: string;
  /** The in-page shortcut, when there is one. */
  key: string | null;
  icon: 'userCheck' | 'checkCheck' | 'mail' | 'flag' | 'slash' | 'undo' | 'user';
}

/** The actions the row shows as a labelled button (primaryAction), with the row's short words. */
export type PrimaryAction = 'claim' | 'replied';

/** The primary actions: the only ones the row at rest draws (the content scripts carry no more of this table). */
export const PRIMARY_ACTIONS: Record<PrimaryAction, ActionInfo & { short: string }> = {
  claim: { testid: 'carebar-claim', label: 'Claim', short: 'Claim', key: 'c', icon: 'userCheck' },
  replied: { testid: 'carebar-mark-replied', label: 'Mark replied', short: 'Replied', key: 'r', icon: 'checkCheck' },
};

/** Every action, as the "⋯" menu offers them (with the interactive UI, components/content/row-panels.ts). */
export const ACTIONS: Record<RowAction, ActionInfo> = {
  ...PRIMARY_ACTIONS,
  dm: { testid: 'carebar-move-dm', label: 'Move to DM', key: 'm', icon: 'mail' },
  escalate: { testid: 'carebar-escalate', label: 'Escalate…', key: 'e', icon: 'flag' },
  ignore: { testid: 'carebar-ignore', label: 'No reply needed', key: 'i', icon: 'slash' },
  reopen: { testid: 'carebar-reopen', label: 'Reopen', key: null, icon: 'undo' },
  release: { testid: 'carebar-release', label: 'Release claim', key: null, icon: 'user' },
};

/** The state each action moves to (reopen: an ignored item goes back to new; a handled one is claimed again). */
export function targetOf(action: RowAction, from: ItemState): ItemState | null {
  switch (action) {
    case 'claim':
      return 'claimed';
    case 'replied':
      return 'replied';
    case 'dm':
      return 'dm';
    case 'escalate':
      return 'escalated';
    case 'ignore':
      return 'ignored';
    case 'release':
      return 'new';
    case 'reopen':
      return from === 'ignored' ? 'new' : 'claimed';
  }
}

const WAITING: ReadonlySet<ItemState> = new Set(['new', 'claimed']);

/**
 * The actions that apply in a state, in menu order. Claim is offered only while the customer waits (claiming a
 * handled item is "Reopen"); Mark replied only before a reply; nothing is offered that the state machine refuses.
 */
export function actionsFor(state: ItemState): RowAction[] {
  const next = allowedNext(state);
  const waiting = WAITING.has(state);
  const out: RowAction[] = [];
  if (state === 'new' && next.includes('claimed')) out.push('claim');
  if (state !== 'replied' && state !== 'closed' && next.includes('replied')) out.push('replied');
  if (next.includes('dm')) out.push('dm');
  if (next.includes('escalated')) out.push('escalate');
  if (next.includes('ignored')) out.push('ignore');
  if (state === 'claimed' && next.includes('new')) out.push('release');
  if (!waiting && (next.includes('claimed') || next.includes('new'))) out.push('reopen');
  return out;
}

/** The one action the row shows as a labelled button; the rest live in the "⋯" menu. */
export function primaryAction(state: ItemState): PrimaryAction | null {
  if (state === 'new') return 'claim';
  if (state === 'claimed') return 'replied';
  return null;
}

export const STATE_LABEL: Record<ItemState, string> = {
  new: 'New',
  claimed: 'Claimed',
  replied: 'Replied',
  dm: 'In DM',
  escalated: 'Escalated',
  ignored: 'No reply needed',
  closed: 'Closed',
};

/** What a stopped clock says happened. "Answered" only when the customer got an answer. */
export const STOPPED_LABEL: Record<ItemState, string> = {
  new: 'Waiting',
  claimed: 'Waiting',
  replied: 'Answered',
  closed: 'Answered',
  dm: 'In DM',
  escalated: 'Escalated',
  ignored: 'No reply needed',
};

const SLA_WORDS: Record<Exclude<SlaState, 'stopped'>, string> = {
  ok: 'On time',
  due: 'Due',
  breached: 'Breached',
  paused: 'Paused (outside business hours)',
};

export interface TimerView {
  /** The words shown before the age (empty while the clock runs: the colour and icon say on time / due / breached). */
  label: string;
  /** The age shown, e.g. "12m", "≥ 3h"; empty when it tells nothing (no reply needed). */
  age: string;
  /** The full sentence for the tooltip and the accessible name. */
  title: string;
  icon: 'clock' | 'pause' | 'checkCircle' | 'mail' | 'flag' | 'slash';
}

export function timerView(sla: SlaState, state: ItemState, ageSeconds: number, estimated: boolean): TimerView {
  const age = `${estimated ? '≥ ' : ''}${formatDuration(ageSeconds, 1)}`;
  const waited = `${estimated ? 'at least ' : ''}${formatDuration(ageSeconds, 1)}`;
  const estimateNote = estimated ? ' (counted from when Carebar first saw the post: the page shows no exact time)' : '';
  if (sla !== 'stopped') {
    return {
      label: sla === 'paused' ? 'Paused' : '',
      age,
      title: `${SLA_WORDS[sla]}: the customer has waited ${waited}${estimateNote}`,
      icon: sla === 'paused' ? 'pause' : 'clock',
    };
  }
  const label = STOPPED_LABEL[state];
  switch (state) {
    case 'replied':
    case 'closed':
      return {
        label,
        age,
        title: `Answered after ${waited}${state === 'closed' ? ', then closed' : ''}${estimateNote}`,
        icon: 'checkCircle',
      };
    case 'dm':
      return { label, age, title: `Moved to a private conversation after ${waited}${estimateNote}`, icon: 'mail' };
    case 'escalated':
      return { label, age, title: `Escalated after ${waited}; the customer has no public answer yet${estimateNote}`, icon: 'flag' };
    case 'ignored':
      return { label, age: '', title: `Marked as needing no reply (after ${waited})`, icon: 'slash' };
    default:
      return { label, age, title: `Stopped after ${waited}`, icon: 'clock' };
  }
}
