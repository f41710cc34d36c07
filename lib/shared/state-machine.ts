import type { ItemState } from './model';

/**
 * Which state changes an agent may make. new → claimed → replied | dm | escalated | ignored → closed; an item can be
 * un-claimed, re-opened from a response state by claiming it, and closed once the loop is closed publicly.
 */
const TRANSITIONS: Record<ItemState, readonly ItemState[]> = {
  new: ['claimed', 'replied', 'dm', 'escalated', 'ignored'],
  claimed: ['new', 'replied', 'dm', 'escalated', 'ignored'],
  replied: ['claimed', 'dm', 'escalated', 'closed'],
  dm: ['claimed', 'replied', 'escalated', 'closed'],
  escalated: ['claimed', 'replied', 'dm', 'closed'],
  ignored: ['new', 'claimed'],
  closed: ['claimed'],
};

export function canTransition(from: ItemState, to: ItemState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedNext(from: ItemState): readonly ItemState[] {
  return TRANSITIONS[from];
}

/** The customer still waits for a first answer in these states. */
export const WAITING_STATES: ReadonlySet<ItemState> = new Set(['new', 'claimed']);

/** Leaving new/claimed for one of these is the first response. */
export const RESPONSE_STATES: ReadonlySet<ItemState> = new Set(['replied', 'dm', 'escalated', 'ignored', 'closed']);

/** Items the queue lists: still waiting, or handled privately / by someone else and not yet closed. */
export const OPEN_STATES: readonly ItemState[] = ['new', 'claimed', 'dm', 'escalated'];

export const UNDO_WINDOW_MS = 10_000;
