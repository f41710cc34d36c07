import browser, { type Runtime } from 'webextension-polyfill';
import { createDatabase } from './db/schema';
import { readSettings } from './db/settings';
import { REQUESTS_PORT } from '../shared/messaging/ports';
import type { ChangeNotice, PortRequest } from '../shared/messaging/protocol';
import { handleMessage, type ServerContext } from './server';
import { sweepSla } from './sla-watch';
import { startManagedSettings } from './managed-settings';
import { startSnippetBackground } from './snippets/background';
import { purgeOlderThan, readRetentionDays } from './crm/store';
import { startTeamBackground } from './team/background';

const SLA_ALARM = 'carebar:sla-sweep';
/** Daily: items, events and cached CRM answers older than the retention age are deleted. */
const RETENTION_ALARM = 'carebar:retention';
const runRetention = async (db: ReturnType<typeof createDatabase>) => purgeOlderThan(db, await readRetentionDays(db));
const NOTIFICATION_PREFIX = 'carebar-breach:';
/** Set by the viral.samples handler (lib/background/handlers/quality.ts). */
const VIRAL_NOTIFICATION_PREFIX = 'carebar-viral:';

/**
 * May the background send to this origin (a CRM)? Only when the agent granted it (optional host permission, asked
 * by the options page). Plain http to this machine (a local CRM or proxy: the schema allows no other http) never
 * leaves it and needs no grant.
 */
async function hostPermitted(origin: string): Promise<boolean> {
  const url = new URL(origin);
  if (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) return true;
  return browser.permissions.contains({ origins: [`${url.protocol}//${url.hostname}/*`] });
}

/** Wire the database, the message API, the SLA alarm and the badge into the background service worker. */
export function startBackground(): void {
  const db = createDatabase();
  const ports = new Set<Runtime.Port>();

  const broadcast = (notice: ChangeNotice) => {
    for (const port of ports) {
      try {
        port.postMessage(notice);
      } catch {
        ports.delete(port); // the tab went away between disconnect and this push
      }
    }
    void refreshSla();
  };

  /** Badge = items due or breached; one notification per newly breached item unless the agent chose quiet. */
  const refreshSla = async () => {
    try {
      const settings = await readSettings(db);
      const { due, breached, newlyBreached } = await sweepSla(db, settings);
      const count = due + breached;
      await browser.action.setBadgeText({ text: count ? String(count) : '' });
      await browser.action.setBadgeBackgroundColor({ color: breached ? '#b3261e' : '#8a5a00' });
      if (settings.quietNotifications) return;
      for (const item of newlyBreached.slice(0, 5)) {
        await browser.notifications.create(`${NOTIFICATION_PREFIX}${item.key}`, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: `SLA breached on ${item.channel === 'x' ? 'X' : 'Facebook'}`,
          message: `${item.authorName ?? item.authorHandle ?? 'A customer'}: ${item.excerpt.slice(0, 120)}`,
        });
      }
    } catch (err) {
      console.warn('[carebar] SLA sweep failed', err);
    }
  };

  const team = startTeamBackground(db, (notice) => broadcast(notice));
  const ctx: ServerContext = {
    db,
    team: team.service,
    snippets: startSnippetBackground(db),
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    version: browser.runtime.getManifest().version,
    startedAt: new Date().toISOString(),
    broadcast,
    hostPermitted,
    // One notification per post going viral (the caller fires it once), unless the agent chose quiet.
    notify: (id, title, message) =>
      void readSettings(db)
        .then((s) =>
          s.quietNotifications
            ? undefined
            : browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message }),
        )
        .catch((err) => console.warn('[carebar] notification failed', err)),
  };

  startManagedSettings(db, broadcast, { teamChanged: () => team.service.policyChanged() });

  // Listeners are registered synchronously at start-up, so a killed service worker that is woken by a message, a
  // port connection or an alarm gets it.
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => handleMessage(message, sender, ctx));

  browser.runtime.onConnect.addListener((port) => {
    // Carebar's own requests (REQUESTS_PORT): the same handler and sender checks as onMessage, the reply by id.
    if (port.name === REQUESTS_PORT && port.sender) {
      const sender = port.sender;
      // Firefox logs an error for a message posted to a port whose tab went away: reply only while it is open.
      let connected = true;
      port.onDisconnect.addListener(() => {
        connected = false;
        ports.delete(port);
      });
      // The extension's own pages and content scripts get change notices on the same port (one port per page).
      if (sender.id === browser.runtime.id) ports.add(port);
      port.onMessage.addListener(async (msg: unknown) => {
        const { id, message } = (msg ?? {}) as Partial<PortRequest>;
        if (typeof id !== 'number') return;
        const reply = await handleMessage(message, sender, ctx);
        if (!connected) return;
        try {
          port.postMessage({ id, reply });
        } catch {
          /* the tab went away while we worked */
        }
      });
      return;
    }
    if (!team.acceptPort(port)) port.disconnect();
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SLA_ALARM) void refreshSla();
    if (alarm.name === RETENTION_ALARM) void runRetention(db).catch((err) => console.warn('[carebar] retention purge failed', err));
  });
  void browser.alarms.get(RETENTION_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 5, periodInMinutes: 24 * 60 });
  });
  void browser.alarms.get(SLA_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(SLA_ALARM, { periodInMinutes: 1 });
  });

  browser.notifications.onClicked.addListener(async (id) => {
    const prefix = [NOTIFICATION_PREFIX, VIRAL_NOTIFICATION_PREFIX].find((p) => id.startsWith(p));
    if (!prefix) return;
    const item = await db.items.get(id.slice(prefix.length));
    if (item) await browser.tabs.create({ url: item.permalink });
    await browser.notifications.clear(id);
  });

  // The toolbar button opens the queue: Chrome's side panel, Firefox's sidebar.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: object): Promise<void> } } }).chrome?.sidePanel;
  if (chromeSidePanel) void chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  else browser.action.onClicked.addListener(() => void browser.sidebarAction?.toggle?.());

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
}
