// Team server addresses: `wss://` anywhere; plain `ws://` only to this machine (localhost, 127.0.0.1, ::1), where no
// network sees the password. Anything else is refused before a connection is attempted.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkServerUrl(input: string): UrlCheck {
  const text = input.trim();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, reason: `not a URL: ${text}` };
  }
  if (u.protocol !== 'wss:' && u.protocol !== 'ws:') return { ok: false, reason: `${text}: use wss:// (or ws:// to localhost)` };
  if (u.protocol === 'ws:' && !LOOPBACK.has(u.hostname))
    return { ok: false, reason: `${text}: plain ws:// is allowed only to localhost; use wss://` };
  if (u.username || u.password) return { ok: false, reason: `${text}: put the user and password in their own fields` };
  if (u.search || u.hash) return { ok: false, reason: `${text}: no query or fragment` };
  return { ok: true, url: `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}` };
}

/** Several URLs (one per line or comma separated, e.g. the nodes of a cluster): all valid, or the first problem. */
export function checkServerUrls(input: string): { ok: true; urls: string[] } | { ok: false; reason: string } {
  const parts = input.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, reason: 'no server URL' };
  const urls: string[] = [];
  for (const p of parts) {
    const r = checkServerUrl(p);
    if (!r.ok) return r;
    urls.push(r.url);
  }
  return { ok: true, urls };
}
