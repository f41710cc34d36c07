// Counts as the sites write them, in any UI language: "8784", "8,784" / "8.784" / "8 784" (grouped thousands), "1.2K",
// "1,2 Tsd.", "3,4 Mio.", "1,2 mil" (es/pt), "12 tys." (pl), "1,2 тыс." (ru), "1.2万" (ja/zh), "1.2만" (ko), and in
// Arabic-Indic digits ("١٫٢ ألف"). The short forms come from one small table; the decimal and group separators from
// the page's language (Intl) when it is known, else from the shape of the number.

/** Multiplier per short form, lower-cased, without a trailing dot. Turkish "B" (bin = thousand) is handled apart. */
const SUFFIX: Record<string, number> = {
  k: 1e3,
  tsd: 1e3,
  mil: 1e3,
  tys: 1e3,
  тыс: 1e3,
  тис: 1e3,
  rb: 1e3,
  ribu: 1e3,
  bin: 1e3,
  ألف: 1e3,
  'א׳': 1e3,
  천: 1e3,
  万: 1e4,
  萬: 1e4,
  만: 1e4,
  m: 1e6,
  mio: 1e6,
  mn: 1e6,
  mln: 1e6,
  mi: 1e6,
  млн: 1e6,
  jt: 1e6,
  juta: 1e6,
  milj: 1e6,
  مليون: 1e6,
  億: 1e8,
  亿: 1e8,
  억: 1e8,
  b: 1e9,
  bn: 1e9,
  mrd: 1e9,
  md: 1e9,
  mld: 1e9,
  bi: 1e9,
  млрд: 1e9,
};

/** Any script's decimal digits → 0-9 (Arabic-Indic, Persian, Devanagari, Bengali, Thai, full-width…). */
function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0)!;
    // Unicode keeps every script's digits 0–9 in one run of ten: find its zero.
    for (let zero = cp; zero > cp - 10; zero--) if (!/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) return String((cp - zero) % 10);
    return d;
  });
}

const separatorCache = new Map<string, { decimal: string; group: string } | null>();
/** The language's decimal and group separators, per Intl (null when the language is unknown). */
function separators(lang: string | null | undefined): { decimal: string; group: string } | null {
  if (!lang) return null;
  let found = separatorCache.get(lang);
  if (found === undefined) {
    try {
      const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
      found = {
        decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
        group: parts.find((p) => p.type === 'group')?.value ?? ',',
      };
    } catch {
      found = null;
    }
    separatorCache.set(lang, found);
  }
  return found;
}

const SEPARATORS = /[.,\u00a0\u202f\u2009 '’٫٬]/u;
const EVERY_SEPARATOR = new RegExp(SEPARATORS.source, 'gu');
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NUMBER = /^(\d+(?:[.,\u00a0\u202f\u2009 '’٫٬]\d+)*)\s*(.*)$/u;

/**
 * A count written as the page shows it → a whole number; null when the text is not a count. `lang` is the page's
 * UI language (e.g. `<html lang>`), used for its separators and its short forms.
 */
export function parseCountText(raw: string, lang?: string | null): number | null {
  // Printable ASCII ("8,784", "1.2K") needs no Unicode work: normalizing and scanning for other scripts' digits cost
  // milliseconds on a page's first counts (#13).
  const text = (PRINTABLE_ASCII.test(raw) ? raw : asciiDigits(raw.normalize('NFKC'))).trim();
  const m = NUMBER.exec(text);
  if (!m) return null;
  const [, num, rest] = m;
  const word = rest.trim().replace(/\.$/, '').toLowerCase();
  const turkish = !!lang && /^tr\b/i.test(lang);
  const mult = !word ? 1 : turkish && word === 'b' ? 1e3 : SUFFIX[word];
  if (mult === undefined) return null;

  // Split the digits at separators; decide which separator (if any) is the decimal point.
  const groups = num.split(SEPARATORS);
  const seps = [...num.matchAll(EVERY_SEPARATOR)].map((s) => s[0]);
  const last = groups[groups.length - 1];
  let decimalAt = -1; // index in seps of the decimal separator
  if (seps.length > 0) {
    const lastSep = seps[seps.length - 1];
    // With a short form, a single separator is a decimal ("1.2K", "1,2 Tsd.") whatever the language.
    const shortFormDecimal = mult !== 1 && seps.length === 1;
    // Intl only when needed: a page's first NumberFormat costs milliseconds (its locale data is loaded then).
    const locale = shortFormDecimal ? null : separators(lang);
    const lastIsDecimal =
      shortFormDecimal ||
      // The language's own decimal separator, not followed by a group of three.
      (locale !== null && lastSep === locale.decimal && last.length !== 3 && lastSep !== locale.group) ||
      // Unknown language: "1.5" reads as a decimal, "8,784" as thousands.
      (locale === null && last.length !== 3 && new Set(seps).size === 1 && seps.length === 1);
    if (lastIsDecimal) decimalAt = seps.length - 1;
    // Everything else must be groups of three after the first.
    const whole = decimalAt >= 0 ? groups.slice(0, -1) : groups;
    if (whole.slice(1).some((g) => g.length !== 3)) return null;
  }
  const intPart = (decimalAt >= 0 ? groups.slice(0, -1) : groups).join('');
  const value = Number(decimalAt >= 0 ? `${intPart}.${last}` : intPart) * mult;
  return Number.isFinite(value) ? Math.round(value) : null;
}
