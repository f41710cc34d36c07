#!/usr/bin/env node
// Snippet packs from the command line, for teams that keep packs in git and publish from CI:
//   npm run pack -- lint FILE
//   npm run pack -- sign FILE --key private.pem|private.jwk [--bump major|minor|patch] [--out OUT] [--keep-date]
//   npm run pack -- verify FILE --key public.jwk|public.pem [--now ISO]
//   npm run pack -- keygen NAME        (NAME.private.pem PKCS#8, NAME.public.jwk)
// The rules are the extension's own (lib/shared/snippets/pack-format.ts, bundled here with esbuild), so a pack that
// passes here passes in the browser.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { loadPackFormat } from './load-pack-format.mjs';

function usage(message) {
  if (message) console.error(`pack: ${message}`);
  console.error(
    'usage: npm run pack -- lint FILE | sign FILE --key KEY [--bump major|minor|patch] [--out OUT] [--keep-date] | verify FILE --key KEY [--now ISO] | keygen NAME',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const [command, file, ...rest] = argv;
  const flags = {};
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i];
    if (!name.startsWith('--')) usage(`unexpected argument ${name}`);
    if (name === '--keep-date') flags.keepDate = true;
    else flags[name.slice(2)] = rest[++i];
  }
  return { command, file, flags };
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };

async function readKey(file, use) {
  const text = (await readFile(file, 'utf8')).trim();
  if (text.startsWith('-----BEGIN')) {
    const der = Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    if (use === 'sign') {
      if (!/PRIVATE KEY/.test(text)) throw new Error(`${file}: a PKCS#8 "PRIVATE KEY" PEM is needed to sign`);
      const privateKey = await webcrypto.subtle.importKey('pkcs8', der, ECDSA, true, ['sign']);
      const jwk = await webcrypto.subtle.exportKey('jwk', privateKey);
      return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
    }
    const publicKey = /PRIVATE KEY/.test(text)
      ? await webcrypto.subtle.importKey('pkcs8', der, ECDSA, true, ['sign'])
      : await webcrypto.subtle.importKey('spki', der, ECDSA, true, ['verify']);
    const jwk = await webcrypto.subtle.exportKey('jwk', publicKey);
    return { publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
  }
  const jwk = JSON.parse(text);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error(`${file}: not a P-256 key`);
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  if (use !== 'sign') return { publicJwk };
  if (!jwk.d) throw new Error(`${file}: a private JWK (with "d") is needed to sign`);
  return { privateKey: await webcrypto.subtle.importKey('jwk', { ...publicJwk, d: jwk.d }, ECDSA, false, ['sign']), publicJwk };
}

async function main() {
  const { command, file, flags } = parseArgs(process.argv.slice(2));
  if (!command || !file) usage();
  const format = await loadPackFormat();

  if (command === 'keygen') {
    const pair = await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
    const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    await writeFile(
      `${file}.private.pem`,
      `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g).join('\n')}\n-----END PRIVATE KEY-----\n`,
      { mode: 0o600 },
    );
    await writeFile(`${file}.public.jwk`, `${JSON.stringify(publicJwk, null, 2)}\n`);
    console.log(`wrote ${file}.private.pem (keep it secret) and ${file}.public.jwk (key id ${await format.keyIdOf(publicJwk)})`);
    return 0;
  }

  const text = await readFile(file, 'utf8');
  if (command === 'lint') {
    const { pack, errors, warnings } = format.lintPack(text);
    for (const e of errors) console.error(`error: ${e}`);
    for (const w of warnings) console.warn(`warning: ${w}`);
    if (pack) console.log(`${file}: ${pack.id} ${pack.version}, ${pack.snippets.length} snippets${errors.length ? '' : ' — ok'}`);
    return errors.length ? 1 : 0;
  }
  if (!flags.key) usage('--key is required');
  if (command === 'sign') {
    const { privateKey, publicJwk } = await readKey(flags.key, 'sign');
    let pack = format.parsePack(text);
    if (flags.bump) {
      if (!['major', 'minor', 'patch'].includes(flags.bump)) usage('--bump major|minor|patch');
      pack = { ...pack, version: format.bumpVersion(pack.version, flags.bump) };
    }
    if (!flags.keepDate) pack = { ...pack, publishedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const signed = await format.signPack(pack, privateKey, publicJwk);
    const out = flags.out ?? file;
    await writeFile(out, `${JSON.stringify(signed, null, 2)}\n`);
    console.log(`signed ${signed.id} ${signed.version} with key ${signed.signature.keyId} → ${out}`);
    return 0;
  }
  if (command === 'verify') {
    const { publicJwk } = await readKey(flags.key, 'verify');
    const keyId = await format.keyIdOf(publicJwk);
    const now = flags.now ? Date.parse(flags.now) : Date.now();
    const pack = await format.checkPack(text, { trustedKeys: [{ keyId, label: path.basename(flags.key), jwk: publicJwk }], now });
    console.log(`${file}: ${pack.id} ${pack.version} — signature valid (key ${keyId})`);
    return 0;
  }
  usage(`unknown command ${command}`);
}

main().then(
  (code) => process.exit(code ?? 0),
  (err) => {
    console.error(`pack: ${err.message}`);
    for (const issue of err.issues ?? []) console.error(`  ${issue}`);
    process.exit(1);
  },
);
