import type { PackSnippet } from './pack-format';

/**
 * The starter pack shipped inside the extension: a fresh install can answer customers at once. It is trusted
 * because it is part of the signed-by-the-store package, so it carries no signature (and no key lives in the repo).
 * Supervisor packs add to it, or replace it (`replacesStarter: true`). Public replies that open a conversation
 * carry no signature so they work before the agent has set a name; closing ones sign with ^initials (asked for
 * when not set).
 */
export const STARTER_PACK_ID = 'carebar-starter';
export const STARTER_PACK_VERSION = '1.0.0';

export const STARTER_SNIPPETS: PackSnippet[] = [
  {
    id: 'acknowledge',
    title: 'Acknowledge and look into it',
    body: "Hi {{customer.firstName}}, thanks for reaching out and sorry for the trouble. I'm looking into this for you now and will update you shortly.",
    channels: ['x', 'facebook'],
    tags: ['acknowledge', 'first response'],
    locale: 'en',
  },
  {
    id: 'ask-to-dm',
    title: 'Ask to continue in DM',
    body: "Hi {{customer.firstName}}, we'd like to help with this. Could you send us a direct message with your account email so we can look into it privately? Please don't share personal details here.",
    channels: ['x', 'facebook'],
    tags: ['dm', 'private', 'account'],
    locale: 'en',
  },
  {
    id: 'ask-order-number',
    title: 'Ask for the order number (in DM)',
    body: 'Thanks {{customer.firstName}}. Could you share your order number with us here in DM? It starts with a # and is in your confirmation email. ^{{agent.initials}}',
    channels: ['dm'],
    tags: ['order', 'dm', 'details'],
    locale: 'en',
  },
  {
    id: 'order-update',
    title: 'Order update with number',
    body: "Hi {{customer.firstName}}, I've checked order {{prompt:Order number}}: {{prompt:Status update}}. Anything else I can do for you? ^{{agent.initials}}",
    channels: ['dm'],
    tags: ['order', 'status', 'update'],
    locale: 'en',
  },
  {
    id: 'follow-up',
    title: 'Follow-up: still working on it',
    body: "Hi {{customer.firstName}}, a quick update: we're still working on this and haven't forgotten you. We'll be back in touch as soon as we know more. ^{{agent.initials}}",
    channels: ['x', 'facebook', 'dm'],
    tags: ['follow-up', 'update', 'waiting'],
    locale: 'en',
  },
  {
    id: 'thank-you',
    title: 'Thank you for the kind words',
    body: "Thank you so much, {{customer.firstName}}! We're really glad to hear it and we'll pass your message on to the team. ^{{agent.initials}}",
    channels: ['x', 'facebook'],
    tags: ['thanks', 'praise', 'positive'],
    locale: 'en',
  },
  {
    id: 'feedback',
    title: 'Thanks for the feedback',
    body: "Thanks for the feedback, {{customer.firstName}}. I've shared it with the team that looks after this; it really helps us improve.",
    channels: ['x', 'facebook', 'dm'],
    tags: ['feedback', 'suggestion'],
    locale: 'en',
  },
  {
    id: 'close-the-loop',
    title: 'Close the loop: is it solved?',
    body: 'Hi {{customer.firstName}}, just checking in: is everything working as expected now? If anything is still not right, reply here and we will pick it up. ^{{agent.initials}}',
    channels: ['x', 'facebook', 'dm'],
    tags: ['close', 'resolved', 'check-in'],
    locale: 'en',
  },
  {
    id: 'apology-outage',
    title: 'Known issue: we are on it',
    body: "Hi {{customer.firstName}}, sorry about this. We're aware of the issue and our team is working on a fix right now. We'll post an update as soon as it's resolved.",
    channels: ['x', 'facebook'],
    tags: ['outage', 'incident', 'apology', 'known issue'],
    locale: 'en',
  },
  {
    id: 'resolved-goodbye',
    title: 'Resolved: glad we could help',
    body: "Glad we could sort this out, {{customer.firstName}}! Have a great day, and don't hesitate to reach out if you need anything else. ^{{agent.initials}}",
    channels: ['x', 'facebook', 'dm'],
    tags: ['close', 'resolved', 'goodbye'],
    locale: 'en',
  },
  {
    id: 'es-acknowledge',
    title: 'Acuse de recibo (ES)',
    body: 'Hola {{customer.firstName}}, gracias por escribirnos y disculpa las molestias. Ya estoy revisando tu caso y te escribo en breve.',
    channels: ['x', 'facebook'],
    tags: ['acknowledge', 'spanish'],
    locale: 'es',
  },
  {
    id: 'es-ask-to-dm',
    title: 'Pedir mensaje directo (ES)',
    body: 'Hola {{customer.firstName}}, queremos ayudarte. ¿Nos envías un mensaje directo con el correo de tu cuenta? Por favor, no compartas datos personales aquí.',
    channels: ['x', 'facebook'],
    tags: ['dm', 'spanish'],
    locale: 'es',
  },
  {
    id: 'de-acknowledge',
    title: 'Eingangsbestätigung (DE)',
    body: 'Hallo {{customer.firstName}}, danke für deine Nachricht und entschuldige die Unannehmlichkeiten. Ich kümmere mich gleich darum und melde mich in Kürze.',
    channels: ['x', 'facebook'],
    tags: ['acknowledge', 'german'],
    locale: 'de',
  },
  {
    id: 'de-ask-to-dm',
    title: 'Bitte um Direktnachricht (DE)',
    body: 'Hallo {{customer.firstName}}, wir helfen dir gern weiter. Schick uns bitte eine Direktnachricht mit der E-Mail-Adresse deines Kontos. Bitte teile hier keine persönlichen Daten.',
    channels: ['x', 'facebook'],
    tags: ['dm', 'german'],
    locale: 'de',
  },
];
