import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_ORDER_PATTERNS } from './order-patterns';
import { insideAny, urlSpans, wordsBefore } from './scan';
import type { Finding } from './types';

export { DEFAULT_ORDER_PATTERNS, urlSpans };

// Personal-data detectors. Conservative by design: a false "move to DM" prompt costs little, but the reply guard
// stops a submission, so every detector must hold up against ids, prices, dates, versions, model numbers and the
// brand's own public contacts. All of them are linear in the text: URLs, emails and phone candidates are found by
// scanning characters; the remaining regexes have no unbounded quantifier inside a repeated group
// (tests/unit/detect-linear.test.ts checks that).

/** Where a detector runs: a customer's post, or an agent's draft reply (where the brand's own contacts are fine). */
export interface ContactContext {
  role: 'post' | 'draft';
  /** The team's own phone numbers and email / web domains (settings): never personal data. */
  ownContacts?: readonly string[];
}

const digitsOf = (s: string) => s.replace(/\D/g, '');
const ownNumbers = (own: readonly string[] = []) => own.map(digitsOf).filter((d) => d.length >= 6);
const ownDomains = (own: readonly string[] = []) =>
  own
    .filter((o) => /[a-z]/i.test(o))
    .map(
      (o) =>
        o
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/^www\./, '')
          .replace(/^.*@/, '')
          .split('/')[0],
    )
    .filter((d) => d.includes('.'));

// ---------------------------------------------------------------------------------------------------------- email

const isLocalChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Mailboxes that belong to an organisation, not a person ("help@", "support@", "reportphish@"). */
const ROLE_MAILBOX =
  /^(?:help|helpdesk|support|care|customercare|customerservice|service|services|contact|info|hello|team|abuse|report|reportphish|phish|phishing|spoof|security|privacy|billing|sales|press|media|noreply|no-reply|feedback|complaints?|enquiries|inquiries|atencion|atencioncliente|kundenservice|kontakt|hilfe|servicio|ayuda)(?:[._-]?[a-z]{0,12})?$/i;
/** In a reply, an address the brand gives out: "email us at …", "forward it to …", "write to us at …". */
const BRAND_EMAIL_CUE =
  /(?:\b(?:email|e-mail|mail|write to|reach|contact|message)\s(?:us|our team|our \w{1,20} team)\b[^.!?\n]{0,20}|\bforward(?:ing)?\b[^.!?\n]{0,50}\bto\s?|\breport\b[^.!?\n]{0,30}\bto\s?|\bsend\s(?:it|this|them|that|the \w{1,15})\sto\s?)$/i;

/** Email addresses: scanned around each "@", a simplified RFC 5322 (what people write in posts). */
export function findEmails(text: string, context?: ContactContext): Finding[] {
  const out: Finding[] = [];
  const domains = ownDomains(context?.ownContacts);
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let s = at;
    while (s > 0 && at - s < 64 && isLocalChar(text.charCodeAt(s - 1))) s--;
    while (s < at && !/[A-Za-z0-9]/.test(text[s])) s++; // starts with a letter or digit
    if (s === at || (s > 0 && (isLocalChar(text.charCodeAt(s - 1)) || text[s - 1] === '@'))) continue;
    let e = at + 1;
    while (e < text.length && e - at <= 253 && isDomainChar(text.charCodeAt(e))) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--; // "…@mail.co.uk." ends the sentence
    if (e < text.length && (isWordChar(text.charCodeAt(e)) || text[e] === '@')) continue;
    const domain = text.slice(at + 1, e).toLowerCase();
    const labels = domain.split('.');
    const tld = labels[labels.length - 1];
    if (
      labels.length < 2 ||
      !/^[a-z]{2,24}$/.test(tld) ||
      labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))
    )
      continue;
    const local = text.slice(s, at);
    if (domains.some((d) => domain === d || domain.endsWith(`.${d}`))) continue;
    if (ROLE_MAILBOX.test(local)) continue;
    if (context?.role === 'draft' && BRAND_EMAIL_CUE.test(text.slice(Math.max(0, s - 80), s))) continue;
    out.push({ reason: 'email', start: s, end: e });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------- cards

