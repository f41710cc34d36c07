import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatusHref } from '../../lib/shared/sites/x-urls';

// X's own root-relative links skip the URL parser (#13): they must read exactly as a parsed URL reads them.
describe('parseStatusHref', () => {
  const viaUrl = (href: string) => {
    const url = new URL(href, 'https://x.com');
    return parseStatusHref(url.href, 'https://x.com/');
  };

  it('reads plain status paths as the URL parser does', () => {
    const segment = fc.constantFrom(
      'AcmeSupport',
      'i',
      'web',
      'status',
      'statuses',
      '1852311426666537322',
      'photo',
      '1',
      'a_b',
      'history',
      'analytics',
    );
    const href = fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.constantFrom('', '?s=20', '#x', '?a=1#b'))
      .map(([segs, slash, tail]) => `/${segs.join('/')}${slash ? '/' : ''}${tail}`);
    fc.assert(
      fc.property(href, (h) => {
        expect(parseStatusHref(h)).toEqual(viaUrl(h));
      }),
    );
  });

  it('still resolves what is not a plain path, and refuses other hosts', () => {
    expect(parseStatusHref('/AcmeSupport/../jack/status/20')).toEqual({ handle: 'jack', id: '20', suffix: '' });
    expect(parseStatusHref('/Acme%53upport/status/20')).toBeNull();
    expect(parseStatusHref('https://evil.example/jack/status/20')).toBeNull();
    expect(parseStatusHref('//evil.example/jack/status/20')).toBeNull();
    expect(parseStatusHref('/jack/status/20?s=20')).toEqual({ handle: 'jack', id: '20', suffix: '' });
    expect(parseStatusHref('/jack/status/20/photo/1')).toEqual({ handle: 'jack', id: '20', suffix: '/photo/1' });
  });
});
