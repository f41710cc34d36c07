import * as v from 'valibot';
import { ShortText } from '../../schema-fields';
import { ItemKeySchema } from '../../item-schemas';
import type { LengthReport } from '../../snippets/length';
import type {
  EncryptedKeyFile,
  PackResult,
  PackSummary,
  SigningKeyInfo,
  SnippetConfig,
  SnippetOption,
  SnippetView,
} from '../../snippets/types';
import { defineRequests } from './define';

// Snippets and packs (issue 5). The content script gets search results and filled text, never the customer record.

export const snippetRequests = defineRequests({
  'snippets.search': {
    privileged: false,
    input: v.object({
      query: ShortText(200),
      channel: v.picklist(['x', 'facebook', 'dm']),
      /** The post being answered: its author and CRM first name fill the previews. */
      key: v.nullable(ItemKeySchema),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50))),
    }),
  },
  /** Fill one snippet for a post with the agent's answers to its questions; the result is what gets inserted. */
  'snippets.render': {
    privileged: false,
    input: v.object({
      id: ShortText(200),
      key: v.nullable(ItemKeySchema),
      channel: v.picklist(['x', 'facebook', 'dm']),
      answers: v.pipe(
        v.record(ShortText(80), ShortText(2000)),
        v.check((r) => Object.keys(r).length <= 20, 'too many answers'),
      ),
      /** Text already in the composer, for the length check of the result. */
      existing: v.optional(ShortText(20_000)),
    }),
  },
  'snippets.used': { privileged: false, input: v.object({ id: ShortText(200) }) },
  /** Reply length as the channel counts it (X: twitter-text weighted length). */
  'text.length': { privileged: false, input: v.object({ channel: v.picklist(['x', 'facebook', 'dm']), text: ShortText(50_000) }) },
  'snippets.list': { privileged: true, input: v.object({}) },
  'snippets.savePersonal': {
    privileged: true,
    input: v.object({
      id: v.optional(ShortText(200)),
      title: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
      body: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)),
      channels: v.pipe(v.array(v.picklist(['x', 'facebook', 'dm'])), v.minLength(1), v.maxLength(3)),
      tags: v.pipe(v.array(ShortText(40)), v.maxLength(20)),
      locale: v.optional(v.nullable(ShortText(20))),
    }),
  },
  'snippets.deletePersonal': { privileged: true, input: v.object({ id: ShortText(200) }) },
  'packs.list': { privileged: true, input: v.object({}) },
  /** Install a pack file (its text or parsed JSON); checked like a downloaded one. */
  'packs.install': { privileged: true, input: v.object({ document: v.unknown() }) },
  'packs.rollback': { privileged: true, input: v.object({ id: ShortText(80) }) },
  'packs.remove': { privileged: true, input: v.object({ id: ShortText(80) }) },
  'packs.subscribe': { privileged: true, input: v.object({ url: v.pipe(v.string(), v.maxLength(2000), v.url()) }) },
  'packs.unsubscribe': { privileged: true, input: v.object({ url: v.pipe(v.string(), v.maxLength(2000)) }) },
  'packs.refresh': { privileged: true, input: v.object({}) },
  'packs.trustKey': { privileged: true, input: v.object({ label: ShortText(120), jwk: v.unknown() }) },
  'packs.untrustKey': { privileged: true, input: v.object({ keyId: ShortText(60) }) },
  'packs.setApprovedOnly': { privileged: true, input: v.object({ approvedOnly: v.boolean() }) },
  /** Supervisor: signing keys live as non-extractable CryptoKeys in the background's IndexedDB. */
  'supervisor.keys': { privileged: true, input: v.object({}) },
  /** The password encrypts the key's backup file (the only form in which the private key ever leaves). */
  'supervisor.generateKey': {
    privileged: true,
    input: v.object({
      label: ShortText(120),
      password: v.pipe(v.string(), v.minLength(10, 'a backup password of at least 10 characters'), v.maxLength(200)),
    }),
  },
  'supervisor.exportKey': { privileged: true, input: v.object({ keyId: ShortText(60) }) },
  'supervisor.importKey': { privileged: true, input: v.object({ file: v.unknown(), password: v.pipe(v.string(), v.maxLength(200)) }) },
  'supervisor.sign': { privileged: true, input: v.object({ keyId: ShortText(60), pack: v.unknown() }) },
});

export interface SnippetResponses {
  'snippets.search': { results: SnippetOption[] };
  'snippets.render': { text: string; asks: string[]; length: LengthReport };
  'snippets.used': { usage: number };
  'text.length': LengthReport;
  'snippets.list': { snippets: SnippetView[]; approvedOnly: boolean };
  'snippets.savePersonal': { snippet: SnippetView };
  'snippets.deletePersonal': { ok: true };
  'packs.list': { packs: PackSummary[]; config: SnippetConfig };
  'packs.install': PackResult;
  'packs.rollback': PackResult;
  'packs.remove': { ok: true };
  'packs.subscribe': { config: SnippetConfig };
  'packs.unsubscribe': { config: SnippetConfig };
  'packs.refresh': { results: (PackResult & { url: string })[] };
  'packs.trustKey': { config: SnippetConfig };
  'packs.untrustKey': { config: SnippetConfig };
  'packs.setApprovedOnly': { config: SnippetConfig };
  'supervisor.keys': { keys: SigningKeyInfo[] };
  'supervisor.generateKey': { key: SigningKeyInfo };
  'supervisor.exportKey': { file: EncryptedKeyFile };
  'supervisor.importKey': { key: SigningKeyInfo };
  'supervisor.sign': { pack: unknown };
}
