import { describe, expect, it } from 'vitest';
import { itemKey } from '../../lib/shared/model';

describe('itemKey', () => {
  it('joins channel and post id', () => {
    expect(itemKey('x', '1852311426666537322')).toBe('x:1852311426666537322');
  });
});
