// A week of the demo team's past work, as a Carebar export file the demo imports: answered, moved-to-DM, escalated
// and ignored items with their history, so the reports page shows trends, agents by name and both kinds of reply.
// Deterministic for a given "now" (a seeded generator), realistic names, times relative to now.
import { createHash } from 'node:crypto';

export const DEMO_AGENTS = [
  { name: 'Jordan Blake', initials: 'JB', speed: 1 },
  { name: 'Priya Shah', initials: 'PS', speed: 0.7 },
  { name: 'Marcus Chen', initials: 'MC', speed: 1.6 },
];

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Ethan',
  'Zoe',
  'Mateo',
  'Chloe',
  'Arjun',
  'Hana',
  'Diego',
  'Leah',
  'Omar',
  'Nora',
  'Felix',
  'Ines',
  'Kofi',
  'Sara',
  'Tomás',
  'Yara',
  'Ben',
];
const LAST = [
  'Walsh',
  'Nguyen',
  'Garcia',
  'Kowalski',
  'Haddad',
  'Moreau',
  'Silva',
  'Okafor',
  'Berg',
  'Rossi',
  'Tanaka',
  'Murphy',
  'Fischer',
  'Costa',
  'Ahmed',
  'Lindqvist',
];
const ASKS = [
  'where is my order #{n}? Tracking has not moved since Tuesday',
  'I was charged twice for order #{n}, can you check?',
  'the replacement part still has not shipped, any news?',
  'how do I change the delivery address on #{n}?',
  'my discount code did not apply at checkout',
  'the app logs me out every time I open my orders',
  'is the blender jar dishwasher safe? Manual does not say',
  'thanks for sorting the refund so quickly!',
  'can I return an item bought in store online?',
  'the kettle lid cracked after a week. Warranty?',
  'order #{n} arrived with a missing piece',
  'do you deliver to Ireland?',
];

/** mulberry32: small, seeded, good enough for demo data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4-shaped id derived from a string (stable across runs for the same item and step). */
function uuidOf(text) {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const iso = (ms) => new Date(ms).toISOString();

/**
 * Items posted over the last `days` days (none in the last 2 hours: the live replica pages provide those), each with
 * the events that answered it. Returns a `carebar-export` document.
 */
export function demoHistory(nowMs = Date.now(), days = 7) {
  const rnd = random(20261130);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const items = [];
  const events = [];
  const start = nowMs - days * 86_400_000;
  let n = 0;
  for (let t = start; t < nowMs - 2 * 3_600_000;) {
    // Busier in the day: 20–50 min apart from 8:00 to 20:00, hours apart at night.
    const hour = new Date(t).getHours();
    t += (hour >= 8 && hour < 20 ? 20 + rnd() * 30 : 60 + rnd() * 120) * 60_000;
    if (t >= nowMs - 2 * 3_600_000) break;
    n++;
    const channel = rnd() < 0.68 ? 'x' : 'facebook';
    const first = pick(FIRST);
    const last = pick(LAST);
    const handle =
      channel === 'x'
        ? `${first}${last}`
            .toLowerCase()
            .replace(/[^a-z]/g, '')
            .slice(0, 12) + Math.floor(rnd() * 90 + 10)
        : `${first}.${last}`
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z.]/g, '');
    const postId =
      channel === 'x'
        ? String(2120000000000000000n + BigInt(n) * 7919n * 1000003n)
        : `${1180000000000000 + n * 7331}_${1190000000000000 + n * 9127}`;
    const key = `${channel}:${postId}`;
    const text = `${channel === 'x' ? '@AcmeSupport ' : ''}${pick(ASKS).replace('{n}', String(40000 + Math.floor(rnd() * 9999)))}`;
    const agent = pick(DEMO_AGENTS);
    // First response: most within the service level, a tail that misses it.
    const r = rnd();
    const frtMin =
      channel === 'x'
        ? r < 0.8
          ? 3 + rnd() * 22 * agent.speed
          : 30 + rnd() * 150
        : r < 0.85
          ? 10 + rnd() * 240 * agent.speed
          : 24 * 60 + rnd() * 600;
    const respondedAt = Math.min(t + frtMin * 60_000, nowMs - 60_000);
    const o = rnd();
    const outcome = /thanks/.test(text)
      ? 'ignored'
      : o < 0.62
        ? 'replied-seen'
        : o < 0.8
          ? 'replied-manual'
          : o < 0.93
            ? 'dm'
            : 'escalated';
    const item = {
      key,
      channel,
      postId,
      kind: channel === 'facebook' ? 'comment' : 'post',
      permalink:
        channel === 'x'
          ? `https://x.com/${handle}/status/${postId}`
          : `https://www.facebook.com/AcmeSupport/posts/${postId.split('_')[0]}?comment_id=${postId.split('_')[1]}`,
      authorHandle: handle,
      authorName: `${first} ${last}`,
      authorId: null,
      authorKey: `${channel}:${handle.toLowerCase()}`,
      excerpt: text,
      postedAt: iso(t),
      postedAtEstimated: false,
      firstSeenAt: iso(t + 60_000),
      lastSeenAt: iso(respondedAt),
      state: 'new',
      stateChangedAt: iso(t),
      agent: null,
      firstResponseAt: null,
      inReplyToKey: null,
    };
    const add = (from, to, at, who, note = null) => {
      events.push({ id: uuidOf(`${key}|${events.length}`), itemKey: key, from, to, at: iso(at), agent: who, note });
      item.state = to;
      item.stateChangedAt = iso(at);
      item.agent = who;
    };
    const claimAt = t + Math.min(frtMin * 0.4, 8) * 60_000;
    if (outcome !== 'ignored' && rnd() < 0.6) add('new', 'claimed', claimAt, agent.name);
    const from = item.state;
    if (outcome === 'replied-seen')
      add(
        from,
        'replied',
        respondedAt,
        rnd() < 0.5 ? agent.name : null,
        `Reply by AcmeSupport detected (${channel === 'x' ? `x:${BigInt(postId) + 17n}` : `facebook:${postId.split('_')[0]}_${1195000000000000 + n}`})`,
      );
    else if (outcome === 'replied-manual') add(from, 'replied', respondedAt, agent.name);
    else if (outcome === 'dm') add(from, 'dm', respondedAt, agent.name);
    else if (outcome === 'escalated') add(from, 'escalated', respondedAt, agent.name, 'Escalated: refund above agent limit → billing team');
    else add('new', 'ignored', t + (5 + rnd() * 20) * 60_000, agent.name);
    item.firstResponseAt = events.find((e) => e.itemKey === key && e.to !== 'claimed')?.at ?? null;
    // DMs and escalations are closed in a day or two (the queue shows only today's work); some replies too.
    const closeAt = Math.min(respondedAt + (1 + rnd() * 20) * 3_600_000, nowMs - 30_000);
    if ((item.state === 'dm' || item.state === 'escalated') && t < nowMs - 86_400_000) add(item.state, 'closed', closeAt, agent.name);
    else if (item.state === 'replied' && rnd() < 0.45) add(item.state, 'closed', closeAt, agent.name);
    items.push(item);
  }
  return { format: 'carebar-export', version: 1, exportedAt: iso(nowMs), items, events };
}
