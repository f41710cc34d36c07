import browser, { type Runtime } from 'webextension-polyfill';
import type { ChangeNotice } from '../../shared/messaging/protocol';
import { TEAM_PORT, type TeamNotice } from '../../shared/messaging/team-port';
import type { CarebarDB } from '../db/schema';
import { TeamService } from './service';

/**
 * Team mode in the service worker: the service (started when configured), and the team port that toolbars, the
 * queue and the options page listen on. `acceptPort` takes the team's port connections (true) and leaves the rest.
 */
export function startTeamBackground(
  db: CarebarDB,
  broadcast: (n: ChangeNotice) => void,
): { service: TeamService; acceptPort(port: Runtime.Port): boolean } {
  const ports = new Set<Runtime.Port>();
  const notify = (notice: TeamNotice) => {
    for (const port of ports) {
      try {
        port.postMessage(notice);
      } catch {
        ports.delete(port);
      }
    }
  };
  const service = new TeamService(db, { notify, itemsChanged: (items) => broadcast({ type: 'items.changed', items }) });
  void service.init().catch((err) => console.warn('[carebar] team mode did not start', err));
  return {
    service,
    acceptPort(port) {
      if (port.name !== TEAM_PORT) return false;
      if (port.sender?.id !== browser.runtime.id) {
        port.disconnect();
        return true;
      }
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
      // A new listener gets the current status at once.
      port.postMessage({ type: 'team.status', status: service.status() } satisfies TeamNotice);
      return true;
    },
  };
}
