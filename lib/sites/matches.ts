/** The pages Carebar runs on (content scripts) and frames its customer card into. */
export const SITE_MATCHES = [
  'https://x.com/*',
  'https://twitter.com/*',
  'https://mobile.x.com/*',
  'https://www.facebook.com/*',
  'https://web.facebook.com/*',
];
