import browser from 'webextension-polyfill';
import { snippetPolicyOf } from '../../shared/managed-policy';
import { keyIdOf } from '../../shared/snippets/pack-format';
import type { ManagedPolicy } from '../../shared/snippets/types';

/**
 * The IT team's snippet policy from managed storage (public/managed_schema.json; Chrome policy / Firefox policies.json).
 * Malformed entries are ignored, never trusted (lib/shared/managed-policy.ts reads them and reports them to options).
 */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  let raw: Record<string, unknown> = {};
  try {
    raw = (await browser.storage.managed.get(null)) as Record<string, unknown>;
  } catch {
    return {}; // no policy installed (Firefox throws when there is no managed manifest)
  }
  const { policy } = snippetPolicyOf(raw);
  const { trustedKeys, ...rest } = policy;
  if (!trustedKeys) return rest;
  return { ...rest, trustedKeys: await Promise.all(trustedKeys.map(async (k) => ({ keyId: await keyIdOf(k.jwk), ...k }))) };
}
