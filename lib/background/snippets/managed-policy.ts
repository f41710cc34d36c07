import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { keyIdOf, PublicKeyJwkSchema } from '../../shared/snippets/pack-format';
import type { ManagedPolicy } from '../../shared/snippets/types';

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
  if (Array.isArray(raw.packUrls))
    policy.packUrls = raw.packUrls.filter((u): u is string => typeof u === 'string' && /^https:\/\//.test(u)).slice(0, 50);
  if (typeof raw.approvedOnly === 'boolean') policy.approvedOnly = raw.approvedOnly;
  if (typeof raw.refreshMinutes === 'number' && raw.refreshMinutes >= 1) policy.refreshMinutes = Math.min(24 * 60, raw.refreshMinutes);
  if (Array.isArray(raw.trustedKeys)) {
    policy.trustedKeys = [];
    for (const entry of raw.trustedKeys.slice(0, 50)) {
      const e = entry as { label?: unknown; jwk?: unknown };
      const jwk = v.safeParse(PublicKeyJwkSchema, typeof e?.jwk === 'string' ? tryJson(e.jwk) : e?.jwk);
      if (!jwk.success) continue;
      const key = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.output.x, y: jwk.output.y };
      policy.trustedKeys.push({
        keyId: await keyIdOf(key),
        label: typeof e.label === 'string' ? e.label.slice(0, 120) : 'Managed key',
        jwk: key,
      });
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
