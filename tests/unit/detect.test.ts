import { describe, expect, it } from 'vitest';
import { detectText, reasonsOf } from '../../lib/shared/detect/index';
import { findAddresses, findCards, findEmails, findOrderNumbers, findPhones, luhnValid } from '../../lib/shared/detect/personal';
import { findAccountRequests } from '../../lib/shared/detect/account-request';
import { findSentiment, scoreSentiment } from '../../lib/shared/detect/sentiment';
import { countExchanges, findLongThread } from '../../lib/shared/detect/thread';
import { guardProblems } from '../../lib/shared/detect/guard';
import { BUILT_IN_REPLIES, PRIVATE_REPLY_NOTE } from '../../lib/background/dm';
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { DEFAULT_DETECTION_SETTINGS } from '../../lib/shared/settings';
import { writeSettings } from '../../lib/background/db/settings';
import { freshFactory, openDb, post } from './helpers/db';

const spans = (text: string, found: { start: number; end: number }[]) => found.map((f) => text.slice(f.start, f.end));

describe('email', () => {
  it('finds addresses with their exact span, also at the end of a sentence', () => {
    const text = 'write to ana.garcia+pedidos@gmail.com or j_smith@mail.co.uk.';
    expect(spans(text, findEmails(text))).toEqual(['ana.garcia+pedidos@gmail.com', 'j_smith@mail.co.uk']);
  });
  it('ignores handles and things that only look like addresses', () => {
    expect(findEmails('@AcmeHelp help! me@ home, a@b, @user@')).toEqual([]);
  });
});

describe('phone', () => {
  it('reads UK, US, Spanish and German numbers in national and international form', () => {
    const text = 'UK 07911 123456, US (212) 736-5000, ES 612 34 56 78, DE 0151 23456789, intl +49 89 12345678';
    expect(spans(text, findPhones(text))).toEqual(['07911 123456', '(212) 736-5000', '612 34 56 78', '0151 23456789', '+49 89 12345678']);
  });
  it('leaves dates, times, versions, prices and tweet ids alone', () => {
    for (const text of [
      'on 2025-03-14 at 10:45',
      'v1.2.3.4567',
      '$1,299.99',
      'x.com/a/status/1790012345678901234',
      'build 12045',
      'IBAN DE** **** 1234 56',
    ]) {
      expect(findPhones(text), text).toEqual([]);
    }
  });
});

describe('card', () => {
  it('accepts Luhn-valid numbers of real issuers, grouped or not', () => {
    const text = 'visa 4111 1111 1111 1111, mc 5500-0000-0000-0004, amex 3782 822463 10005, plain 4012888888881881';
    expect(spans(text, findCards(text))).toEqual(['4111 1111 1111 1111', '5500-0000-0000-0004', '3782 822463 10005', '4012888888881881']);
  });
  it('rejects a wrong check digit, masked numbers, tweet ids and tracking numbers', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    for (const text of ['4111 1111 1111 1112', '****1234', 'XXXX-XXXX-XXXX-4821', 'tweet 1790012345678901234', '00340434161234567890']) {
      expect(findCards(text), text).toEqual([]);
    }
  });
});

describe('order numbers', () => {
  it('finds order, booking and account numbers after their words in English, Spanish and German', () => {
    const text = 'order #4471902, pedido nº 88410233 and Bestellung 20931847, booking ref KLM-448210';
    expect(spans(text, findOrderNumbers(text))).toEqual([
      'order #4471902',
      'pedido nº 88410233',
      'Bestellung 20931847',
      'booking ref KLM-448210',
    ]);
  });
  it('takes five-digit order numbers, with letters (X and Facebook replica posts)', () => {
    const text = 'my order #48213 arrived crushed; My order #A-10442 still hasn’t shipped';
    expect(spans(text, findOrderNumbers(text))).toEqual(['order #48213', 'order #A-10442']);
  });
  it('needs the word: bare numbers, prices and hashtags are not orders', () => {
    expect(findOrderNumbers('bought 3 for $1,299.99 #Sale2025 on 12/03/2025')).toEqual([]);
  });
  it('uses the team’s own patterns, and skips one that does not compile', () => {
    const text = 'ticket INC-0042913';
    expect(findOrderNumbers(text, ['(']).length).toBe(0);
    expect(spans(text, findOrderNumbers(text, ['\\bINC-\\d{7}\\b']))).toEqual(['INC-0042913']);
  });
});

