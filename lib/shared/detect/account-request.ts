import type { Finding } from './types';

// Requests only the account holder can make and only a private channel can serve: refunds, cancellations, double
// charges, access to the account. Phrases in English, Spanish and German; matched on word boundaries.
const PHRASES: string[] = [
  // en
  'my account', 'my acc', 'refund(?:ed|s)?', 'money back', 'cancel(?:l?ed)? my (?:order|booking|subscription|account|plan|membership|flight|reservation)',
  'close my account', 'charged (?:me )?twice', 'double[- ]charged', 'charged (?:me )?two times', 'overcharged', 'billed (?:me )?twice',
  'reset my password', "can(?:'|’)?t log ?in", 'cannot log ?in', 'locked out', 'my (?:order|booking|reservation|subscription|bill|invoice|payment|card|plan)',
  'billing details', 'where is (?:my|the|order|account|reservation|booking)', 'why did my order', 'change (?:the )?(?:delivery )?address on',
  'change (?:my |the )?(?:order|booking|reservation)', 'update on (?:my )?(?:order|booking|reservation|refund|case|account)',
  '(?:charged|billed|cobrado|cobrasteis|abgebucht|belastet)\\b[^.!?]{0,40}?(?:twice|two times|dos veces|zweimal|doppelt)',
  // es
  'mi cuenta', 'reembolso', 'devolución del dinero', 'devolvéis el dinero', 'devuelvan? el dinero', 'cancelar mi (?:pedido|reserva|suscripción|cuenta)',
  'cobrado dos veces', 'cobrado de más', 'cargo duplicado', 'doble cargo', 'dar de baja', 'dad de baja', 'de baja mi', 'mi (?:pedido|reserva|suscripción|factura|tarjeta)',
  'qué pasa con mi', 'dónde está mi', 'cambiar (?:mi|el|la) (?:pedido|reserva|dirección)', 'datos de envío',
  'acceder a mi cuenta', 'entrar en mi cuenta', 'bloque(?:ado|aron) mi cuenta',
  // de
  'mein(?:e[mn]?)? (?:konto|kundenkonto|bestellung|buchung|abo|vertrag|rechnung|karte)', 'meine[mnr]? (?:bestellung|buchung|vertrag)', 'rückerstattung', 'erstattung',
  'geld zurück', 'doppelt abgebucht', 'zweimal (?:abgebucht|belastet)', 'stornieren', 'kündigen', 'kündigung', 'konto (?:ist )?gesperrt', 'wo bleibt (?:die lieferung|meine|mein)',
];
const ACCOUNT_REQUEST = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PHRASES.join('|')})(?![\\p{L}])`, 'giu');

export function findAccountRequests(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(ACCOUNT_REQUEST)) out.push({ reason: 'account-request', start: m.index!, end: m.index! + m[0].length });
  return out;
}
