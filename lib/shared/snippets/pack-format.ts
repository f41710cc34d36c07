import * as v from 'valibot';
import canonicalize from 'canonicalize';
import { parseTemplate } from './template';

/**
 * Snippet packs: the format (docs/snippets.md, schemas/snippet-pack.schema.json), canonicalisation, signing and
 * the acceptance rules. Plain WebCrypto (ECDSA P-256, SHA-256), so the same code runs in the background, the
 * options page, Node (scripts/pack.mjs) and the unit tests.
 */

export const MAX_PACK_BYTES = 2 * 1024 * 1024;
export const MAX_PACK_SNIPPETS = 5000;
export const SIGNATURE_ALG = 'ES256';
/** A publishedAt this far ahead of the local clock means one of the two clocks is wrong. */
export const CLOCK_SKEW_MS = 24 * 3600_000;

export const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'lowercase letters, digits, . _ - (max 80)'));
const Iso = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp('an ISO 8601 time with zone, e.g. 2026-01-31T09:00:00Z'));
const Text = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));

export const PackSnippetSchema = v.pipe(
  v.strictObject({
    id: Id,
    title: Text(1, 120),
    body: Text(1, 10_000),
    channels: v.pipe(v.array(v.picklist(['x', 'facebook', 'dm'])), v.minLength(1), v.maxLength(3)),
    tags: v.pipe(v.array(Text(1, 40)), v.maxLength(20)),
    locale: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag, e.g. en or es-MX'))),
  }),
  v.check(
    (s) => parseTemplate(s.body).errors.length === 0,
    (issue) => parseTemplate((issue.input as { body: string }).body).errors[0]?.message ?? 'bad variable',
  ),
);
export type PackSnippet = v.InferOutput<typeof PackSnippetSchema>;

export const SignatureSchema = v.strictObject({
  alg: v.literal(SIGNATURE_ALG),
  /** RFC 7638 thumbprint (base64url SHA-256) of the signer's public JWK. */
  keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
  /** base64url of the IEEE P1363 (r‖s) ECDSA signature over canonicalize(pack without `signature`). */
  value: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)),
});

export const PackSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    id: Id,
    name: Text(1, 120),
    version: v.pipe(v.string(), v.regex(SEMVER, 'a version as MAJOR.MINOR.PATCH, e.g. 1.4.0')),
    publishedAt: Iso,
    expiresAt: v.optional(Iso),
    publisher: Text(1, 120),
    /** Hide the built-in starter pack while this pack is installed. */
    replacesStarter: v.optional(v.boolean()),
    snippets: v.pipe(v.array(PackSnippetSchema), v.maxLength(MAX_PACK_SNIPPETS, `at most ${MAX_PACK_SNIPPETS} snippets in a pack`)),
    signature: v.optional(SignatureSchema),
  }),
  v.check((p) => new Set(p.snippets.map((s) => s.id)).size === p.snippets.length, 'snippet ids must be unique within the pack'),
);
export type Pack = v.InferOutput<typeof PackSchema>;
export type UnsignedPack = Omit<Pack, 'signature'>;

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

export function bumpVersion(version: string, part: 'major' | 'minor' | 'patch' = 'minor'): string {
  const [ma, mi, pa] = version.split('.').map(Number);
  return part === 'major' ? `${ma + 1}.0.0` : part === 'minor' ? `${ma}.${mi + 1}.0` : `${ma}.${mi}.${pa + 1}`;
}

/** The bytes that are signed: RFC 8785 JSON canonicalisation of the pack without its signature. */
export function canonicalBytes(pack: UnsignedPack | Pack): Uint8Array<ArrayBuffer> {
  const { signature: _omit, ...content } = pack as Pack;
  return new TextEncoder().encode(canonicalize(content) ?? '');
}

