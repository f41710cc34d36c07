import browser from 'webextension-polyfill';
import type { CarebarDB } from '../db/schema';
import type { SnippetEnvironment } from '../handlers/context';
import { DEFAULT_REFRESH_MINUTES, takeNotices } from './config';
import { readManagedPolicy } from './managed-policy';
import { refreshPacks } from './refresh';

const PACK_REFRESH_ALARM = 'carebar:pack-refresh';

const OPEN_SNIPPETS_COMMAND = 'open-snippets';

/**
 * Refresh subscribed packs on an alarm (default every 15 minutes) and say once when a pack was updated; pass the
 * remappable "open snippets" browser command to the active tab. Returns what the snippet handlers use.
 */
export function startSnippetBackground(db: CarebarDB): SnippetEnvironment {
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== OPEN_SNIPPETS_COMMAND) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, { carebarCommand: OPEN_SNIPPETS_COMMAND }).catch(() => {});
  });

  const environment: SnippetEnvironment = {
    policy: readManagedPolicy,
    fetch: (url, init) => fetch(url, init),
    onPacksChanged: (messages) => {
      for (const message of messages) {
        void browser.notifications
          .create(`carebar-pack:${Date.now()}:${Math.random()}`, {
            type: 'basic',
            iconUrl: browser.runtime.getURL('/icon/128.png'),
            title: 'Carebar snippets',
            message,
          })
          .catch(() => {});
      }
    },
  };

  const schedule = async () => {
    const minutes = (await readManagedPolicy()).refreshMinutes ?? DEFAULT_REFRESH_MINUTES;
    const existing = await browser.alarms.get(PACK_REFRESH_ALARM);
    if (!existing || existing.periodInMinutes !== minutes)
      await browser.alarms.create(PACK_REFRESH_ALARM, { periodInMinutes: minutes, delayInMinutes: 0.1 });
  };

  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== PACK_REFRESH_ALARM) return;
    try {
      await refreshPacks(db, environment.fetch, { policy: await readManagedPolicy() });
      // Each update is announced exactly once: the notices are taken as they are shown.
      environment.onPacksChanged(await takeNotices(db));
    } catch (err) {
      console.warn('[carebar] pack refresh failed', err);
    }
  });
  // Chrome applies a changed policy at once. Firefox reads its policies at start-up only, and a storage.onChanged
  // listener there makes every stop of the idle background log "sendRemoveListener on closed conduit": not in Firefox.
  if (!import.meta.env?.FIREFOX) {
    browser.storage.onChanged?.addListener((_changes, area) => {
      if (area === 'managed') void schedule();
    });
  }
  void schedule();
  return environment;
}
