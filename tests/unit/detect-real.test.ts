import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPost, assessPosts, DEFAULT_THRESHOLDS, detectText, reasonsOf } from '../../lib/shared/detect/index';
import { guardProblems } from '../../lib/shared/detect/guard';
import { findEmails, findPhones } from '../../lib/shared/detect/personal';
import { DETECT_REASONS, PERSONAL_DATA_REASONS } from '../../lib/shared/detect/types';
import { loadLabelled } from '../../scripts/dm-data.mjs';

// Issue 15: the detectors on real customer language. Regression tests for each miss the issue names, the brand's own
// contacts in replies, the prompt's explanation, and — when the real data is present — the figures measured on the
// FROZEN part of data/dm-labels (asserted at the measured level, so a regression fails; never tuned on).

const spans = (text: string, role: 'post' | 'draft' = 'post') =>
  detectText(text, { role }).map((f) => `${f.reason}:${text.slice(f.start, f.end)}`);
const guardStops = (text: string, ownContacts?: string[]) =>
  guardProblems(text, detectText(text, { role: 'draft', ownContacts }), {
    channel: 'x',
    agentInitials: '',
    requireInitials: false,
    genericPhrases: [],
  }).some((p) => p.kind === 'personal-data');

describe('versions, model numbers, prices, dates and ids are not phone numbers (issue 15)', () => {
  it('leaves the version strings and model names the issue names alone', () => {
    for (const text of [
      'iOS 11.0.3 Spotify 8.4 24.506',
      'My Inspiron 15 3000 stopped charging after the last BIOS version 1.2.3 update',
      "I'm on an LG G8 ThinQ running Android version 10. it's now running version 8.5.50.916.",
      'Windows, AMD Ryzen 5 3600 3.6 GHz 6-Core Processor, 32gb of ram, Radeon RX 5700 XT 8 GB',
      'Mac Pro 2008, ATI Radeon HD 2600 XT, can I install a ATI Radeon HD 4870 512MB?',
      'Catalina 10.15.3 with Lightroom 9.2, beta (1.16.0.53) on MCPE',
      'Error 0x30005001, WS-37368-7, CE-34224-5, error code #1006',
      'bought it for $59.99, 7,99€, 1.4 mil in game, 203,103 files, 10.9gb',
      'it expired on 12/31/20; on 2020/07/08 at 10:45; channel crossed 100K+ on (03/18/2020)',
      'tweet https://twitter.com/a/status/1245403438755852288 item https://www.ebay.co.uk/ulk/itm/124128766743',
      '@Lukas14645009 @Cameron11078817 thanks',
      'the former number ending in 1237',
    ]) {
      expect(findPhones(text), text).toEqual([]);
    }
  });
  it('still finds real numbers: national, international, grouped, and cued foreign ones', () => {
    expect(spans('call me on 07911 123456 or +49 89 12345678')).toEqual(['phone:07911 123456', 'phone:+49 89 12345678']);
    expect(spans('Podéis llamar al 91 123 45 67 mañana?')).toEqual(['phone:91 123 45 67']);
    expect(spans('This is the phone where the account was created. 01120738976 only')).toEqual(['phone:01120738976']);
  });
});

describe("the brand's own public contacts in a reply are not personal data (issue 15)", () => {
  it('the reply guard lets the issue’s real brand reply through', () => {
    expect(guardStops('Please contact 03331 031 031 option 1, 4, 3 and the team will look into it ^SR')).toBe(false);
  });
  it('support numbers, role mailboxes and help links pass; the customer’s own data in a reply is still stopped', () => {
    for (const text of [
      'Sorry to hear that. Call us on 0333 123 4567 and we will sort it out.',
      'For mortgage account, you may call Home Lending Team at 1-800-848-9136 available M-F 8AM-midnight ET',
      'Please forward the suspicious email to reportphish@wellsfargo.com. To learn more visit https://www.wellsfargo.com/privacy',
      'Email help@acme-shop.com or see support.example.com/orders/12345678 for the steps.',
      'Rufen Sie uns gern unter 030 12345678 an.',
      'Llámanos al 912 345 678 y lo vemos.',
    ]) {
      expect(guardStops(text), text).toBe(false);
    }
    expect(guardStops('We will call you back on 07911 123456 tomorrow.')).toBe(true);
    expect(guardStops('Refund sent to anna.garcia@gmail.com, sorry about that.')).toBe(true);
    expect(guardStops('I can see ticket #10267422 on your account.')).toBe(true);
  });
  it('the team’s own numbers and domains (setting) are never personal data', () => {
    const text = 'Text our escalations desk: 07700 900123, or write to jane.doe@acme-shop.com';
    expect(guardStops(text)).toBe(true);
    expect(guardStops(text, ['07700 900123', 'acme-shop.com'])).toBe(false);
    expect(findEmails('ana@shop.acme.es', { role: 'post', ownContacts: ['https://www.acme.es/help'] })).toEqual([]);
  });
});

