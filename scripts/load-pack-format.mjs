// lib/shared/snippets/pack-format.ts for Node scripts (pack CLI, benchmark): bundled on the fly with esbuild, so the
// command line applies exactly the extension's rules.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function loadPackFormat() {
  const out = await build({
    entryPoints: [path.join(root, 'lib/shared/snippets/pack-format.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
