import { describe, expect, it } from 'vitest';
import { classifyPost, classifyWithKeywords } from '../../lib/shared/customer-items';
import { createItemClassifier } from '../../lib/shared/item-verdict';
import { xBrandAccount } from '../../lib/shared/sites/x-urls';
import { post } from './helpers/db';

describe('classifyPost', () => {
  const acme = { handle: 'AcmeSupport', name: 'Acme Support', id: null };
  it('treats posts by a brand account as responses', () => {
    expect(classifyPost(post({ postId: '1', authorHandle: 'acmesupport' }), ['@AcmeSupport'], null)).toBe('brand');
    expect(
      classifyPost(
        post({ postId: '1', channel: 'facebook', authorHandle: 'AcmeSupport', authorName: 'Acme' }),
        ['https://www.facebook.com/AcmeSupport'],
        null,
      ),
    ).toBe('brand');
    // A display name is not an identity (issue 11, finding 1).
    expect(
      classifyPost(post({ postId: '1', channel: 'facebook', authorHandle: null, authorName: 'Acme Support' }), ['Acme Support'], null),
    ).not.toBe('brand');
  });
  it('makes items of posts addressed to a brand, and skips the rest', () => {
    expect(classifyPost(post({ postId: '2', addressees: ['AcmeSupport'] }), ['AcmeSupport', 'Acme'], null)).toBe('item');
    expect(classifyPost(post({ postId: '3', addressees: ['SomeoneElse'] }), ['AcmeSupport'], null)).toBe('unrelated');
    expect(classifyPost(post({ postId: '4', addressees: [] }), ['AcmeSupport'], null)).toBe('unrelated');
  });
  it('with no brand set, makes an item of every post not by the signed-in account', () => {
    expect(classifyPost(post({ postId: '5', addressees: [] }), [], acme)).toBe('item');
    expect(classifyPost(post({ postId: '6', authorHandle: 'AcmeSupport' }), [], acme)).toBe('brand');
    expect(classifyPost(post({ postId: '7', addressees: [] }), [], null)).toBe('item');
  });
});

describe('createItemClassifier: the content scripts classify with the stored account forms, no parser', () => {
  it('agrees with classifyPost on the stored forms of the same accounts', () => {
    const typed = ['https://x.com/AcmeSupport', '@AcmeHelp'];
    const stored = typed.map((a) => xBrandAccount(a)!);
    expect(stored).toEqual(['AcmeSupport', 'AcmeHelp']);
    const verdict = createItemClassifier(stored, null, ['acme blender']);
    const posts = [
      post({ postId: '1', authorHandle: 'acmesupport' }),
      post({ postId: '2', addressees: ['ACMEHELP'] }),
      post({ postId: '3', addressees: [], text: 'my Acme  Blender broke' }),
      post({ postId: '4', addressees: ['someone'] }),
    ];
    expect(posts.map(verdict)).toEqual(['brand', 'item', 'item', 'unrelated']);
    expect(posts.map((p) => classifyWithKeywords(p, typed, null, ['acme blender']))).toEqual(posts.map(verdict));
  });
});
