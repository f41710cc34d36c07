import afinn from 'sentiment/languages/en/labels.json';
import type { Finding } from './types';

// Strong negative sentiment: AFINN-165 (the word list of the `sentiment` package) for English, small hand-made
// AFINN-style lists for Spanish and German (the package has none), a customer-care supplement, and negation
// ("not happy", "nicht zufrieden", "no estoy contento") that flips a word's score within three tokens.

/** Care-specific corrections to AFINN: "your support is a joke" is not praise. */
const EN_EXTRA: Record<string, number> = {
  joke: -2,
  garbage: -3,
  useless: -3,
  scam: -3,
  rubbish: -3,
  shambles: -3,
  clowns: -2,
  incompetent: -3,
  ridiculous: -3,
  unacceptable: -3,
  disgrace: -3,
  shocking: -3,
  appalling: -3,
  pathetic: -3,
  furious: -4,
  outraged: -4,
  fuming: -4,
  livid: -4,
  worst: -4,
  hate: -4,
  support: 0,
  clueless: -3,
  disgraceful: -3,
  never: 0,
  cares: 0,
  care: 0,
  like: 0,
  please: 0,
  help: 0,
  fed: -1,
  ignore: -1,
  ignored: -2,
  ignoring: -2,
  rude: -3,
  stole: -3,
  // Words that describe the trouble, not the customer's temper (real care posts, data/dm-labels train part): "I lost my
  // phone", "a problem with my account", "reporting a fraud site" are not anger.
  problem: 0,
  problems: 0,
  issue: 0,
  issues: 0,
  lost: 0,
  lose: 0,
  losing: 0,
  error: 0,
  errors: 0,
  bug: 0,
  bugs: 0,
  crash: 0,
  crashes: 0,
  crashing: 0,
  crashed: 0,
  stuck: 0,
  fraud: 0,
  scammers: 0,
  phishing: 0,
  missing: 0,
  trouble: 0,
  stop: 0,
  fail: 0,
  failed: 0,
  failing: 0,
  broken: 0,
  wrong: 0,
  sorry: 0,
  worried: 0,
  scared: 0,
  urgent: 0,
  died: 0,
  dead: 0,
  killed: 0,
  cancer: 0,
  hacked: 0,
  delayed: 0,
  delay: 0,
  suspended: 0,
  banned: 0,
  blocked: 0,
  risk: 0,
  spam: 0,
  offensive: 0,
  violation: 0,
  desperate: 0,
  sad: 0,
  poor: 0,
  denied: 0,
  rejected: 0,
  no: 0,
  lazy: -2,
  tired: -1,
  annoying: -1,
  frustrating: -1,
  frustrated: -1,
  disappointed: -2,
  dumb: -2,
  damn: -3,
  tf: -3,
  bs: -3,
  crap: -3,
  shit: -4,
  bullshit: -4,
  morons: -4,
  moron: -4,
  idiots: -4,
  crooks: -4,
  crook: -3,
  scum: -4,
  sucks: -3,
  ludicrous: -3,
  horrible: -3,
  awful: -3,
  terrible: -3,
  worse: -2,
};

/**
 * Shouting in capitals ("FIX THIS NOW", "WHY ARE YOU THE WORST"): three capitalised words of 3+ letters, or two in a
 * row. Acronyms and product names are not shouting.
 */
export const NOT_SHOUTING =
  /^(?:USA|USB|GTA|PS[345]|RDR|RDO|TV|APP|FAQ|CEO|PIN|OTP|SMS|ATM|DNS|URL|PDF|LG|HBO|ESPN|WWE|NBC|CNN|BBC|COVID|UK|US|EU|ID|IOS|CPU|GPU|RAM|AMD|OBS|MP[34]|HD|UHD|SSO|PSN|DLC|RP|XP|EP|LR|CC|AE|PS|AI|IP|AT|ATT|MSM|TYTV|NFL|NBA|PC|MAC|CMA|SBA|PPE|DR|CT|MDW|ETA|DM|DMS|ASAP|LOL|OMG|YES|OANN|PT|ET|PST|EST|AM|PM)$/;