const b64url = (bytes: ArrayBuffer | Uint8Array) => {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (s: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export const PublicKeyJwkSchema = v.object({
  kty: v.literal('EC'),
  crv: v.literal('P-256'),
  x: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
  y: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
});

/** RFC 7638 JWK thumbprint: the key's id in signatures and in the trusted-keys list. */
export async function keyIdOf(jwk: PublicKeyJwk): Promise<string> {
  const json = `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
  return b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json)));
}

export async function generateSigningKey(extractable = false): Promise<{ privateKey: CryptoKey; publicJwk: PublicKeyJwk; keyId: string }> {
  const pair = (await crypto.subtle.generateKey(ALG, extractable, ['sign', 'verify'])) as CryptoKeyPair;
  const full = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  const publicJwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: full.x!, y: full.y! };
  return { privateKey: pair.privateKey, publicJwk, keyId: await keyIdOf(publicJwk) };
}

export async function signPack(pack: UnsignedPack | Pack, privateKey: CryptoKey, publicJwk: PublicKeyJwk): Promise<Pack> {
  const { signature: _old, ...content } = pack as Pack;
  const value = b64url(await crypto.subtle.sign(SIGN, privateKey, canonicalBytes(content)));
  return { ...content, signature: { alg: SIGNATURE_ALG, keyId: await keyIdOf(publicJwk), value } };
}

export async function verifySignature(pack: Pack, publicJwk: PublicKeyJwk): Promise<boolean> {
  if (!pack.signature) return false;
  const key = await crypto.subtle.importKey('jwk', { ...publicJwk, ext: true }, ALG, false, ['verify']);
  return crypto.subtle.verify(SIGN, key, fromB64url(pack.signature.value), canonicalBytes(pack));
}

export type RejectReason =
  'malformed' | 'too-large' | 'schema' | 'unsigned' | 'untrusted-key' | 'bad-signature' | 'expired' | 'clock' | 'downgrade' | 'wrong-pack';

export class PackRejectedError extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'PackRejectedError';
  }
}

export interface TrustedKey {
  keyId: string;
  label: string;
  jwk: PublicKeyJwk;
}

/** UTF-8 length of a string without encoding it (lone surrogates count as the 3-byte U+FFFD they become). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Parse a pack file's text (or an already parsed value) and check its shape. Throws PackRejectedError. */
export function parsePack(input: unknown): Pack {
  let doc = input;
  // An already parsed pack (a file read by the options page) is measured as the JSON it came from, in UTF-8 bytes.
  const size = utf8Length(typeof input === 'string' ? input : (JSON.stringify(input ?? null) ?? ''));
  if (size > MAX_PACK_BYTES) {
    throw new PackRejectedError(
      'too-large',
      `The pack is ${(size / 1048576).toFixed(1)} MB: packs may be at most ${MAX_PACK_BYTES / 1048576} MB.`,
    );
  }
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new PackRejectedError('malformed', `The pack is not valid JSON: ${(err as Error).message}`);
    }
  }
  const parsed = v.safeParse(PackSchema, doc);
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, 10).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
    throw new PackRejectedError('schema', `The pack does not follow the snippet-pack format: ${issues[0]}`, issues);
  }
  return parsed.output;
}

/**
 * Every rule a pack must pass before it replaces what is installed. `current` is the installed version of the
 * same pack id, if any. Returns the pack, or throws PackRejectedError with a reason the agent can read.
 */
export async function checkPack(
  input: unknown,
  opts: { trustedKeys: TrustedKey[]; current?: { version: string } | null; now?: number; expectedId?: string },
): Promise<Pack> {
  return checkParsedPack(parsePack(input), opts);
}

/** checkPack for a pack parsePack already accepted. */
export async function checkParsedPack(
  pack: Pack,
  opts: { trustedKeys: TrustedKey[]; current?: { version: string } | null; now?: number; expectedId?: string },
): Promise<Pack> {
  const now = opts.now ?? Date.now();
  if (opts.expectedId && pack.id !== opts.expectedId) {
    throw new PackRejectedError('wrong-pack', `Expected pack "${opts.expectedId}" but the file holds "${pack.id}".`);
  }
  if (!pack.signature) throw new PackRejectedError('unsigned', `Pack "${pack.name}" ${pack.version} is not signed.`);
  const key = opts.trustedKeys.find((k) => k.keyId === pack.signature!.keyId);
  if (!key) {
    throw new PackRejectedError(
      'untrusted-key',
      `Pack "${pack.name}" is signed with a key you do not trust (key id ${pack.signature.keyId.slice(0, 12)}…).`,
    );
  }
  if (!(await verifySignature(pack, key.jwk))) {
    throw new PackRejectedError(
      'bad-signature',
      `Pack "${pack.name}" ${pack.version}: the signature does not match its content (tampered, or signed with another key).`,
    );
  }
  if (Date.parse(pack.publishedAt) > now + CLOCK_SKEW_MS) {
    throw new PackRejectedError(
      'clock',
      `Pack "${pack.name}" says it was published ${pack.publishedAt}, in the future: check this computer's clock.`,
    );
  }
  if (pack.expiresAt && Date.parse(pack.expiresAt) <= now) {
    throw new PackRejectedError('expired', `Pack "${pack.name}" ${pack.version} expired on ${pack.expiresAt}.`);
  }
  if (opts.current && compareVersions(pack.version, opts.current.version) < 0) {
    throw new PackRejectedError('downgrade', `Pack "${pack.name}" ${pack.version} is older than the installed ${opts.current.version}.`);
  }
  return pack;
}

/** Lint: the format rules plus warnings a publisher wants before signing. */
export function lintPack(input: unknown): { pack: Pack | null; errors: string[]; warnings: string[] } {
  try {
    const pack = parsePack(input);
    const warnings: string[] = [];
    if (!pack.signature) warnings.push('not signed yet');
    for (const s of pack.snippets)
      if (s.channels.includes('x') && s.body.length > 280) warnings.push(`${s.id}: longer than 280 characters, too long for X`);
    return { pack, errors: [], warnings };
  } catch (err) {
    const e = err as PackRejectedError;
    return { pack: null, errors: e.issues?.length ? e.issues : [e.message], warnings: [] };
  }
}
