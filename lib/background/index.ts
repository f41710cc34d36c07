import browser, { type Runtime } from 'webextension-polyfill';
import { createDatabase } from '../db/schema';
import type { ItemRow } from '../db/types';
import { CHANGES_PORT, type ChangeNotice } from '../messaging/protocol';
import { handleRequest, type ServerContext } from '../messaging/server';

/** Wire the database and the message API into the background service worker / event page. */
export function startBackground(): void {
  const db = createDatabase();
  const ports = new Set<Runtime.Port>();

  const broadcast = (items: ItemRow[]) => {
    const notice: ChangeNotice = { type: 'items.changed', items };
    for (const port of ports) {
      try {
        port.postMessage(notice);
      } catch {
        ports.delete(port); // the tab went away between disconnect and this push
      }
    }
  };

  const ctx: ServerContext = {
    db,
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    version: browser.runtime.getManifest().version,
    startedAt: new Date().toISOString(),
    broadcast,
  };

  // Listeners are registered synchronously at start-up, so a killed service worker that is woken by a message or a
  // port connection gets it.
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handleRequest(message, sender, ctx),
  );

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== CHANGES_PORT || port.sender?.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
  });

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
}