/** Luhn checksum over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefix and length agree (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
function plausibleCard(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return n >= 14 && n <= 19;
  if (p2 === 62) return n >= 16 && n <= 19;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19; // Maestro
  return false;
}

// 13–19 digits, optionally grouped by single spaces or dashes, not glued to other digits, letters or masks.
const CARD = /(?<![\w*#.,/-])\d(?:[ -]?\d){12,18}(?![\w*]|[.,/-]\d)/g;

export function findCards(text: string): Finding[] {
  const urls = urlSpans(text);
  const out: Finding[] = [];
  for (const m of text.matchAll(CARD)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (insideAny(urls, start, end)) continue;
    const digits = m[0].replace(/\D/g, '');
    // Grouping must be regular-looking: either none, or groups of 4 (Amex 4-6-5, Diners 4-6-4).
    const groups = m[0].split(/[ -]/).map((g) => g.length);
    const grouped = groups.length === 1 || groups.slice(0, -1).every((g) => g === 4) || /^4 6 [45]$/.test(groups.join(' '));
    if (!grouped || !plausibleCard(digits) || !luhnValid(digits)) continue;
    out.push({ reason: 'card', start, end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------- phones

/** Countries whose national formats we read without a + prefix: the teams work in English, Spanish and German. */
export const PHONE_COUNTRIES: CountryCode[] = ['GB', 'US', 'ES', 'DE', 'AT', 'CH', 'MX', 'IE'];

const isPhoneChar = (c: number) =>
  (c >= 48 && c <= 57) || c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 47 || c === 0xa0;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Words right before a number that make it a phone number. */
const PHONE_CUE =
  /(?:\b(?:call|ring|phone|tel|telephone|mobile|cell|cellphone|whatsapp|text|sms|fax|number|no|nr|num|contact|reach|dial|llama|llámame|llamar|llamad|teléfono|telefono|móvil|movil|anrufen|telefon|handy|nummer|rufnummer)\b[.:]?\s?(?:me|us|him|her|on|at|is|es|ist|al|a|unter|an|:)?\s?(?:on|at|:)?\s?\+?)$/i;
