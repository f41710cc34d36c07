import { describe, expect, it } from 'vitest';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import tradeoff from '../../lib/shared/detect/dm-tradeoff.json';
import { DEFAULT_THRESHOLDS } from '../../lib/shared/detect/index';
import { parseOwnContacts, tradeoffText } from '../../components/pages/options/DetectionSettings';
import { freshFactory, openDb } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';

// Issue 15: the team's detection settings through the real background (server, handlers, Dexie on fake-indexeddb):
// the own-contacts setting keeps the reply guard from stopping the team's own number; the DM threshold reaches the
// prompt. Plus the options section's pure parts.

const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const optionsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 4, url: `${ORIGIN}options.html` } };

function setup() {
  const ctx = serverContext(openDb(freshFactory()));
  const send = async (type: string, payload: unknown, sender: SenderInfo = contentScript) => {
    const reply = await handleRequest({ carebar: 1, type, payload }, sender, ctx);
    if (!reply.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
    return reply.data as Record<string, unknown>;
  };
  const saveDetection = async (patch: Record<string, unknown>) => {
    const { settings } = (await send('settings.get', {}, optionsPage)) as { settings: { detection: Record<string, unknown> } };
    await send('settings.update', { settings: { detection: { ...settings.detection, ...patch } } }, optionsPage);
  };
  return { send, saveDetection };
}

describe('the own-contacts setting and the reply guard (through the background)', () => {
  // No wording marks this as the brand's own line, so without the setting it reads as someone's phone number.
  const draft = 'Please try 07700 900123 tomorrow, ask for Dana ^SR';
  const guardStops = async (send: ReturnType<typeof setup>['send']) => {
    const { problems } = (await send('detect.text', { text: draft, role: 'draft', channel: 'x' })) as { problems: Array<{ kind: string }> };
    return problems.some((p) => p.kind === 'personal-data');
  };

  it('stops a reply carrying a number it does not know; lets it through once the number is the team’s own', async () => {
    const { send, saveDetection } = setup();
    expect(await guardStops(send)).toBe(true);
    await saveDetection({ ownContacts: ['07700 900123'] });
    expect(await guardStops(send)).toBe(false);
    // Another number in the same reply is still a customer's.
    const { problems } = (await send('detect.text', {
      text: 'Please try 07700 900123 tomorrow, or we call you back on 07911 123456',
      role: 'draft',
      channel: 'x',
    })) as { problems: Array<{ kind: string }> };
    expect(problems.some((p) => p.kind === 'personal-data')).toBe(true);
  });

  it('an own domain covers its email addresses', async () => {
    const { send, saveDetection } = setup();
    const text = 'Write to jane.doe@acme-shop.com and she will look into it';
    const stops = async () =>
      ((await send('detect.text', { text, role: 'draft', channel: 'x' })) as { problems: Array<{ kind: string }> }).problems.some(
        (p) => p.kind === 'personal-data',
      );
    expect(await stops()).toBe(true);
    await saveDetection({ ownContacts: ['acme-shop.com'] });
    expect(await stops()).toBe(false);
  });

  it('the DM threshold setting reaches the prompt', async () => {
    const { send, saveDetection } = setup();
    const posts = [{ key: 'x:1', text: 'how do I change the language of search results?', channel: 'x' }];
    const reasons = async () => ((await send('detect.posts', { posts })) as { reasons: Record<string, string[]> }).reasons['x:1'];
    expect(await reasons()).toEqual([]);
    await saveDetection({ dmThreshold: 0 });
    expect((await reasons()).length).toBeGreaterThan(0);
  });
});

describe('the options section’s pure parts', () => {
  it('parses own contacts one a line and names bad lines', () => {
    expect(parseOwnContacts(' 0333 123 4567 \n\nhelp@acme.com\nacme.com\n')).toEqual({
      contacts: ['0333 123 4567', 'help@acme.com', 'acme.com'],
      problems: [],
    });
    expect(parseOwnContacts('ab').problems).toHaveLength(1);
    expect(parseOwnContacts(Array.from({ length: 51 }, (_, i) => `acme${i}.com`).join('\n')).problems).toHaveLength(1);
  });
  it('the trade-off table comes from training: its default is the shipped threshold, and it reads in words', () => {
    expect(tradeoff.default).toBe(DEFAULT_THRESHOLDS.dm);
    expect(tradeoff.rows.some((r) => r.threshold === tradeoff.default)).toBe(true);
    const row = tradeoff.rows.find((r) => r.threshold === tradeoff.default)!;
    expect(tradeoffText(row)).toContain(`${Math.round(row.recall * 100)} of every 100 posts that needed one`);
  });
});
