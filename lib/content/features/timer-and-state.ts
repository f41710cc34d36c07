import { defineFeature } from '../feature';

/**
 * Timer and state: the row draws them itself (lib/content/toolbar-mount.ts: one shared clock, ticking only for
 * toolbars near the screen); this feature declares the keys for the state changes the row offers.
 */
export const timerAndState = defineFeature({
  id: 'timer-and-state',
  init() {
    return {
      shortcuts: [
        { key: 'c', command: 'claim' },
        { key: 'r', command: 'replied' },
        { key: 'm', command: 'dm' },
        { key: 'e', command: 'escalate' },
        { key: 'i', command: 'ignore' },
        { key: 'u', command: 'undo' },
        { key: '.', command: 'menu' },
      ],
    };
  },
});
