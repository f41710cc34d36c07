import { renderForInsert } from './snippets/fill';
import { listSnippets } from './snippets/library';
import type { DmOpenPlan } from '../shared/dm-plan';
import type { CarebarDB } from './db/schema';
import type { ItemRow } from '../shared/records';
import { readSettings } from './db/settings';
import { FACEBOOK_PAGE_INBOX_URL } from '../shared/sites/facebook-urls';
import { xDmComposeUrl, xProfileUrl } from '../shared/sites/x-urls';

// Moving a conversation to a private message: the public reply to post, where the DM opens, and Meta's rule for
// private replies to Page comments (one, within 7 days of the comment).

export type DmReplyKind = 'dm-request' | 'close-the-loop';

/**
 * Built-in replies, used only until the team's approved snippets tagged `dm-request` / `close-the-loop` exist.
 * TO BE REPLACED by the approved snippets (issue 5's store): these are placeholders, not approved wording.
 */
export const BUILT_IN_REPLIES: Record<DmReplyKind, Record<'en' | 'es' | 'de', string>> = {
  'dm-request': {
    en: "We'd like to look into this for you. Please send us a direct message so we can keep your details private.",
    es: 'Queremos revisarlo contigo. Envíanos un mensaje privado para que tus datos no queden a la vista.',
    de: 'Wir sehen uns das gern an. Bitte schreiben Sie uns eine Direktnachricht, damit Ihre Daten privat bleiben.',
  },
  'close-the-loop': {
    en: 'Glad we could sort this out in DM. Thanks for your patience, and let us know if there is anything else.',
    es: 'Nos alegra haberlo resuelto por mensaje privado. Gracias por tu paciencia.',
    de: 'Schön, dass wir das per Direktnachricht klären konnten. Danke für Ihre Geduld.',
  },
};

/** Tags an approved snippet may carry for each kind (the first is the contract; the rest match issue 5's starter pack). */
const TAGS: Record<DmReplyKind, string[]> = {
  'dm-request': ['dm-request', 'dm'],
  'close-the-loop': ['close-the-loop', 'resolved', 'close'],
};

/** The item's language, guessed from its excerpt: es / de / en. */
export function guessLocale(text: string): 'en' | 'es' | 'de' {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const count = (list: string[]) => words.filter((w) => list.includes(w)).length;
  const es = count(['el', 'la', 'los', 'que', 'y', 'mi', 'por', 'con', 'para', 'no', 'es', 'un', 'una', 'pedido', 'hola', 'gracias']);
  const de = count([
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'ich',
    'mein',
    'meine',
    'mit',
    'bitte',
    'seit',
    'hallo',
    'danke',
    'bestellung',
  ]);
  if (es >= 2 && es > de) return 'es';
  if (de >= 2 && de > es) return 'de';
  return 'en';
}

export async function approvedReply(
  db: CarebarDB,
  key: string,
  kind: DmReplyKind,
): Promise<{ text: string; source: 'snippet' | 'built-in'; snippetId: string | null }> {
  const item = await db.items.get(key);
  const locale = guessLocale(item?.excerpt ?? '');
  const channel = item?.channel ?? 'x';
  try {
    const snippets = (await listSnippets(db)).filter((s) => s.approved && s.channels.includes(channel));
    // The contract tag first, then the starter pack's tags; the item's language first within each.
    for (const tag of TAGS[kind]) {
      const tagged = snippets.filter((s) => s.tags.includes(tag));
      const pick =
        tagged.find((s) => (s.locale ?? 'en').startsWith(locale)) ?? (locale === 'en' ? tagged.find((s) => !s.locale) : undefined);
      if (!pick) continue;
      const rendered = await renderForInsert(db, { id: pick.id, key, answers: {} });
      if (rendered.text && rendered.asks.length === 0) return { text: rendered.text, source: 'snippet', snippetId: pick.id };
    }
  } catch (err) {
    console.warn('[carebar] approved replies unavailable, using the built-in text', err);
  }
  return { text: BUILT_IN_REPLIES[kind][locale], source: 'built-in', snippetId: null };
}

export const PRIVATE_REPLY_NOTE = 'private reply opened';
export const PRIVATE_REPLY_WINDOW_MS = 7 * 86_400_000;

/** The opening DM: who we are answering and the post's link, so the conversation has its context. */
export function openerFor(item: ItemRow, agentName: string): string {
  const name = item.authorName ?? (item.authorHandle ? `@${item.authorHandle}` : 'there');
  return `Hi ${name}, ${agentName ? `${agentName} here, ` : ''}following up on your post ${item.permalink} so we can help in private.`;
}

/**
 * Plan the private message for an item. X: the compose URL with recipient id and text when the numeric id is known,
 * else the profile (its Message button). Facebook: the Page's inbox in Meta Business Suite — never m.me from the
 * agent's personal profile — and for comments at most one private reply, within 7 days of the comment.
 */
export async function planDm(db: CarebarDB, key: string, now = Date.now()): Promise<{ plan: DmOpenPlan; recordPrivateReply: boolean }> {
  const item = await db.items.get(key);
  if (!item)
    return { plan: { url: null, via: 'none', opener: '', hint: 'Carebar has not seen this post yet.' }, recordPrivateReply: false };
  const { agentName } = await readSettings(db);
  const opener = openerFor(item, agentName);
  if (item.channel === 'x') {
    if (item.authorId) {
      const url = xDmComposeUrl(item.authorId, opener);
      return {
        plan: { url, via: 'x-compose', opener, hint: 'A DM to the customer opened in a new tab, with the opener filled in.' },
        recordPrivateReply: false,
      };
    }
    if (item.authorHandle) {
      const url = xProfileUrl(item.authorHandle);
      return {
        plan: {
          url,
          via: 'x-profile',
          opener,
          hint: `Their profile opened in a new tab: press Message there. The opener is copied for you.`,
        },
        recordPrivateReply: false,
      };
    }
    return { plan: { url: null, via: 'none', opener, hint: 'The post shows no author to message.' }, recordPrivateReply: false };
  }
  // Facebook, acting as the Page.
  if (item.kind === 'comment') {
    const history = await db.events.where('itemKey').equals(key).toArray();
    if (history.some((e) => e.note === PRIVATE_REPLY_NOTE)) {
      return {
        plan: {
          url: null,
          via: 'none',
          opener,
          hint: 'A private reply to this comment was already sent: Meta allows one. Continue only if the person answers.',
        },
        recordPrivateReply: false,
      };
    }
    if (now - Date.parse(item.postedAt) > PRIVATE_REPLY_WINDOW_MS) {
      return {
        plan: { url: null, via: 'none', opener, hint: 'This comment is older than 7 days: Meta no longer allows a private reply to it.' },
        recordPrivateReply: false,
      };
    }
  }
  return {
    plan: {
      url: FACEBOOK_PAGE_INBOX_URL,
      via: 'meta-inbox',
      opener,
      hint: 'The Page inbox opened in Meta Business Suite; the opener (with the post link) is copied for you.',
    },
    recordPrivateReply: item.kind === 'comment',
  };
}
