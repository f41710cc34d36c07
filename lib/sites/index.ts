import { facebookAdapter } from './facebook';
import type { SiteAdapter } from './types';
import { xAdapter } from './x';

export const SITE_ADAPTERS: SiteAdapter[] = [xAdapter, facebookAdapter];

export function adapterForHost(hostname: string): SiteAdapter | null {
  return SITE_ADAPTERS.find((a) => a.matchesHost(hostname)) ?? null;
}
