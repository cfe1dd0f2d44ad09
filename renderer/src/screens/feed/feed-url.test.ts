import { describe, expect, it } from 'vitest';
import { NO_FILTER } from './feed-list.js';
import { filterFromHash, hashWithFilter } from './feed-url.js';

describe('feed filters in the address', () => {
  it('round-trips every filter, including characters that need escaping', () => {
    const filter = {
      repo: 'group/sub project/app',
      event: 'pulls' as const,
      fate: 'filtered' as const,
      text: 'crash & burn?',
      forMe: true,
    };
    const hash = hashWithFilter(filter);
    expect(hash.startsWith('#/feed?')).toBe(true);
    expect(hash).toContain('for=me');
    expect(filterFromHash(hash)).toEqual(filter);
  });

  it('is plain #/feed without filters, and ignores unknown events and fates', () => {
    expect(hashWithFilter(NO_FILTER)).toBe('#/feed');
    expect(filterFromHash('#/feed?event=nonsense&fate=<script>&repo=a%2Fb')).toEqual({ ...NO_FILTER, repo: 'a/b' });
    expect(filterFromHash('#/feed')).toEqual(NO_FILTER);
  });
});
