/** The pages Carebar runs on (content scripts) and frames its customer card into. */
/** X Pro (pro.x.com, the multi-column client care teams monitor in) runs the X content script too. */
export const X_MATCHES = ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*', 'https://pro.x.com/*'];
export const FACEBOOK_MATCHES = ['https://www.facebook.com/*', 'https://web.facebook.com/*'];
export const SITE_MATCHES = [...X_MATCHES, ...FACEBOOK_MATCHES];
