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
        { key: 'c', command: 'claim', help: 'claim' },
        { key: 'r', command: 'replied', help: 'mark replied' },
        { key: 'm', command: 'dm', help: 'move to DM' },
        { key: 'e', command: 'escalate', help: 'escalate… (asks why and to whom)' },
        { key: 'i', command: 'ignore', help: 'no reply needed' },
        { key: 'u', command: 'undo', help: 'undo the last change (10 s, counted down in the row)' },
        { key: '.', command: 'menu', help: 'more actions (the ⋯ menu)' },
      ],
    };
  },
});
