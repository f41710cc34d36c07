import { describe, expect, it } from 'vitest';
import { assessViral, DEFAULT_VIRAL_THRESHOLDS, growthRates, type EngagementSample } from '../../lib/shared/viral';
import { mentionsKeyword, normalizeKeywords, xKeywordSearchUrl } from '../../lib/shared/listening';
import { classifyWithKeywords } from '../../lib/shared/customer-items';
import { post } from './helpers/db';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const sample = (minutes: number, reposts: number, likes = 0, replies = 0, authorFollowers: number | null = null): EngagementSample => ({
  at: new Date(T0 + minutes * 60_000).toISOString(),
  counts: { replies, reposts, likes, views: null, authorFollowers },
});

describe('the rising rule (defaults: 100 reposts/h, 500 interactions/h, 100,000 followers, 10-minute floor)', () => {
  it('a single quiet reading is nothing', () => {
    expect(assessViral([sample(0, 2, 10)]).level).toBe('none');
    expect(assessViral([]).level).toBe('none');
  });
  it('steady slow growth stays quiet', () => {
    const series = Array.from({ length: 12 }, (_, i) => sample(i * 10, i, i * 3));
    expect(assessViral(series).level).toBe('none');
  });
  it('reposts at the threshold rate make it rising, with the rate and threshold in the reason', () => {
    const a = assessViral([sample(0, 10), sample(30, 60)]); // +50 in 30 min = 100/h
    expect(a.level).toBe('rising');
    expect(a.repostsPerHour).toBe(100);
    expect(a.reason).toBe('Reposts growing 100/h (team threshold 100/h)');
  });
  it('just under the thresholds, above a quarter of them: watch', () => {
    const a = assessViral([sample(0, 10, 0), sample(60, 99, 0)]);
    expect(a.level).toBe('watch');
    expect(assessViral([sample(0, 0, 0), sample(60, 0, 150)]).level).toBe('watch'); // 150/h ≥ 125
    expect(assessViral([sample(0, 0, 0), sample(60, 0, 120)]).level).toBe('none');
  });
  it('likes and replies count as engagement', () => {
    expect(assessViral([sample(0, 0, 0, 0), sample(60, 0, 400, 100)]).level).toBe('rising');
  });
  it('growth over a few seconds is spread over the 10-minute floor', () => {
    // +5 reposts in 5 s is not 3,600/h: it counts as 5 per 10 min = 30/h.
    expect(growthRates([sample(0, 0), sample(5 / 60, 5)], 10).repostsPerHour).toBe(30);
    expect(assessViral([sample(0, 0), sample(5 / 60, 5)]).level).toBe('watch');
    // +40 reposts between two visits a minute apart: 240/h over the floor → rising.
    expect(assessViral([sample(0, 2), sample(1, 42)]).level).toBe('rising');
  });
  it('the fastest recent burst counts, not the average since the first reading', () => {
    const series = [sample(0, 0), sample(600, 10), sample(620, 60)];
    expect(assessViral(series).level).toBe('rising');
    expect(assessViral([...series].reverse()).level).toBe('rising'); // order of samples does not matter
  });
  it('a widely followed author is rising at once; a quarter of that is watch', () => {
    expect(assessViral([sample(0, 0, 0, 0, 250_000)]).level).toBe('rising');
    expect(assessViral([sample(0, 0, 0, 0, 30_000)]).level).toBe('watch');
  });
  it('a post already carrying an hour of threshold reposts is watched even on its first reading', () => {
    expect(assessViral([sample(0, 1003, 8784, 15)]).level).toBe('watch');
  });
  it('falling counts (deleted likes) are not growth', () => {
    expect(assessViral([sample(0, 500, 900), sample(10, 400, 800)]).level).toBe('watch');
  });
  it('team thresholds apply', () => {
    const series = [sample(0, 0), sample(60, 20)];
    expect(assessViral(series).level).toBe('none');
    expect(assessViral(series, { ...DEFAULT_VIRAL_THRESHOLDS, repostsPerHour: 20 }).level).toBe('rising');
  });
});

describe('brand keywords', () => {
  const keywords = ['Acme', 'AcmeBlend 3000', 'akme'];
  it.each([
    ['My acme blender died again', true],
    ['ACME support is slow', true],
    ['the acmeblend   3000 jar cracked', true],
    ['Akme? never again', true],
    ['#acme is trending', true],
    ['pacmen and acmeist art', false],
    ['acme_fan account', false],
    ['Nothing to see here', false],
    ['Acmé with an accent', false],
  ])('%s → %s', (text, want) => expect(mentionsKeyword(text, keywords)).toBe(want));
  it('no keywords match nothing; regex characters are literal', () => {
    expect(mentionsKeyword('acme', [])).toBe(false);
    expect(mentionsKeyword('I love C++ tools', ['C++'])).toBe(true);
    expect(mentionsKeyword('I love C tools', ['C++'])).toBe(false);
  });
  it('one per line, trimmed, deduplicated ignoring case', () => {
    expect(normalizeKeywords([' Acme ', '', 'acme', 'Acme  Blend'])).toEqual(['Acme', 'Acme Blend']);
  });
  it('the saved X search asks for any keyword, newest first', () => {
    const url = new URL(xKeywordSearchUrl(['Acme', 'Acme Blend'])!);
    expect(url.origin + url.pathname).toBe('https://x.com/search');
    expect(url.searchParams.get('q')).toBe('Acme OR "Acme Blend"');
    expect(url.searchParams.get('f')).toBe('live');
    expect(xKeywordSearchUrl([])).toBeNull();
  });
});

describe('classifyWithKeywords: a keyword makes an item without a mention', () => {
  const brands = ['AcmeSupport'];
  const kw = ['Acme', 'Blendr'];
  it('keyword post without @ → item; unrelated post → unrelated; brand post stays brand', () => {
    expect(classifyWithKeywords(post({ postId: '1', text: 'my acme blender exploded', addressees: [] }), brands, null, kw)).toBe('item');
    expect(classifyWithKeywords(post({ postId: '2', text: 'lovely weather today', addressees: [] }), brands, null, kw)).toBe('unrelated');
    expect(
      classifyWithKeywords(post({ postId: '3', text: 'Acme news', authorHandle: 'AcmeSupport', addressees: [] }), brands, null, kw),
    ).toBe('brand');
    expect(classifyWithKeywords(post({ postId: '4', text: 'my acme blender', addressees: [] }), brands, null, [])).toBe('unrelated');
  });
});
