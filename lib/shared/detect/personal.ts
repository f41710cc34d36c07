import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_ORDER_PATTERNS } from './order-patterns';
import type { Finding } from './types';

export { DEFAULT_ORDER_PATTERNS };

// Personal-data detectors. Conservative by design: a false "move to DM" prompt costs little, but the reply guard
// stops a submission, so every detector must hold up against ids, prices, dates, versions and masked numbers.

/** Spans inside URLs are never personal data of the kind we look for (tweet ids, article ids, query strings). */
export function urlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|de|es|co\.uk|io|me)\/[^\s<>"]*/gi;
  for (const m of text.matchAll(re)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}
const inside = (spans: Array<[number, number]>, start: number, end: number) => spans.some(([s, e]) => start < e && end > s);

// Addresses are simplified RFC 5322: what people write in posts, not every legal form.
const EMAIL = /(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;

export function findEmails(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(EMAIL)) {
    // An address inside a URL (…?email=a@b.com) is still an address: URLs are not excluded here.
    out.push({ reason: 'email', start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

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
    if (inside(urls, start, end)) continue;
    const digits = m[0].replace(/\D/g, '');
    // Grouping must be regular-looking: either none, or groups of 4 (Amex 4-6-5, Diners 4-6-4).
    const groups = m[0].split(/[ -]/).map((g) => g.length);
    const grouped = groups.length === 1 || groups.slice(0, -1).every((g) => g === 4) || /^4 6 [45]$/.test(groups.join(' '));
    if (!grouped || !plausibleCard(digits) || !luhnValid(digits)) continue;
    out.push({ reason: 'card', start, end });
  }
  return out;
}

/** Countries whose national formats we read without a + prefix: the teams work in English, Spanish and German. */
export const PHONE_COUNTRIES: CountryCode[] = ['GB', 'US', 'ES', 'DE', 'AT', 'CH', 'MX', 'IE'];

export function findPhones(text: string, countries: CountryCode[] = PHONE_COUNTRIES): Finding[] {
  const urls = urlSpans(text);
  const found = new Map<string, Finding>();
  for (const defaultCountry of countries) {
    // The 'max' metadata and the finder's default leniency (VALID): the number must be valid for its country.
    for (const m of findPhoneNumbersInText(text, { defaultCountry })) {
      const { startsAt: start, endsAt: end } = m;
      if (inside(urls, start, end)) continue;
      const raw = text.slice(start, end);
      // A bare run of digits without + or a trunk 0 / area-code grouping is more often an id than a phone number.
      if (/^\d+$/.test(raw) && !/^0/.test(raw) && raw.length !== 9) continue;
      // Dates, version strings and masked numbers sometimes parse as numbers.
      if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(raw) || /^\d{1,3}(?:\.\d{1,4}){2,}$/.test(raw)) continue;
      const before = text.slice(Math.max(0, start - 2), start);
      const after = text.slice(end, end + 2);
      if (/(?:\d[.,]?|\*)\s?$|[A-Za-z]$/.test(before) || /^[.\-/]?\d|^\.\w/.test(after)) continue;
      const key = `${start}:${end}`;
      if (![...found.values()].some((f) => start < f.end && end > f.start)) found.set(key, { reason: 'phone', start, end });
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

function compile(source: string): RegExp | null {
  try {
    return new RegExp(source, 'giu');
  } catch {
    return null; // a broken team pattern must not break detection
  }
}
const compiled = new Map<string, RegExp | null>();

export function findOrderNumbers(text: string, patterns: string[] = DEFAULT_ORDER_PATTERNS): Finding[] {
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
      if (m[0].length === 0 || inside(urls, start, end)) continue;
      if (!out.some((f) => start < f.end && end > f.start)) out.push({ reason: 'order', start, end });
    }
  }
  return out;
}

// Street addresses: a house number next to a street word, in English, Spanish and German, plus a postcode / city.
const EN_STREET = '(?:Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Boulevard|Blvd\\.?|Court|Ct\\.?|Place|Pl\\.?|Terrace|Close|Crescent|Way|Square|Sq\\.?|Parkway|Highway|Hwy)';
const CAP = "[A-Z][a-z'’-]+";
const ES_STREET = '(?:Calle|C\\/|Avenida|Avda\\.?|Av\\.|Plaza|Pza\\.?|Paseo|Pº|Camino|Carrer|Ronda|Travesía|Glorieta|Carretera|Ctra\\.?)';
const ES_NAME = "(?:(?:de|del|la|las|los|el|y)\\s+)*[A-ZÁÉÍÓÚÑ][\\wáéíóúñü'’.-]*(?:\\s+(?:(?:de|del|la|las|los|el|y)\\s+)*[A-ZÁÉÍÓÚÑ][\\wáéíóúñü'’.-]*){0,4}";
const DE_SUFFIX = '(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad)';
const DE_NAME = `(?:[A-ZÄÖÜ][a-zäöüß-]*${DE_SUFFIX}|(?:Am|An der|Auf der|Im|In der|Zum|Zur)\\s+[A-ZÄÖÜ][a-zäöüß]+)`;
const HOUSE = '\\d{1,5}[a-zA-Z]?(?:[-/]\\d{1,4}[a-zA-Z]?)?';
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}';
const ADDRESS_PATTERNS = [
  // 221 Baker Street, London NW1 6XE / 42 Maple Avenue, Springfield IL 62704
  new RegExp(`\\b${HOUSE}\\s+(?:${CAP}\\s+){1,3}${EN_STREET}(?![\\w])(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b)?(?:,\\s*${CAP}(?:\\s${CAP})?(?:,?\\s+(?:[A-Z]{2}\\s+\\d{5}|${UK_POSTCODE}))?|,?\\s+${UK_POSTCODE})?`, 'g'),
  // Calle Mayor 15, 28013 Madrid / Avenida de la Constitución 22
  new RegExp(`(?<![\\wÁÉÍÓÚáéíóúñ])${ES_STREET}\\s+${ES_NAME},?\\s+(?:n[º°o]\\.?\\s*)?${HOUSE}(?![\\d.,:]\\d)(?:,?\\s+\\d{5}\\s+[A-ZÁÉÍÓÚ][\\wáéíóúñ-]+)?`, 'gu'),
  // Hauptstraße 12, 10115 Berlin / Am Markt 5
  new RegExp(`(?<![\\wÄÖÜäöüß])${DE_NAME}\\s+${HOUSE}(?![\\d.,:]\\d)(?:,?\\s+\\d{5}\\s+[A-ZÄÖÜ][\\wäöüß-]+)?`, 'gu'),
];

export function findAddresses(text: string): Finding[] {
  const urls = urlSpans(text);
  const out: Finding[] = [];
  for (const re of ADDRESS_PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (inside(urls, start, end)) continue;
      if (!out.some((f) => start < f.end && end > f.start)) out.push({ reason: 'address', start, end });
    }
  }
  return out;
}
