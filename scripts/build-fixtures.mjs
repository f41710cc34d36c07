// Bundles the client code of the replica pages (tests/fixtures/src → tests/fixtures/dist). The pages load their
// bundle from /__carebar_fixtures__/<name>.js, which tests/fixtures/routes.mjs serves from tests/fixtures/dist.
// To add a replica: add one line to ENTRIES. Entries whose source file does not exist are skipped.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ENTRIES = [
  { src: 'tests/fixtures/src/x-app.jsx', out: 'tests/fixtures/dist/x-app.js' },
  { src: 'tests/fixtures/src/facebook-app.js', out: 'tests/fixtures/dist/facebook-app.js' },
];

let built = 0;
for (const entry of ENTRIES) {
  const src = path.join(root, entry.src);
  if (!existsSync(src)) {
    console.log(`skip ${entry.src} (not present)`);
    continue;
  }
  await build({
    entryPoints: [src],
    outfile: path.join(root, entry.out),
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'chrome120',
    // The replicas use React (X's stack), not the extension's Preact: ignore the project's tsconfig JSX settings.
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'react' } },
    loader: { '.css': 'text' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'warning',
  });
  built++;
  console.log(`built ${entry.out}`);
}
console.log(`${built} fixture bundle(s) built`);
