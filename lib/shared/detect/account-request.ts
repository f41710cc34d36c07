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
  // en, from the real conversations (data/dm-labels, train part): access, purchases that did not arrive, billing,
  // the account's status. Bounded gaps only ([^.!?]{0,n}), so matching stays linear.
  "(?:can(?:'|’)?t|cannot|can not|unable to|not able to|couldn(?:'|’)?t|won(?:'|’)?t let me|not letting me|doesn(?:'|’)?t let me) (?:get in(?:to)?|log ?(?:in|on)(?:to)?|sign ?in(?:to)?|access|recover|get back in(?:to)?|login|get my account)",
  '(?:recover|regain|retrieve|get back|restore) (?:access to )?(?:my|an old|the|our|his|her) (?:old )?(?:\\w+ )?(?:account|email|e-mail|gmail|mail|channel)',
  'locked (?:me )?out', 'lock(?:ed)? me out',
  "(?:forgot|forgotten|forget|lost|don(?:'|’)?t (?:know|remember)|do not (?:know|remember)) (?:my |the |his |her )?(?:old )?(?:\\w+ )?(?:password|authenticator|2[- ]?step|two[- ]?(?:step|factor)|2fa|recovery)",
  'reset (?:my |the |his |her )?(?:\\w+ )?password', 'password (?:reset|change)', 'change (?:my |the )?(?:\\w+ )?password', 'changed (?:my |the )?password',
  '(?:hacked|compromised)', '(?:someone|somebody)\\b[^.!?]{0,20}(?:using|got into|signed into|logged into|log ?in|sign ?in|access)(?:\\w*) (?:in(?:to)? )?my',
  "remov(?:e|ing) (?:my |the )?(?:2|two)[- ]?(?:step|factor|fa)", "lost (?:my |the )?(?:2|two)[- ]?step", "(?:2|two)[- ]?step verification (?:code|device|method)", 'verification code',
  "(?:bought|purchased|paid for|ordered|redeemed|won|got)\\b[^.!?]{0,80}?(?:(?:did ?n(?:'|’)?t|didnt|never|haven(?:'|’)?t|havnt|hasn(?:'|’)?t|has not|have not|did not|still (?:haven(?:'|’)?t|didn(?:'|’)?t|don(?:'|’)?t|not)) (?:\\w+ )?(?:get|got|receive|received|arrive|arrived|appear|appeared|show|own|have|deliver|sen|sent|given)|(?:is|was|it(?:'|’)?s|now) (?:gone|missing|not there)|(?:cannot|can(?:'|’)?t) (?:get|find|use|download|play))",
  "never (?:got|received|arrived|came)", "(?:haven(?:'|’)?t|have not|didn(?:'|’)?t|did not|still not|not) (?:yet )?(?:received|got(?:ten)?) (?:my|the|it|any|a)", 'missing my',
  '(?:charg(?:ed|ing)|billed|billing) (?:me|my)', 'still charging', 'got billed', '(?:came out|taken|deducted|charged) twice', 'auto[- ]?renew', 'renew(?:ed)? (?:my|without)', '(?:non-?)?refundable',
  'my (?:credit|credits|voucher|funds|wallet|travel funds|ecredit)', '(?:buy|pay for) (?:it |the (?:game|download) )?again', 'rebuy',
  "(?:my|our|the) (?:\\w+ )?(?:account|acc|channel)\\b[^.!?]{0,40}?(?:suspended|terminated|terminate|banned|disabled|deactivated|deleted|locked|not (?:been )?verified|reset)",
  '(?:suspended|terminated|banned|deactivated|disabled) my (?:account|channel)',
  'my (?:email|e-mail|gmail|channel|flight|ticket|trip|purchase|purchases|license|licence|product key|money|realm|server|progress)',
  '(?:change|changing) (?:my |the )?(?:email|e-mail|username|user name|name|country|region)',
  '(?:help|assist(?:ance)?)\\b[^.!?]{0,20}?(?:my|an|the|our) (?:old )?account',
  "(?:try(?:ing)? to|when i|whenever i) (?:log|sign) ?in", '(?:help|problem|issue|trouble)s? with (?:my )?account', '(?:problem|issue|trouble)s? (?:on|with|at) (?:the )?checkout',
  '(?:key|code) (?:i )?(?:bought|purchased)', '(?:bought|purchased) (?:it |this |the \\w+ )?(?:online|from your)',
  // es
  'mi cuenta', 'reembolso', 'devolución del dinero', 'devolvéis el dinero', 'devuelvan? el dinero', 'cancelar mi (?:pedido|reserva|suscripción|cuenta)',
  'cobrado dos veces', 'cobrado de más', 'cargo duplicado', 'doble cargo', 'dar de baja', 'dad de baja', 'de baja mi', 'mi (?:pedido|reserva|suscripción|factura|tarjeta)',
  'qué pasa con mi', 'dónde está mi', 'cambiar (?:mi|el|la) (?:pedido|reserva|dirección)', 'datos de envío',
  'acceder a mi cuenta', 'entrar en mi cuenta', 'bloque(?:ado|aron) mi cuenta',
  // de
  'mein(?:e[mn]?)? (?:konto|kundenkonto|bestellung|buchung|abo|vertrag|rechnung|karte)', 'meine[mnr]? (?:bestellung|buchung|vertrag)', 'rückerstattung', 'erstattung',
  'geld zurück', 'doppelt abgebucht', 'zweimal (?:abgebucht|belastet)', 'stornieren', 'kündigen', 'kündigung', 'konto (?:ist )?gesperrt', 'wo bleibt (?:die lieferung|meine|mein)',
];
export const ACCOUNT_REQUEST = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PHRASES.join('|')})(?![\\p{L}])`, 'giu');

export function findAccountRequests(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(ACCOUNT_REQUEST)) out.push({ reason: 'account-request', start: m.index!, end: m.index! + m[0].length });
  return out;
}
