import { describe, expect, it } from 'vitest';
import { brandAccountProblems, classifyPost, normalizeBrandAccount } from '../../lib/shared/customer-items';
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, finding 1: a display name is not an identity. Only a handle or a numeric id makes a post the brand's.

describe('brand accounts match on handle or numeric id only', () => {
  it('a troll named like the brand does not close the customer item (X)', () => {
    const troll = post({ postId: '9', authorHandle: 'troll_123', authorName: 'AcmeSupport', addressees: ['AcmeSupport'] });
    expect(classifyPost(troll, ['AcmeSupport'], null)).toBe('item');
    const real = post({ postId: '10', authorHandle: 'AcmeSupport', authorName: 'Anything', addressees: [] });
    expect(classifyPost(real, ['@acmesupport'], null)).toBe('brand');
  });

  it('a Facebook profile named "Acme Support" is not the brand page', () => {
    const fake = post({
      postId: '11',
      channel: 'facebook',
      authorHandle: 'troll.page',
      authorName: 'Acme Support',
      authorId: null,
      addressees: ['AcmeSupport'],
    });
    expect(classifyPost(fake, ['AcmeSupport', 'Acme Support'], null)).toBe('item');
    const fakeId = post({
      postId: '12',
      channel: 'facebook',
      authorHandle: null,
      authorName: 'Acme Support',
      authorId: '999',
      addressees: ['AcmeSupport'],
    });
    expect(classifyPost(fakeId, ['AcmeSupport'], null)).toBe('item');
  });

  it('the brand page is recognised by page username, page URL or numeric id', () => {
    const byHandle = post({
      postId: '13',
      channel: 'facebook',
      authorHandle: 'AcmeSupport',
      authorName: 'X',
      authorId: null,
      addressees: [],
    });
    const byId = post({ postId: '14', channel: 'facebook', authorHandle: null, authorName: 'X', authorId: '1000123', addressees: [] });
    expect(classifyPost(byHandle, ['https://www.facebook.com/AcmeSupport/'], null)).toBe('brand');
    expect(classifyPost(byId, ['https://www.facebook.com/profile.php?id=1000123'], null)).toBe('brand');
    expect(classifyPost(byId, ['1000123'], null)).toBe('brand');
    expect(classifyPost(byId, ['https://www.facebook.com/people/Acme-Support/1000123/'], null)).toBe('brand');
  });

  it('with no brand set, the signed-in account counts by handle or id, never by its name', () => {
    const signedIn = { handle: null, name: 'Acme Support', id: null };
    const sameName = post({ postId: '15', channel: 'facebook', authorHandle: 'troll', authorName: 'Acme Support', addressees: [] });
    expect(classifyPost(sameName, [], signedIn)).toBe('item');
  });

  it('normalises every accepted form and refuses display names', () => {
    expect(normalizeBrandAccount('x', '@AcmeSupport')).toBe('AcmeSupport');
    expect(normalizeBrandAccount('x', 'https://x.com/AcmeSupport')).toBe('AcmeSupport');
    expect(normalizeBrandAccount('x', 'twitter.com/AcmeSupport/')).toBe('AcmeSupport');
    expect(normalizeBrandAccount('x', 'Acme Support')).toBeNull();
    expect(normalizeBrandAccount('facebook', 'AcmeSupport')).toBe('AcmeSupport');
    expect(normalizeBrandAccount('facebook', '@acme.support')).toBe('acme.support');
    expect(normalizeBrandAccount('facebook', 'https://www.facebook.com/AcmeSupport?ref=bookmarks')).toBe('AcmeSupport');
    expect(normalizeBrandAccount('facebook', 'facebook.com/profile.php?id=1000123')).toBe('1000123');
    expect(normalizeBrandAccount('facebook', 'https://web.facebook.com/people/Acme-Support/1000123/')).toBe('1000123');
    expect(normalizeBrandAccount('facebook', '1000123')).toBe('1000123');
    expect(normalizeBrandAccount('facebook', 'Acme Support')).toBeNull();
    expect(normalizeBrandAccount('facebook', 'https://evil.example/AcmeSupport')).toBeNull();
    expect(brandAccountProblems({ x: ['AcmeSupport'], facebook: ['Acme Support'] })).toEqual([expect.stringContaining('Acme Support')]);
  });
});

describe('settings.update stores brand accounts in their one form', () => {
  const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
  const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
  const options: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html` };
  const setup = () => {
    const db = openDb(freshFactory());
    const ctx: ServerContext = { db, runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, version: '0', startedAt: '', broadcast: () => {} };
    return { db, send: (type: string, payload: unknown) => handleRequest({ carebar: 1, type, payload }, options, ctx) };
  };

  it('normalises URLs and @ forms, keeps case', async () => {
    const { send } = setup();
    const reply = await send('settings.update', {
      settings: {
        brandAccounts: {
          x: ['@AcmeSupport', 'https://x.com/AcmeHelp'],
          facebook: ['https://www.facebook.com/AcmeSupport/', 'facebook.com/profile.php?id=42'],
        },
      },
    });
    expect(reply).toMatchObject({
      ok: true,
      data: { settings: { brandAccounts: { x: ['AcmeSupport', 'AcmeHelp'], facebook: ['AcmeSupport', '42'] } } },
    });
  });

  it('refuses a display name with a typed error that says which forms are accepted, and writes nothing', async () => {
    const { db, send } = setup();
    const reply = await send('settings.update', { settings: { brandAccounts: { x: [], facebook: ['Acme Support'] } } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    if (!reply.ok) expect(reply.error.issues?.join(' ')).toMatch(/page username, page URL or numeric id/);
    expect(await db.settings.count()).toBe(0);
  });
});
