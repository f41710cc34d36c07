import browser from 'webextension-polyfill';
import type { CarebarDB } from './db/schema';
import { DEFAULT_REFRESH_MINUTES, refreshPacks, takeNotices, type ManagedPolicy } from './db/snippets';
import { keyIdOf, PublicKeyJwkSchema } from '../shared/snippets/pack-format';
import { snippetEnvironment } from './snippet-handlers';
import * as v from 'valibot';

export const PACK_REFRESH_ALARM = 'carebar:pack-refresh';

/**
 * The IT team's policy from managed storage (public/managed_schema.json; Chrome policy / Firefox policies.json).
 * Malformed entries are ignored, never trusted.
 */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  let raw: Record<string, unknown> = {};
  try {
    raw = (await browser.storage.managed.get(null)) as Record<string, unknown>;
  } catch {
    return {}; // no policy installed (Firefox throws when there is no managed manifest)
  }
  const policy: ManagedPolicy = {};
  if (Array.isArray(raw.packUrls)) policy.packUrls = raw.packUrls.filter((u): u is string => typeof u === 'string' && /^https:\/\//.test(u)).slice(0, 50);
  if (typeof raw.approvedOnly === 'boolean') policy.approvedOnly = raw.approvedOnly;
  if (typeof raw.refreshMinutes === 'number' && raw.refreshMinutes >= 1) policy.refreshMinutes = Math.min(24 * 60, raw.refreshMinutes);
  if (Array.isArray(raw.trustedKeys)) {
    policy.trustedKeys = [];
    for (const entry of raw.trustedKeys.slice(0, 50)) {
      const e = entry as { label?: unknown; jwk?: unknown };
      const jwk = v.safeParse(PublicKeyJwkSchema, typeof e?.jwk === 'string' ? tryJson(e.jwk) : e?.jwk);
      if (!jwk.success) continue;
      const key = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.output.x, y: jwk.output.y };
      policy.trustedKeys.push({ keyId: await keyIdOf(key), label: typeof e.label === 'string' ? e.label.slice(0, 120) : 'Managed key', jwk: key });
    }
  }
  return policy;
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

export const OPEN_SNIPPETS_COMMAND = 'open-snippets';

/**
 * Refresh subscribed packs on an alarm (default every 15 minutes) and say once when a pack was updated; pass the
 * remappable "open snippets" browser command to the active tab.
 */
export function startSnippetBackground(db: CarebarDB): void {
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== OPEN_SNIPPETS_COMMAND) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, { carebarCommand: OPEN_SNIPPETS_COMMAND }).catch(() => {});
  });

  snippetEnvironment.policy = readManagedPolicy;
  snippetEnvironment.onPacksChanged = (messages) => {
    for (const message of messages) {
      void browser.notifications
        .create(`carebar-pack:${Date.now()}:${Math.random()}`, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: 'Carebar snippets', message })
        .catch(() => {});
    }
  };

  const schedule = async () => {
    const minutes = (await readManagedPolicy()).refreshMinutes ?? DEFAULT_REFRESH_MINUTES;
    const existing = await browser.alarms.get(PACK_REFRESH_ALARM);
    if (!existing || existing.periodInMinutes !== minutes) await browser.alarms.create(PACK_REFRESH_ALARM, { periodInMinutes: minutes, delayInMinutes: 0.1 });
  };

  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== PACK_REFRESH_ALARM) return;
    try {
      await refreshPacks(db, snippetEnvironment.fetch, { policy: await readManagedPolicy() });
      // Each update is announced exactly once: the notices are taken as they are shown.
      snippetEnvironment.onPacksChanged(await takeNotices(db));
    } catch (err) {
      console.warn('[carebar] pack refresh failed', err);
    }
  });
  browser.storage.onChanged?.addListener((_changes, area) => {
    if (area === 'managed') void schedule();
  });
  void schedule();
}
