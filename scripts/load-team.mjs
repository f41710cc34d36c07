// The team-mode TypeScript modules for Node scripts (team CLI, benchmark, simulated agents): bundled on the fly with
// esbuild, so the scripts run exactly the code the extension ships. The bundle includes the @nats-io clients.
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Imports scripts/team-entry.ts (engine, admin, names, server config), or another entry, as one ES module. */
export async function loadTeam(entry = 'scripts/team-entry.ts') {
  const out = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // The Node transport and nkeys use require(): give the ES module one.
    banner: { js: "import { createRequire as __carebarRequire } from 'node:module'; const require = __carebarRequire(import.meta.url);" },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'carebar-team-'));
  const file = path.join(dir, 'team.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}
