import { describe, expect, it } from 'vitest';
import { recordThreadReply, type QualityDB } from '../../lib/background/db/quality';
import { recordSeen } from '../../lib/background/db/items';
import { writeSettings } from '../../lib/background/db/settings';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { replyWords, sameReply } from '../../lib/shared/qa/reply-text';
import { freshFactory, openDb, post } from './helpers/db';
import { RUNTIME_ID, serverContext } from './helpers/server';

// Issue 17.1: "the brand's reply appearing in the thread" is an interaction to review, once per reply.

const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function setup() {
  const db = openDb(freshFactory()) as QualityDB;
  const ctx = serverContext(db);
  const send = (type: string, payload: unknown) => handleRequest({ carebar: 1, type, payload }, contentScript, ctx);
  await writeSettings(db, { agentName: 'Ana', agentInitials: 'AN' });
  await recordSeen(db, [post({ postId: '31', postedAt: minutesAgo(50), text: 'my blender is broken @AcmeSupport' })]);
  const seenReply = (replyKey: string, text: string, at: string | null, by: string | null = 'AcmeSupport') =>
    send('items.brandReplied', { key: 'x:31', source: 'thread', replyKey, by, at, text });
  return { db, send, seenReply };
}

describe('reply text: composer vs thread', () => {
  it.each([
    ['Hi Sam, a replacement ships today ^AN', '@AcmeCustomer Hi Sam, a replacement ships today ^AN', true],
    ['Track it here https://acme.example/track/48213 ^AN', '@sam_k @AcmeSupport Track it here acme.example/track/4821… ^AN', true],
    ['So sorry Jane, we are on it ^AN', 'Jane Doe So sorry Jane, we are on it ^AN', true], // Facebook names the person answered
    ['Thanks!', 'Thanks for waiting!', false],
    ['', '@AcmeCustomer', false],
  ])('%j is %j: %s', (typed, shown, same) => expect(sameReply(typed, shown)).toBe(same));
  it('words without handles, links and spacing', () => {
    expect(replyWords('  @a @b_c Hello   THERE\nhttps://t.co/xyz ok')).toBe('hello there ok');
  });
});

describe('a brand reply seen in the thread', () => {
  it('becomes one interaction (per reply key), timed by the reply, agent unknown, the brand account kept; the item is replied', async () => {
    const { db, seenReply } = await setup();
    const at = minutesAgo(45);
    const first = await seenReply('x:32', '@jane Hi Jane, so sorry. A new one ships today ^AN', at);
    expect(first).toMatchObject({ ok: true, data: { item: { key: 'x:31', state: 'replied', firstResponseAt: at } } });
    const rows = await db.interactions.toArray();
    expect(rows).toEqual([
      expect.objectContaining({
        itemKey: 'x:31',
        source: 'thread',
        agent: null,
        replyBy: 'AcmeSupport',
        replyKey: 'x:32',
        repliedAt: at,
        replyText: '@jane Hi Jane, so sorry. A new one ships today ^AN',
        customerText: 'my blender is broken @AcmeSupport',
      }),
    ]);
    // 5 minutes after the post: within X's SLA, so the pre-check says yes.
    expect(rows[0].preChecks['response-time']?.answer).toBe('yes');
    // Seen again (another visit, another tab): still one.
    expect(await seenReply('x:32', '@jane Hi Jane, so sorry. A new one ships today ^AN', at)).toMatchObject({
      ok: true,
      data: { item: null },
    });
    expect(await db.interactions.count()).toBe(1);
    // A second brand reply on the already answered item is its own interaction.
    await seenReply('x:33', '@jane Tracking: 1Z999 ^AN', minutesAgo(5));
    expect((await db.interactions.toArray()).map((r) => r.replyKey).sort()).toEqual(['x:32', 'x:33']);
  });

  it("is the agent's own composer reply: one interaction, the agent's, now with the reply's key", async () => {
    const { db, send, seenReply } = await setup();
    const typed = 'Hi Jane, track it here https://acme.example/track/48213 ^AN';
    const sent = await send('qa.interaction', { key: 'x:31', replyText: typed, customerText: null, source: 'composer' });
    expect(sent).toMatchObject({ ok: true, data: { interaction: { agent: 'Ana', source: 'composer' } } });
    await seenReply('x:34', '@jane Hi Jane, track it here acme.example/track/4821… ^AN', new Date().toISOString());
    const rows = await db.interactions.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agent: 'Ana', source: 'composer', replyKey: 'x:34', replyText: typed });
  });

  it('seen in the thread before the composer reported it: the composer makes it the agent’s', async () => {
    const { db, send, seenReply } = await setup();
    await seenReply('x:35', '@jane Hi Jane, on it now ^AN', new Date().toISOString());
    await send('qa.interaction', { key: 'x:31', replyText: 'Hi Jane, on it now ^AN', customerText: null, source: 'composer' });
    const rows = await db.interactions.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agent: 'Ana', source: 'thread', replyKey: 'x:35' });
  });

  it('a reply time before the post or in the future is not believed; an unknown item or an empty text keeps nothing', async () => {
    const { db, seenReply } = await setup();
    const before = Date.now();
    await recordThreadReply(db, { key: 'x:31', replyKey: 'x:36', replyText: 'Hello ^AN', by: 'AcmeSupport', at: minutesAgo(600) });
    const [row] = await db.interactions.toArray();
    expect(Date.parse(row.repliedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await recordThreadReply(db, { key: 'x:99', replyKey: 'x:37', replyText: 'Hello', by: null, at: null })).toBeNull();
    expect(await seenReply('x:38', '', null)).toMatchObject({ ok: true });
    expect(await db.interactions.count()).toBe(1);
  });
});