function shoutWords(text: string): number {
  let n = 0;
  let run = 0;
  let longestRun = 0;
  let lastEnd = -10;
  for (const m of text.matchAll(/\b[A-Z]{3,40}\b/g)) {
    if (NOT_SHOUTING.test(m[0])) continue;
    n++;
    const gap = text.slice(lastEnd, m.index);
    run = lastEnd >= 0 && /^[\s.,!?]{1,3}$/.test(gap) ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
    lastEnd = m.index + m[0].length;
  }
  return n >= 3 || longestRun >= 2 ? n : 0;
}

/** Spanish: stems (prefix matches) with AFINN-like scores. */
const ES: Record<string, number> = {
  pésim: -4,
  pesim: -4,
  horribl: -3,
  terribl: -3,
  fatal: -3,
  vergüenza: -3,
  verguenza: -3,
  vergonzos: -3,
  indignant: -3,
  indignad: -3,
  harto: -3,
  harta: -3,
  inútil: -3,
  inutil: -3,
  estafa: -4,
  estafador: -4,
  timad: -4,
  timo: -3,
  basura: -3,
  asco: -4,
  asqueros: -4,
  lamentabl: -3,
  desastr: -3,
  decepcion: -2,
  enfadad: -3,
  cabread: -3,
  furios: -4,
  mal: -2,
  malísim: -4,
  peor: -3,
  odio: -4,
  ridícul: -3,
  ridicul: -3,
  penos: -3,
  nefast: -4,
  impresentabl: -3,
  inaceptabl: -3,
  incompetent: -3,
  roto: -1,
  rota: -1,
  tarde: 0,
  contento: 2,
  contenta: 2,
  satisfech: 2,
  genial: 3,
  gracias: 2,
  encant: 3,
  bien: 2,
  perfect: 3,
  excelent: 3,
  buen: 2,
  feliz: 3,
  rápid: 1,
  lent: -1,
  frustrad: -2,
  frustrant: -2,
  molest: -2,
  hart: -3,
};
/** German: stems (prefix matches). */
const DE: Record<string, number> = {
  schlecht: -3,
  schlechtest: -4,
  frechheit: -4,
  unverschämt: -4,
  katastroph: -4,
  wütend: -4,
  sauer: -3,
  enttäusch: -2,
  ärgerlich: -3,
  betrug: -4,
  betrüger: -4,
  geklaut: -3,
  abzocke: -4,
  miserabel: -4,
  miserabl: -4,
  inkompetent: -3,
  lächerlich: -3,
  furchtbar: -3,
  schrecklich: -3,
  schrott: -3,
  mist: -3,
  unfassbar: -2,
  unzufrieden: -3,
  skandal: -4,
  zumutung: -4,
  peinlich: -3,
  nervig: -2,
  genervt: -2,
  ärger: -2,
  hasse: -4,
  grottig: -4,
  mies: -3,
  unmöglich: -2,
  kaputt: -1,
  'nie wieder': -3,
  zufrieden: 2,
  super: 3,
  danke: 2,
  toll: 3,
  gut: 2,
  perfekt: 3,
  klasse: 3,
  prima: 3,
  freundlich: 2,
  schnell: 1,
  geklappt: 2,
};
export const NEGATORS = new Set([
  'not',
  'no',
  'never',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "isn't",
  'isnt',
  "wasn't",
  'wasnt',
  "aren't",
  "won't",
  'wont',
  "can't",
  'cant',
  'cannot',
  "didn't",
  'didnt',
  'hardly',
  "ain't",
  "i'm not",
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keiner',
  'nie',
  'niemals',
  'nein',
  'nada',
  'nunca',
  'tampoco',
  'ni',
  'jamás',
]);
const NEGATABLE_ADVERBS = new Set([
  'very',
  'so',
  'at',
  'all',
  'really',
  'too',
  'that',
  'sehr',
  'so',
  'besonders',
  'ganz',
  'muy',
  'tan',
  'nada',
  'estoy',
  'es',
  'ist',
  'bin',
  'i',
  'am',
  'was',
  'is',
  'estamos',
  'sind',
  'were',
]);