describe('street addresses', () => {
  it('reads English, Spanish and German street addresses with the postcode', () => {
    const text = 'A: 221 Baker Street, London NW1 6XE. B: Calle Mayor 15, 28013 Madrid. C: Hauptstraße 12, 10115 Berlin.';
    expect(spans(text, findAddresses(text))).toEqual([
      '221 Baker Street, London NW1 6XE',
      'Calle Mayor 15, 28013 Madrid',
      'Hauptstraße 12, 10115 Berlin',
    ]);
  });
  it('does not take a street name without a number for an address', () => {
    expect(findAddresses('Is the Oxford Street store open? Die Straße war gesperrt.')).toEqual([]);
  });
});

describe('account requests, sentiment, long threads', () => {
  it('finds account-specific requests in three languages', () => {
    for (const text of ['I was charged twice', 'Quiero cancelar mi pedido', 'Mir wurde doppelt abgebucht', 'can you reset my password']) {
      expect(findAccountRequests(text).length, text).toBeGreaterThan(0);
    }
    expect(findAccountRequests('Love the new store layout')).toEqual([]);
  });
  it('handles negation: "not happy" is negative, "not bad" is not', () => {
    expect(scoreSentiment('I am not happy').score).toBeLessThan(0);
    expect(scoreSentiment('not bad at all').score).toBeGreaterThanOrEqual(0);
    expect(scoreSentiment('Ich bin nicht zufrieden').score).toBeLessThan(0);
    expect(scoreSentiment('No estoy contento').score).toBeLessThan(0);
  });
  it('flags only strong negative sentiment', () => {
    expect(findSentiment('Worst service ever, absolutely disgusting.')).toHaveLength(1);
    expect(findSentiment('Pésimo servicio, una vergüenza')).toHaveLength(1);
    expect(findSentiment('Katastrophe! Unverschämt!')).toHaveLength(1);
    expect(findSentiment('a bit slow today')).toEqual([]);
    expect(findSentiment('Die Straße war gesperrt')).toEqual([]); // German "die" / "war" are not English words
  });
  it('counts customer → brand exchanges', () => {
    expect(countExchanges('cbcbcb')).toBe(3);
    expect(countExchanges('ccbbcb')).toBe(2);
    expect(findLongThread('cbcbcb', 10)).toEqual([{ reason: 'long-thread', start: 0, end: 10 }]);
    expect(findLongThread('cbcb', 10)).toEqual([]);
  });
  it('reads a draft for personal data only', () => {
    const text = 'Refund sent to anna@example.org, sorry you were charged twice. Awful.';
    expect(reasonsOf(detectText(text, { role: 'draft' }))).toEqual(['email']);
    expect(reasonsOf(detectText(text, { role: 'post' }))).toEqual(['email', 'account-request', 'sentiment']);
  });
});

describe('reply guard verdict', () => {
  const context = {
    channel: 'x' as const,
    agentInitials: 'AB',
    requireInitials: true,
    genericPhrases: DEFAULT_DETECTION_SETTINGS.genericPhrases,
  };
  it('names every problem, and none for a good reply', () => {
    const good = 'Hi Jane, the courier has it now and it arrives Thursday. ^AB';
    expect(guardProblems(good, detectText(good, { role: 'draft' }), context)).toEqual([]);
    const bad = 'We’re sorry to hear about your experience. Card 4111 1111 1111 1111 refunded. ' + 'x'.repeat(220);
    expect(guardProblems(bad, detectText(bad, { role: 'draft' }), context).map((p) => p.kind)).toEqual([
      'personal-data',
      'too-long',
      'no-initials',
      'generic',
    ]);
  });
});

