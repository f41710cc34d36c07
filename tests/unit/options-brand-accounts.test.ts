import { describe, expect, it } from 'vitest';
import { parseBrandAccounts as parseAccounts } from '../../lib/shared/customer-items';
import { initialsOf } from '../../lib/shared/snippets/template';
import { bestUnit, humanDuration } from '../../components/pages/options/fields';

describe('brand accounts as agents type them', () => {
  it('X: handles with or without @, profile links; one per line or comma-separated; duplicates once', () => {
    expect(parseAccounts('x', '@AcmeSupport\nhttps://x.com/AcmeHelp?s=20, twitter.com/acmeshop\nacmesupport')).toEqual({
      accounts: ['AcmeSupport', 'AcmeHelp', 'acmeshop'],
      problems: [],
    });
    expect(parseAccounts('x', 'Acme Support\nthis_handle_is_far_too_long').problems).toHaveLength(2);
  });

  it('Facebook: Page username, Page address (also profile.php?id=), numeric id; display names are refused', () => {
    expect(
      parseAccounts(
        'facebook',
        'AcmeSupport\nhttps://www.facebook.com/acme.care/\nfacebook.com/profile.php?id=100064512345678\n104857600123456',
      ),
    ).toEqual({
      accounts: ['AcmeSupport', 'acme.care', '100064512345678', '104857600123456'],
      problems: [],
    });
    expect(parseAccounts('facebook', 'Acme Support').problems[0]).toMatch(/not a Facebook page username/);
    expect(parseAccounts('x', 'https://x.com/home').problems).toHaveLength(1); // a site path, not an account
  });

  it('initials and durations in human units', () => {
    expect(initialsOf('Sam  Rivera')).toBe('SR');
    expect(initialsOf('María José de la Cruz')).toBe('MJD');
    expect([bestUnit(1800), bestUnit(7200), bestUnit(86_400), bestUnit(90 * 60)]).toEqual(['minutes', 'hours', 'days', 'minutes']);
    expect([humanDuration(900), humanDuration(3600), humanDuration(86_400 * 2)]).toEqual(['15 minutes', '1 hour', '2 days']);
  });
});
