import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (tests/unit/helpers/../../..). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A folder of ../shared/fixtures (real X and Facebook markup, beside the checkout; a git worktree under wt/ finds it
 * one level further up). Tests skip with a message when it is absent.
 */
export function sharedFixtures(site: 'x' | 'facebook'): string {
  const candidates = [path.resolve(projectRoot, '../shared/fixtures', site), path.resolve(projectRoot, '../../shared/fixtures', site)];
  return candidates.find((d) => existsSync(d)) ?? candidates[0];
}
