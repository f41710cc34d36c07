// No imports: the settings schema (lib/shared/messaging/protocol.ts) uses these defaults, and it must stay light.

// Order / account / booking numbers: a keyword, then (within a few words) an id with at least 5 digits.
const ORDER_WORDS = [
  'order(?:\\s+(?:number|no\\.?|nr\\.?|id))?',
  'booking(?:\\s+(?:ref(?:erence)?|number|no\\.?))?',
  'reservation',
  'confirmation(?:\\s+number)?',
  'account(?:\\s+(?:number|no\\.?))?',
  'ref(?:erence)?(?:\\s+(?:number|no\\.?))?',
  'case(?:\\s+number)?',
  'ticket(?:\\s+number)?',
  'invoice(?:\\s+number)?',
  '(?:número\\s+de\\s+)?pedido(?:\\s+n[º°o]\\.?)?',
  'reserva',
  'localizador(?:\\s+de\\s+la\\s+reserva)?',
  'referencia',
  '(?:número\\s+de\\s+)?cuenta',
  'factura',
  'n[º°]\\s+de\\s+cliente',
  'bestellung',
  'bestellnummer',
  'auftrag(?:snummer)?',
  'buchung(?:snummer)?',
  'kundennummer',
  'kunden-?nr\\.?',
  'vorgangsnummer',
  'rechnungsnummer',
  'vertragsnummer',
  'konto(?:nummer)?',
];
const ID = '(#?\\s?(?:[A-Z]{1,4}-?)?\\d[\\d-]{3,18}\\d|[A-Z]{2,5}\\d{6,12})';
export const DEFAULT_ORDER_PATTERNS: string[] = [
  `\\b(?:${ORDER_WORDS.join('|')})(?:\\s+(?:is|es|ist|lautet|de\\s+la\\s+reserva|es\\s+el))?[\\s:#.]{0,4}${ID}(?![\\w-]|[.,]\\d)`,
];
