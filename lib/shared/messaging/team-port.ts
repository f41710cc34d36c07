import type { Runtime } from 'webextension-polyfill';
import { browser } from '../browser';
import type { TeamItemView, TeamPresenceView, TeamStatusView } from '../team/settings';
import { extensionContextInvalidated } from './client';

// Team notices (claims, presence, status) on their own port, so the pages and toolbars that reload on item changes
// are not woken by every presence beat. Only the toolbars, the queue marks and the options page subscribe.

export const TEAM_PORT = 'carebar:team';

export type TeamNotice =
  | { type: 'team.items'; items: TeamItemView[] }
  | { type: 'team.presence'; presence: TeamPresenceView[] }
  | { type: 'team.status'; status: TeamStatusView };

/** Listens to team notices; reconnects (waking a stopped service worker) and calls `onReconnect` to re-sync. */
export function subscribeToTeam(onNotice: (n: TeamNotice) => void, onReconnect?: () => void): () => void {
  let port: Runtime.Port | null = null;
  let stopped = false;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    if (stopped || extensionContextInvalidated()) return;
    try {
      port = browser.runtime.connect({ name: TEAM_PORT });
    } catch {
      timer = setTimeout(connect, Math.min(5000, 200 * 2 ** retry++));
      return;
    }
    if (retry > 0) onReconnect?.();
    retry = 0;
    port.onMessage.addListener((msg: unknown) => {
      const type = (msg as TeamNotice)?.type;
      if (type === 'team.items' || type === 'team.presence' || type === 'team.status') onNotice(msg as TeamNotice);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (!stopped) timer = setTimeout(connect, Math.min(5000, 200 * 2 ** retry++));
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    try {
      port?.disconnect();
    } catch {
      /* context already gone */
    }
  };
}