const lexEn = afinn as Record<string, number>;

/** English AFINN words that are everyday Spanish / German words ("die", "war", "hell", "con"…): skipped in ES/DE text. */
const FALSE_FRIENDS = new Set([
  'die',
  'war',
  'hell',
  'bad',
  'gift',
  'arm',
  'fast',
  'also',
  'kind',
  'rat',
  'con',
  'sin',
  'pan',
  'mist',
  'fatal',
  'real',
  'dead',
  'top',
]);
const STOPWORDS = {
  de: new Set([
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'ich',
    'war',
    'mit',
    'ein',
    'eine',
    'seit',
    'bitte',
    'wir',
    'sie',
    'mein',
    'meine',
    'auf',
    'für',
    'zu',
  ]),
  es: new Set(['el', 'la', 'los', 'las', 'de', 'que', 'y', 'en', 'por', 'con', 'es', 'mi', 'no', 'un', 'una', 'para', 'sois', 'me', 'os']),
};
function guessNonEnglish(words: string[]): boolean {
  let de = 0;
  let es = 0;
  for (const w of words) {
    if (STOPWORDS.de.has(w)) de++;
    if (STOPWORDS.es.has(w)) es++;
  }
  return de >= 2 || es >= 2 || words.some((w) => /[äöüßñ¿¡]/.test(w));
}

export function scoreWord(word: string, nonEnglish: boolean): number {
  if (Object.hasOwn(EN_EXTRA, word)) return EN_EXTRA[word];
  if (Object.hasOwn(lexEn, word) && !(nonEnglish && FALSE_FRIENDS.has(word))) return lexEn[word];
  for (const lex of [ES, DE]) {
    for (let len = Math.min(word.length, 14); len >= 3; len--) {
      const stem = word.slice(0, len);
      if (Object.hasOwn(lex, stem)) return lex[stem];
    }
  }
  return 0;
}

export interface SentimentScore {
  score: number;
  negatives: Array<{ start: number; end: number; score: number }>;
}

export function scoreSentiment(text: string): SentimentScore {
  const tokens = [...text.toLowerCase().matchAll(/[\p{L}]+(?:['’][\p{L}]+)?/gu)].map((m) => ({
    word: m[0].replace('’', "'"),
    start: m.index!,
    end: m.index! + m[0].length,
  }));
  let score = 0;
  const negatives: SentimentScore['negatives'] = [];
  const shouted = shoutWords(text);
  if (shouted > 0) {
    score -= 4;
    negatives.push({ start: 0, end: 0, score: -4 });
  }
  const nonEnglish = guessNonEnglish(tokens.map((t) => t.word));
  tokens.forEach((t, i) => {
    let s = scoreWord(t.word, nonEnglish);
    if (!s) return;
    // Negation: a negator up to three tokens back, through intensifiers and copulas ("not at all happy", "no estoy nada contento").
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      const w = tokens[j].word;
      if (NEGATORS.has(w)) {
        s = s > 0 ? -s : Math.ceil(-s / 2); // "not happy" is clearly negative; "not bad" is only mildly positive
        break;
      }
      if (!NEGATABLE_ADVERBS.has(w)) break;
    }
    score += s;
    if (s < 0) negatives.push({ start: t.start, end: t.end, score: s });
  });
  return { score, negatives };
}

/** Strong negative sentiment: a clearly negative total carried by at least two negative words, or one very strong. */
export function findSentiment(text: string, threshold = -5): Finding[] {
  const { score, negatives } = scoreSentiment(text);
  const strongest = Math.min(0, ...negatives.map((n) => n.score));
  // One very strong word is enough even next to polite or sarcastic ones ("shoutout to the worst …", "keep trying morons").
  const strong = score <= threshold || (score <= threshold + 1 && negatives.length >= 2) || strongest <= -4;
  if (!strong || negatives.length === 0) return [];
  return [{ reason: 'sentiment', start: negatives[0].start, end: negatives[negatives.length - 1].end }];
}