describe('message API: detect.text, dm.reply, dm.open, items.note', () => {
  const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
  const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
  const setup = () => {
    const db = openDb(freshFactory());
    const ctx: ServerContext = {
      db,
      runtimeId: RUNTIME_ID,
      extensionOrigin: `chrome-extension://${RUNTIME_ID}/`,
      version: '0',
      startedAt: '2026-11-27T00:00:00.000Z',
      broadcast: () => {},
    };
    // A content script speaks for its own site (issue 11, finding 7): Facebook requests come from a Facebook page.
    const facebookPage: SenderInfo = { id: RUNTIME_ID, url: 'https://www.facebook.com/', tab: { id: 4, url: 'https://www.facebook.com/' } };
    const send = (type: string, payload: unknown) =>
      handleRequest(
        { carebar: 1, type, payload },
        /"(channel":"|)facebook/.test(JSON.stringify(payload)) ? facebookPage : contentScript,
        ctx,
      );
    return { db, send };
  };

  it('detects in the background for a content script, and rejects a malformed thread', async () => {
    const { send } = setup();
    const reply = await send('detect.text', {
      text: 'mail me: a.b@gmail.com, order #4471902',
      role: 'post',
      channel: 'x',
      thread: 'cbcbcb',
    });
    expect(reply.ok).toBe(true);
    const data = (reply as { data: { findings: { reason: string }[] } }).data;
    expect(data.findings.map((f) => f.reason).sort()).toEqual(['email', 'long-thread', 'order']);
    expect((await send('detect.text', { text: 'x', role: 'post', channel: 'x', thread: '<script>' })).ok).toBe(false);
  });

  it('uses the team’s prompt threshold and own contacts from the settings (issue 15)', async () => {
    const { db, send } = setup();
    const howTo = { key: 'x:9', text: 'how do I change the language of the search results?', channel: 'x' };
    expect(await send('detect.posts', { posts: [howTo] })).toEqual({ ok: true, data: { reasons: { 'x:9': [] } } });
    const draft = { text: 'Ask for Jane on 07700 900123', role: 'draft', channel: 'x' };
    const stops = async () =>
      ((await send('detect.text', draft)) as { data: { problems: { kind: string }[] } }).data.problems.map((p) => p.kind);
    expect(await stops()).toEqual(['personal-data']);
    await writeSettings(db, { detection: { ...DEFAULT_DETECTION_SETTINGS, dmThreshold: 0, ownContacts: ['07700 900123'] } });
    const reasons = ((await send('detect.posts', { posts: [howTo] })) as { data: { reasons: Record<string, string[]> } }).data.reasons[
      'x:9'
    ];
    expect(reasons.length).toBeGreaterThan(0); // threshold 0: every post prompts, and says why
    expect(await stops()).toEqual([]);
  });

  it('answers a batch of posts in one message, by item key, and refuses a batch that is too large', async () => {
    const { send } = setup();
    const reply = await send('detect.posts', {
      posts: [
        { key: 'x:1', text: 'mail me: a.b@gmail.com, order #4471902', channel: 'x', thread: 'cbcbcb' },
        { key: 'x:2', text: 'Love the new app!', channel: 'x' },
      ],
    });
    expect(reply).toEqual({ ok: true, data: { reasons: { 'x:1': ['email', 'order', 'long-thread'], 'x:2': [] } } });
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ key: `x:${i + 1}`, text: 'hi', channel: 'x' }));
    expect((await send('detect.posts', { posts: tooMany })).ok).toBe(false);
  });

  it('offers the approved DM request (from the snippets) and opens X compose with the author id', async () => {
    const { db, send } = setup();
    await send('items.seen', { posts: [post({ postId: '1852311426666537322', authorId: '998877' })] });
    const reply = (await send('dm.reply', { key: 'x:1852311426666537322', kind: 'dm-request' })) as {
      ok: true;
      data: { text: string; source: string };
    };
    expect(reply.ok).toBe(true);
    expect(reply.data.text.length).toBeGreaterThan(10);
    const open = (await send('dm.open', { key: 'x:1852311426666537322' })) as { ok: true; data: { url: string; via: string } };
    const url = new URL(open.data.url);
    expect(open.data.via).toBe('x-compose');
    expect(url.origin + url.pathname).toBe('https://x.com/messages/compose');
    expect(url.searchParams.get('recipient_id')).toBe('998877');
    expect(url.searchParams.get('text')).toContain('https://x.com/jane/status/1852311426666537322');
    expect(await db.events.count()).toBe(0);
  });

  it('without the numeric id, sends the agent to the profile’s Message button', async () => {
    const { send } = setup();
    await send('items.seen', { posts: [post({ postId: '5' })] });
    const open = (await send('dm.open', { key: 'x:5' })) as { ok: true; data: { url: string; via: string } };
    expect(open.data).toMatchObject({ url: 'https://x.com/jane', via: 'x-profile' });
  });

  it('Facebook: the Page inbox, never m.me; one private reply per comment, recorded', async () => {
    const { db, send } = setup();
    const comment = post({
      channel: 'facebook',
      postId: '123_456',
      kind: 'comment',
      permalink: 'https://www.facebook.com/acme/posts/123?comment_id=456',
      postedAt: new Date().toISOString(),
    });
    await send('items.seen', { posts: [comment] });
    const first = (await send('dm.open', { key: 'facebook:123_456' })) as { ok: true; data: { url: string | null; via: string } };
    expect(first.data.via).toBe('meta-inbox');
    expect(first.data.url).toMatch(/^https:\/\/business\.facebook\.com\/latest\/inbox\//);
    expect((await db.events.toArray()).map((e) => e.note)).toEqual([PRIVATE_REPLY_NOTE]);
    const second = (await send('dm.open', { key: 'facebook:123_456' })) as { ok: true; data: { url: string | null; hint: string } };
    expect(second.data.url).toBeNull();
    expect(second.data.hint).toMatch(/already/);
  });

  it('Facebook: no private reply to a comment older than 7 days', async () => {
    const { send } = setup();
    const old = post({
      channel: 'facebook',
      postId: '9_8',
      kind: 'comment',
      permalink: 'https://www.facebook.com/acme/posts/9',
      postedAt: new Date(Date.now() - 8 * 86_400_000).toISOString(),
    });
    await send('items.seen', { posts: [old] });
    const open = (await send('dm.open', { key: 'facebook:9_8' })) as { ok: true; data: { url: string | null; hint: string } };
    expect(open.data.url).toBeNull();
    expect(open.data.hint).toMatch(/7 days/);
  });

  it('items.note logs an event without changing the state', async () => {
    const { db, send } = setup();
    await send('items.seen', { posts: [post({ postId: '7' })] });
    const reply = (await send('items.note', { key: 'x:7', note: 'posted anyway: card' })) as {
      ok: true;
      data: { event: { from: string; to: string; note: string } };
    };
    expect(reply.data.event).toMatchObject({ from: 'new', to: 'new', note: 'posted anyway: card' });
    expect((await db.items.get('x:7'))?.state).toBe('new');
    expect((await send('items.note', { key: 'x:404', note: 'n' })).ok).toBe(false);
  });

  it('the built-in texts exist in every language (placeholders until approved snippets exist)', () => {
    for (const kind of ['dm-request', 'close-the-loop'] as const)
      for (const lang of ['en', 'es', 'de'] as const) expect(BUILT_IN_REPLIES[kind][lang].length).toBeGreaterThan(20);
  });
});
