import type { PackRow } from '../records';
import type { PublicKeyJwk, TrustedKey } from './pack-format';

// Snippets, packs and signing keys as the background answers about them (and as the managed policy configures them).

export type SnippetChannel = 'x' | 'facebook' | 'dm';

/** Configuration an IT team pushes through managed storage (public/managed_schema.json). */
export interface ManagedPolicy {
  packUrls?: string[];
  trustedKeys?: TrustedKey[];
  approvedOnly?: boolean;
  refreshMinutes?: number;
}

export interface Subscription {
  url: string;
  packId: string | null;
  etag: string | null;
  lastCheckedAt: string | null;
  /** What the last check did, in words the agent can read. */
  lastResult: string | null;
  lastError: string | null;
  /** From managed storage: the agent cannot remove it. */
  managed?: boolean;
}

export interface SnippetConfig {
  approvedOnly: boolean;
  trustedKeys: (TrustedKey & { managed?: boolean })[];
  subscriptions: Subscription[];
  /** Messages shown once (e.g. "pack X updated to 1.4.0"). */
  notices: string[];
}

export interface SnippetView {
  id: string;
  title: string;
  body: string;
  channels: string[];
  tags: string[];
  locale: string | null;
  packId: string | null;
  packName: string | null;
  approved: boolean;
  usage: number;
}

/** A palette option: the snippet with its preview filled for the post being answered. */
export interface SnippetOption {
  id: string;
  title: string;
  preview: string;
  /** Questions the agent answers before it can be inserted (prompts, variables without a value). */
  asks: string[];
  tags: string[];
  locale: string | null;
  approved: boolean;
  packName: string | null;
}

export interface PersonalSnippetInput {
  id?: string;
  title: string;
  body: string;
  channels: SnippetChannel[];
  tags: string[];
  locale?: string | null;
}

export interface PackResult {
  status: 'installed' | 'unchanged' | 'rejected';
  packId: string | null;
  version: string | null;
  message: string;
}

export type PackSummary = Omit<PackRow, 'document' | 'previous' | 'snippetCount' | 'expiresAt'> & {
  previousVersion: string | null;
  snippetCount: number;
  expiresAt: string | null;
};

export interface SigningKeyInfo {
  keyId: string;
  label: string;
  publicJwk: PublicKeyJwk;
  createdAt: string;
}

export interface EncryptedKeyFile {
  format: 'carebar-signing-key';
  version: 1;
  keyId: string;
  label: string;
  publicJwk: PublicKeyJwk;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string; data: string };
}