/** A phone word in the sentence before a number. */
const PHONE_WORD_NEAR = /\b(?:phone|mobile|cell|cellphone|tel|telephone|whatsapp|móvil|movil|teléfono|telefono|handy|telefon|rufnummer)\b/i;
/** Words right before a number that make it something else: versions, models, ids, codes, money, quantities. */
const NOT_PHONE_CUE =
  /(?:\b(?:v|ver|version|versión|build|update|release|ios|ipados|android|macos|mac os|os|windows|win|firmware|model|modell|modelo|series|serie|part|sku|serial|imei|inspiron|thinkpad|galaxy|iphone|ipad|pixel|level|lvl|chapter|episode|season|error|code|código|fehler|ticket|order|case|ref|reference|invoice|transaction|account|booking|id|tracking|pin|otp|item|listing|page|room|flight|seat|score|rank|version:)\b[\s#:.-]{0,3}|[#$€£¥]\s?)$/i;
/** Units or words right after a number that make it a quantity, not a phone number. */
const UNIT_AFTER =
  /^\s?(?:gb|mb|kb|tb|ghz|mhz|hz|mp|mpx|fps|px|p|k|m|mil|million|millones|millionen|bn|billion|rp|xp|ep|hours?|hrs?|mins?|minutes?|secs?|seconds?|days?|weeks?|months?|years?|subs|subscribers|views|files|items|%|€|\$|£|usd|eur|gbp)\b/i;
/** In a reply: the brand giving its own number ("call us on", "our helpline", "rufen Sie uns … unter", "llámanos al"). */
const BRAND_PHONE_STRONG =
  /(?:\b(?:call|ring|phone|contact|reach|dial|text|message)\s(?:us|our\s[\w ]{0,30})\b|\bour\s(?:\w{1,20}\s){0,3}(?:number|line|team|helpline|hotline|phone)s?\b|\b(?:rufen sie uns|ruf uns|erreichen sie uns|kontaktieren sie uns)\b|\b(?:llámanos|llámenos|contáctanos|contacta con nosotros|llamar a nuestro)\b)[^.!?\n]{0,30}$/i;
/** Weaker cues, used when no "you / your" is near: "contact 0333 …", "the Home Lending Team at …", "helpline: …". */
const BRAND_PHONE_CUE =
  /(?:\bcontact\b(?:\sthe\s[\w ]{0,30})?|\b(?:helpline|hotline|customer\s(?:service|care|support)|support\s(?:team|line)|team|line|desk)\b)(?:\s(?:on|at|via))?:?\s?$/i;
/** After the brand's number: menu options and opening hours. */
const BRAND_PHONE_AFTER =
  /^[\s,.(]{0,3}(?:option|opción|opcion|taste|press|ext|extension|available|open|lines|between|from|\d{1,2}\s?(?:am|pm)|24\s?(?:hours|h|\/7)|mon|m-f|monday|lunes|montag)/i;
/** "you / your" near a number in a reply: the customer's number repeated back — personal data. */
const CUSTOMER_CUE =
  /(?:\b(?:call|ring|text|phone|llamar|anrufen)\s(?:you|me|him|her|them|te|le|dich|sie)\b|\b(?:you|your|yours|tu|su|dein|deine|ihr|ihre|ihnen)\b)[^.!?\n]{0,30}$/i;
/** US / Canada toll-free numbers: 1-800, 888, 877, 866, 855, 844, 833. */
const NANP_TOLL_FREE = /^(?:\+?1[\s.-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[\s.-]?\d{3}[\s.-]?\d{4}$/;
const SERVICE_TYPES = new Set(['TOLL_FREE', 'SHARED_COST', 'UAN', 'PREMIUM_RATE', 'VOICEMAIL', 'PAGER']);

interface PhoneCandidate {
  start: number;
  end: number;
  raw: string;
  digits: string;
}

/** Runs of digits and phone punctuation, 7–15 digits, one pass; longer digit runs (ids) are skipped whole. */
function phoneCandidates(text: string): PhoneCandidate[] {
  const out: PhoneCandidate[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const startsHere = isDigit(c) || ((c === 43 || c === 40) && i + 1 < n && isDigit(text.charCodeAt(i + 1)));
    if (!startsHere) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && isPhoneChar(text.charCodeAt(i))) i++;
    let end = i;
    while (end > start && !isDigit(text.charCodeAt(end - 1)) && text[end - 1] !== ')') end--;
    const raw = text.slice(start, end);
    const digits = digitsOf(raw);
    // Split a run on double spaces / " / " ("07911 123456 / 0151 23456789") only when it is too long as a whole.
    if (digits.length > 15 && /\s{2,}|\s\/\s/.test(raw)) {
      let offset = start;
      for (const part of raw.split(/(\s{2,}|\s\/\s)/)) {
        const d = digitsOf(part);
        if (d.length >= 7 && d.length <= 15 && part.length <= 32 && /\d/.test(part[0] ?? ''))
          out.push({ start: offset, end: offset + part.length, raw: part, digits: d });
        offset += part.length;
      }
      continue;
    }
    if (digits.length >= 7 && digits.length <= 15 && raw.length <= 32) out.push({ start, end, raw, digits });
  }
  return out;
}

/** A plausible phone layout: no version-like dotted groups, no date, a sensible first group. */
function phoneShaped(raw: string, digits: string): boolean {
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(raw)) return false; // a date
  const groups = raw.split(/[^\d]+/).filter(Boolean);
  if (raw.includes('.') && groups.some((g) => g.length < 2)) return false; // 8.4 24.506, 11.0.3
  if (raw.includes('/') && !/^\(?\d{2,5}\)?\s?\/\s?[\d\s-]{5,}$/.test(raw)) return false; // "100/100", "1/2"
  if (raw.startsWith('+') || raw.startsWith('(') || raw.startsWith('0')) return true;
  if (/^1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}$/.test(raw)) return true; // NANP with the country code
  if (groups.length === 1) return digits.length === 9 && /^[67]/.test(digits); // a bare run: only a Spanish mobile without a cue
  // "15 3000 …" (a model) has a short first group; "91 123 45 67" (a Madrid landline) has many groups.
  return groups[0].length >= 3 || (groups.length >= 3 && digits.length >= 9 && digits.length <= 11);
}

/** The countries a number is valid in, with its type there ('MOBILE', 'TOLL_FREE', …). */
function phoneValidity(raw: string): Array<{ country: string; type: string }> {
  const found: Array<{ country: string; type: string }> = [];
  if (raw.startsWith('+')) {
    const p = parsePhoneNumberFromString(raw);
    if (p?.isValid()) found.push({ country: p.country ?? '', type: p.getType() ?? '' });
    return found;
  }
  for (const country of PHONE_COUNTRIES) {
    const p = parsePhoneNumberFromString(raw, country);
    if (p?.isValid()) found.push({ country, type: p.getType() ?? '' });
  }
  return found;
}

/** Whether a phone number in a text is the brand's own public number (so it is not personal data). */
function brandNumber(text: string, cand: PhoneCandidate, valid: Array<{ type: string }>, context?: ContactContext): boolean {
  if (ownNumbers(context?.ownContacts).some((own) => cand.digits.endsWith(own) || own.endsWith(cand.digits))) return true;
  // Toll-free and other service numbers belong to organisations, in any text — when the reading is unambiguous
  // (UK 03… numbers are also German landlines, so those need the reply's own words below).
  if (NANP_TOLL_FREE.test(cand.raw) || (valid.length > 0 && valid.every((v) => SERVICE_TYPES.has(v.type)))) return true;
  if (context?.role !== 'draft') return false;
  const before = text.slice(Math.max(0, cand.start - 80), cand.start);
  if (BRAND_PHONE_STRONG.test(before)) return true;
  if (CUSTOMER_CUE.test(before.slice(-45))) return false;
  return BRAND_PHONE_CUE.test(before) || BRAND_PHONE_AFTER.test(text.slice(cand.end, cand.end + 30));
}

export function findPhones(text: string, context?: ContactContext): Finding[] {
  const urls = urlSpans(text);
  const out: Finding[] = [];
  for (const cand of phoneCandidates(text)) {
    const { start, end, raw, digits } = cand;
    if (insideAny(urls, start, end)) continue;
    const prev = start > 0 ? text[start - 1] : ' ';
    if (/[\p{L}\p{N}_*#$€£.,@/:-]/u.test(prev)) continue; // glued to a word, a mask, money, a handle or a decimal
    const next = text.slice(end, end + 2);
    if (/^[\p{L}\p{N}%]|^[.,/-]\d|^\.\w/u.test(next)) continue;
    if (UNIT_AFTER.test(text.slice(end, end + 14))) continue;
    const before = wordsBefore(text, start, 32);
    if (NOT_PHONE_CUE.test(before)) continue;
    const cued = PHONE_CUE.test(before);
    if (!phoneShaped(raw, digits) && !cued) continue;
    const valid = phoneValidity(raw);
    // A number valid nowhere we know still counts when the text says it is a phone number nearby ("my phone: 0112 …",
    // "this is the phone the account was created with. 01120738976").
    const near = cued || PHONE_WORD_NEAR.test(wordsBefore(text, start, 64));
    if (
      valid.length === 0 &&
      !(near && (raw.startsWith('0') || raw.startsWith('+')) && digits.length >= 9 && /^\+?\d+$/.test(raw.replace(/[\s-]/g, '')))
    )
      continue;
    if (brandNumber(text, cand, valid, context)) continue;
    out.push({ reason: 'phone', start, end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------- orders

function compile(source: string): RegExp | null {
  try {
    return new RegExp(source, 'giu');
  } catch {
    return null; // a broken team pattern must not break detection
  }
}
const compiled = new Map<string, RegExp | null>();

/** Order / account / booking / case numbers after their word (the team's patterns; defaults in order-patterns.ts). */
export function findOrderNumbers(text: string, patterns: readonly string[] = DEFAULT_ORDER_PATTERNS): Finding[] {
  const urls = urlSpans(text);
  const out: Finding[] = [];
  for (const source of patterns) {
    if (!compiled.has(source)) compiled.set(source, compile(source));
    const re = compiled.get(source);
    if (!re) continue;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (m[0].length === 0 || insideAny(urls, start, end)) continue;
      if (!out.some((f) => start < f.end && end > f.start)) out.push({ reason: 'order', start, end });
    }
  }
  return out;
}

// Street addresses: a house number next to a street word, in English, Spanish and German, plus a postcode / city.
const EN_STREET =
  '(?:Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Boulevard|Blvd\\.?|Court|Ct\\.?|Place|Pl\\.?|Terrace|Close|Crescent|Way|Square|Sq\\.?|Parkway|Highway|Hwy)';
const CAP = "[A-Z][a-z'’-]{1,30}";
const ES_STREET = '(?:Calle|C\\/|Avenida|Avda\\.?|Av\\.|Plaza|Pza\\.?|Paseo|Pº|Camino|Carrer|Ronda|Travesía|Glorieta|Carretera|Ctra\\.?)';
const ES_LINK = '(?:(?:de|del|la|las|los|el|y)\\s{1,3}){0,3}';
const ES_WORD = "[A-ZÁÉÍÓÚÑ][\\wáéíóúñü'’.-]{0,30}";
const ES_NAME = `${ES_LINK}${ES_WORD}(?:\\s{1,3}${ES_LINK}${ES_WORD}){0,4}`;
const DE_SUFFIX = '(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad)';
const DE_NAME = `(?:[A-ZÄÖÜ][a-zäöüß-]{0,40}${DE_SUFFIX}|(?:Am|An der|Auf der|Im|In der|Zum|Zur)\\s{1,3}[A-ZÄÖÜ][a-zäöüß]{1,40})`;
const HOUSE = '\\d{1,5}[a-zA-Z]?(?:[-/]\\d{1,4}[a-zA-Z]?)?';
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}';
const ADDRESS_PATTERNS = [
  // 221 Baker Street, London NW1 6XE / 42 Maple Avenue, Springfield IL 62704
  new RegExp(
    `\\b${HOUSE}\\s{1,3}(?:${CAP}\\s{1,3}){1,3}${EN_STREET}(?![\\w])(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b)?(?:,\\s*${CAP}(?:\\s${CAP})?(?:,?\\s+(?:[A-Z]{2}\\s+\\d{5}|${UK_POSTCODE}))?|,?\\s+${UK_POSTCODE})?`,
    'g',
  ),
  // Calle Mayor 15, 28013 Madrid / Avenida de la Constitución 22
  new RegExp(
    `(?<![\\wÁÉÍÓÚáéíóúñ])${ES_STREET}\\s+${ES_NAME},?\\s+(?:n[º°o]\\.?\\s*)?${HOUSE}(?![\\d.,:]\\d)(?:,?\\s+\\d{5}\\s+[A-ZÁÉÍÓÚ][\\wáéíóúñ-]+)?`,
    'gu',
  ),
  // Hauptstraße 12, 10115 Berlin / Am Markt 5
  new RegExp(`(?<![\\wÄÖÜäöüß])${DE_NAME}\\s+${HOUSE}(?![\\d.,:]\\d)(?:,?\\s+\\d{5}\\s+[A-ZÄÖÜ][\\wäöüß-]+)?`, 'gu'),
];

/** Street addresses. */
export function findAddresses(text: string): Finding[] {
  const urls = urlSpans(text);
  const out: Finding[] = [];
  for (const re of ADDRESS_PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (insideAny(urls, start, end)) continue;
      if (!out.some((f) => start < f.end && end > f.start)) out.push({ reason: 'address', start, end });
    }
  }
  return out;
}

/** Every fixed pattern the personal-data detectors run (tests/unit/detect-linear.test.ts audits them). */
export const PERSONAL_PATTERNS: readonly RegExp[] = [
  ROLE_MAILBOX,
  BRAND_EMAIL_CUE,
  CARD,
  PHONE_CUE,
  PHONE_WORD_NEAR,
  NOT_PHONE_CUE,
  UNIT_AFTER,
  BRAND_PHONE_STRONG,
  BRAND_PHONE_CUE,
  BRAND_PHONE_AFTER,
  CUSTOMER_CUE,
  NANP_TOLL_FREE,
  ...ADDRESS_PATTERNS,
  ...DEFAULT_ORDER_PATTERNS.map((p) => new RegExp(p, 'giu')),
];
