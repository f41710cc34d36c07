import { describe, expect, it } from 'vitest';
import { parseCountText } from '../../lib/shared/count-text';

// Counts as X and Facebook write them in their UI languages (issue 17.4: engagement parsed language-independently).
describe('parseCountText', () => {
  it.each([
    // [text, page language, count]
    ['8784', 'en', 8784],
    ['8,784', 'en', 8784],
    ['1.2K', 'en', 1200],
    ['89K', 'en', 89000],
    ['3.4M', 'en', 3_400_000],
    ['1.2B', 'en', 1_200_000_000],
    ['8.784', 'de', 8784],
    ['1,2 Tsd.', 'de', 1200],
    ['3,4 Mio.', 'de', 3_400_000],
    ['1,5 Mrd.', 'de', 1_500_000_000],
    ['8’784', 'de-CH', 8784],
    ['1,2 mil', 'es', 1200],
    ['3,4 M', 'es', 3_400_000],
    ['1,2 mil', 'pt-BR', 1200],
    ['2 mi', 'pt-BR', 2_000_000],
    ['1,2 Mil', 'pt', 1200],
    ['8\u202f784', 'fr', 8784],
    ['1,2 k', 'fr', 1200],
    ['12 tys.', 'pl', 12_000],
    ['1,2 тыс.', 'ru', 1200],
    ['1,2 млн', 'ru', 1_200_000],
    ['1.2万', 'ja', 12_000],
    ['8,784', 'ja', 8784],
    ['3.4億', 'zh-Hant', 340_000_000],
    ['1.2만', 'ko', 12_000],
    ['1,2 B', 'tr', 1200], // Turkish "bin" = thousand
    ['1,2 Mn', 'tr', 1_200_000],
    ['١٫٢ ألف', 'ar', 1200], // Arabic-Indic digits and decimal separator
    ['٨٧٨٤', 'ar', 8784],
    ['१२', 'hi', 12],
    ['１２３', 'ja', 123], // full-width digits
    ['1,2 rb', 'id', 1200],
    // Without a known language the shape decides.
    ['8,784', null, 8784],
    ['8.784', null, 8784],
    ['12 345', null, 12345],
    ['1,2K', null, 1200],
    ['0', null, 0],
  ])('%s (%s) → %s', (text, lang, want) => expect(parseCountText(text, lang)).toBe(want));

  it.each([['abc'], [''], ['12 Likes'], ['1.2.3'], ['1,23,4'], ['Reply'], ['K']])('%j is not a count', (text) =>
    expect(parseCountText(text, 'en')).toBeNull(),
  );

  it('an unknown language tag falls back to the shape of the number', () => {
    expect(parseCountText('1.2K', 'xx-invalid-tag-!!')).toBe(1200);
  });
});
