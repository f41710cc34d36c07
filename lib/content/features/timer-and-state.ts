import { h } from 'preact';
import { useCallback } from 'preact/hooks';
import { Timer } from '../../../components/content/Timer';
import { policyFor, type SlaPolicy } from '../../shared/sla';
import type { Settings } from '../../shared/settings';
import { createClock } from '../clock';
import { defineFeature, onAbort, type ToolbarSlotProps } from '../feature';
import { createVisibilityWatcher } from '../visibility';

/**
 * Timer and state: the SLA timer of every toolbar (one shared clock, ticking only for toolbars on screen) and the
 * keys for the state changes the toolbar itself offers (claim, replied, escalate, ignore, undo).
 */
export const timerAndState = defineFeature({
  id: 'timer-and-state',
  init(ctx) {
    const clock = createClock();
    const visibility = createVisibilityWatcher();
    onAbort(ctx.signal, () => visibility.disconnect());

    // One policy object per settings version: every timer gets the same one, so an unchanged policy re-renders nothing.
    let cache: { settings: Settings; policy: SlaPolicy } | null = null;
    const policyOf = (s: Settings) => {
      if (cache?.settings !== s) cache = { settings: s, policy: policyFor(s, ctx.adapter.channel) };
      return cache.policy;
    };
    const subscribePolicy = (listener: (policy: SlaPolicy) => void) => ctx.settings.subscribe((s) => listener(policyOf(s)));

    function TimerSlot(props: ToolbarSlotProps) {
      const onVisibility = useCallback((listener: (visible: boolean) => void) => visibility.watch(props.host, listener), [props.host]);
      const current = ctx.settings.get();
      return h(Timer, {
        post: props.post,
        row: props.row,
        clock,
        subscribePolicy,
        initialPolicy: current ? policyOf(current) : null,
        onVisibility,
      });
    }

    return {
      slots: [{ at: 'start', component: TimerSlot }],
      shortcuts: [
        { key: 'c', command: 'claim', help: 'claim' },
        { key: 'r', command: 'replied', help: 'mark replied' },
        { key: 'e', command: 'escalate', help: 'escalate' },
        { key: 'i', command: 'ignore', help: 'ignore (no response needed)' },
        { key: 'u', command: 'undo', help: 'undo the last change (10 s)' },
      ],
    };
  },
});
