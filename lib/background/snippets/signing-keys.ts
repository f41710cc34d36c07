import type { CarebarDB } from '../db/schema';
import type { EncryptedKeyFile, SigningKeyInfo } from '../../shared/snippets/types';
import { keyIdOf, PublicKeyJwkSchema, signPack, parsePack, type Pack, type PublicKeyJwk } from '../../shared/snippets/pack-format';
import * as v from 'valibot';

/**
 * A supervisor's pack-signing keys. The private key is a non-extractable CryptoKey kept in the background's
 * IndexedDB (structured clone keeps CryptoKeys), never in storage.local where content scripts could read it.
 * At creation it is also encrypted with the supervisor's password (PBKDF2-SHA-256 → AES-256-GCM) into a backup
 * file: the only form in which it ever leaves the database.
 */

interface StoredSigningKey extends SigningKeyInfo {
  privateKey: CryptoKey;
  backup: EncryptedKeyFile;
}

const PREFIX = 'supervisor.signingKey:';
const ITERATIONS = 310_000;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

const b64 = (bytes: ArrayBuffer | Uint8Array) => {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function passwordKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

export async function generateSupervisorKey(db: CarebarDB, label: string, password: string): Promise<SigningKeyInfo> {
  // Extractable for one moment only, to write the encrypted backup; what is stored is a non-extractable copy.
  const pair = (await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  const publicJwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
  const keyId = await keyIdOf(publicJwk);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ECDSA, false, ['sign']);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await passwordKey(password, salt, ITERATIONS), pkcs8);
  const info: SigningKeyInfo = { keyId, label, publicJwk, createdAt: new Date().toISOString() };
  const backup: EncryptedKeyFile = {
    format: 'carebar-signing-key',
    version: 1,
    keyId,
    label,
    publicJwk,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS, salt: b64(salt) },
    cipher: { name: 'AES-GCM', iv: b64(iv), data: b64(data) },
  };
  const stored: StoredSigningKey = { ...info, privateKey, backup };
  await db.settings.put({ key: PREFIX + keyId, value: stored });
  return info;
}

async function storedKeys(db: CarebarDB): Promise<StoredSigningKey[]> {
  return (await db.settings.where('key').startsWith(PREFIX).toArray()).map((r) => r.value as StoredSigningKey);
}

export async function listSupervisorKeys(db: CarebarDB): Promise<SigningKeyInfo[]> {
  return (await storedKeys(db)).map(({ keyId, label, publicJwk, createdAt }) => ({ keyId, label, publicJwk, createdAt }));
}

export async function exportSupervisorKey(db: CarebarDB, keyId: string): Promise<EncryptedKeyFile> {
  const row = (await db.settings.get(PREFIX + keyId))?.value as StoredSigningKey | undefined;
  if (!row) throw new SigningKeyError(`No signing key ${keyId}`);
  return row.backup;
}

const EncryptedKeyFileSchema = v.object({
  format: v.literal('carebar-signing-key'),
  version: v.literal(1),
  keyId: v.string(),
  label: v.pipe(v.string(), v.maxLength(120)),
  publicJwk: PublicKeyJwkSchema,
  kdf: v.object({
    name: v.literal('PBKDF2'),
    hash: v.literal('SHA-256'),
    iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000), v.maxValue(5_000_000)),
    salt: v.string(),
  }),
  cipher: v.object({ name: v.literal('AES-GCM'), iv: v.string(), data: v.pipe(v.string(), v.maxLength(10_000)) }),
});

/** Decrypt a backup file with its password; throws SigningKeyError on a wrong password or a damaged file. */
export async function decryptKeyFile(
  file: unknown,
  password: string,
  extractable = false,
): Promise<{ info: Omit<SigningKeyInfo, 'createdAt'>; privateKey: CryptoKey; backup: EncryptedKeyFile }> {
  let doc = file;
  if (typeof file === 'string') {
    try {
      doc = JSON.parse(file);
    } catch {
      throw new SigningKeyError('Not a Carebar signing-key file (not JSON).');
    }
  }
  const parsed = v.safeParse(EncryptedKeyFileSchema, doc);
  if (!parsed.success) throw new SigningKeyError('Not a Carebar signing-key file.');
  const f = parsed.output as EncryptedKeyFile;
  let pkcs8: ArrayBuffer;
  try {
    pkcs8 = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: unb64(f.cipher.iv) },
      await passwordKey(password, unb64(f.kdf.salt), f.kdf.iterations),
      unb64(f.cipher.data),
    );
  } catch {
    throw new SigningKeyError('Wrong password, or the key file is damaged.');
  }
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ECDSA, extractable, ['sign']);
  if ((await keyIdOf(f.publicJwk)) !== f.keyId) throw new SigningKeyError('The key file’s key id does not match its public key.');
  return { info: { keyId: f.keyId, label: f.label, publicJwk: f.publicJwk }, privateKey, backup: f };
}

export async function importSupervisorKey(db: CarebarDB, file: unknown, password: string): Promise<SigningKeyInfo> {
  const { info, privateKey, backup } = await decryptKeyFile(file, password);
  const stored: StoredSigningKey = { ...info, createdAt: new Date().toISOString(), privateKey, backup };
  await db.settings.put({ key: PREFIX + info.keyId, value: stored });
  return { ...info, createdAt: stored.createdAt };
}

/** Sign a pack (checked against the format first) with one of the stored keys. */
export async function signWithSupervisorKey(db: CarebarDB, keyId: string, pack: unknown): Promise<Pack> {
  const row = (await db.settings.get(PREFIX + keyId))?.value as StoredSigningKey | undefined;
  if (!row) throw new SigningKeyError(`No signing key ${keyId}`);
  const { signature: _old, ...content } = parsePack(pack);
  return signPack(content, row.privateKey, row.publicJwk);
}