describe('the move-to-DM prompt: a small explainable model', () => {
  it('ships a weights file within budget with CV-chosen default thresholds', () => {
    expect(statSync(new URL('../../lib/shared/detect/dm-model.json', import.meta.url)).size).toBeLessThanOrEqual(200 * 1024);
    expect(DEFAULT_THRESHOLDS.dm).toBeGreaterThan(0);
    expect(DEFAULT_THRESHOLDS.dm).toBeLessThan(1);
  });
  it('prompts on account trouble and says why in the contract’s words; not on how-to questions', () => {
    const locked = assessPost('@gmail i forgot my gmail password and i lost my mobile number, how can i recover my account help me');
    expect(locked.show).toBe(true);
    expect(locked.reasons).toContain('account-request');
    const missing = assessPost('@RockstarSupport I bought the shark card 4 days ago and still didnt get my money');
    expect(missing).toMatchObject({ show: true, accountRequest: true });
    expect(assessPost('@zoom_us how can I annotate my screen from iPhone?').show).toBe(false);
    expect(assessPost('@Spotify can you add the year released to the credits? thx').show).toBe(false);
  });
  it('personal data always prompts, naming the kinds; the threshold is the team’s', () => {
    const text = '@MojangSupport need help please email me at lukas.example121@gmail.com';
    expect(assessPost(text, { threshold: 1 })).toMatchObject({ show: true });
    expect(assessPost(text).reasons[0]).toBe('email');
    const howTo = 'how do I change the language of search results?';
    expect(assessPost(howTo, { threshold: 1 }).show).toBe(false);
    expect(assessPost(howTo, { threshold: 0 }).show).toBe(true);
  });
  it('never shows without a reason, and only uses the data-reason vocabulary', () => {
    for (const text of [
      'hello',
      'FIX THIS NOW',
      'my account',
      'why did you charge me twice you scammers',
      'where is my order #48213',
      'a b c',
    ])
      for (const threshold of [0, 0.5, 1]) {
        const v = assessPost(text, { threshold, thread: 'cbcbcbc' });
        if (v.show) expect(v.reasons.length, text).toBeGreaterThan(0);
        else expect(v.reasons).toEqual([]);
        for (const r of v.reasons) expect(DETECT_REASONS).toContain(r);
      }
  });
  it('long threads and sentiment are signals into the same decision', () => {
    const text = 'Still no answer. This is the worst service, absolutely useless.';
    const v = assessPost(text, { thread: 'cbcbcbc', threshold: 0 });
    expect(v.reasons).toEqual(expect.arrayContaining(['sentiment', 'long-thread']));
  });
  it('answers a batch by key, from the cache the second time', async () => {
    const posts = Array.from({ length: 50 }, (_, i) => ({
      key: `x:${i}`,
      text: i % 2 ? `my order #4471${900 + i} never arrived` : 'Love the new app!',
    }));
    const first = await assessPosts(posts);
    expect(first['x:1']).toEqual(expect.arrayContaining(['order']));
    expect(first['x:0']).toEqual([]);
    expect(await assessPosts(posts)).toEqual(first);
  });
  it('a heavy batch yields to the event loop, so another request is answered in between (issue 11)', async () => {
    const heavy = Array.from({ length: 30 }, (_, i) => ({ key: `x:h${i}`, text: `${i} ${'1 a.b@c. x.com/ '.repeat(6_000)}` }));
    let batchDone = false;
    let otherRanFirst: boolean | null = null;
    setTimeout(() => (otherRanFirst = !batchDone), 0);
    await assessPosts(heavy);
    batchDone = true;
    expect(otherRanFirst).toBe(true);
  });
  it('drafts are read for personal data only', () => {
    expect(reasonsOf(detectText('Sorry you were charged twice, awful. Mail anna@example.org', { role: 'draft' }))).toEqual(['email']);
    expect(PERSONAL_DATA_REASONS).toEqual(['email', 'phone', 'card', 'order', 'address']);
  });
});

describe('frozen real conversations (data/dm-labels), at the measured level', () => {
  // The labels joined with dev.json (kept outside the repository; skipped with a message when absent).
  const data = loadLabelled();
  if (!data) console.log('detect-real: ibm-twitter-care/dev.json not found (CAREBAR_IBM_DATA) — the frozen real-data check is skipped');
  it.skipIf(!data)('prompt, account-request, personal data and the reply guard hold on the frozen part', () => {
    const frozen = data!.customer.filter((r) => r.split === 'frozen');
    const verdicts = frozen.map((r) => ({
      r,
      v: assessPost(r.text, { thread: r.thread }),
      data: detectText(r.text, { role: 'post' }).some((f) => PERSONAL_DATA_REASONS.includes(f.reason)),
    }));
    const count = (pred: (x: (typeof verdicts)[number]) => boolean) => verdicts.filter(pred).length;
    const tp = count(({ r, v }) => v.show && r.dm);
    const fp = count(({ r, v }) => v.show && !r.dm);
    // Measured 2026-11-30 (BENCHMARKS.md; the same counts with the first model and the re-tuned second one): P 0.784,
    // R 0.645, prompts on 9.2% of should-not-move posts, account-request recall 0.722, personal data claimed on 0 of 181. Targets P ≥ 0.75 / R ≥ 0.75 / ≤ 5%: recall and the rate are missed.
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.75);
    expect(tp / count(({ r }) => r.dm)).toBeGreaterThanOrEqual(0.6);
    expect(fp / count(({ r }) => !r.dm)).toBeLessThanOrEqual(0.1);
    expect(count(({ r, v }) => r.account && v.accountRequest) / count(({ r }) => r.account)).toBeGreaterThanOrEqual(0.7);
    expect(count(({ r, data }) => !r.personal.length && data) / count(({ r }) => !r.personal.length)).toBeLessThanOrEqual(0.01);
    for (const b of data!.brand.filter((x) => x.split === 'frozen' && x.personal.length === 0))
      expect(guardStops(b.text), b.key).toBe(false);
  });
});
