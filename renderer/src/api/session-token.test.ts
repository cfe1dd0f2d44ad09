import { describe, expect, it } from 'vitest';
import { parseTokenHash, takeSessionToken, TOKEN_STORAGE_KEY, type TokenEnvironment } from './session-token.js';

function env(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaced: string[] = [];
  const e: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    replaceUrl: (url) => void replaced.push(url),
  };
  return { e, store, replaced };
}

describe('session token', () => {
  it('takes the token from the address bar, stores it for the tab and removes it from the URL', () => {
    const { e, store, replaced } = env('#token=abc123');
    expect(takeSessionToken(e)).toBe('abc123');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/']);
  });

  it('keeps a route that came with the token', () => {
    const { e, replaced } = env('#/feed&token=abc');
    expect(takeSessionToken(e)).toBe('abc');
    expect(replaced).toEqual(['/#/feed']);
    expect(parseTokenHash('#token=abc&/settings')).toEqual({ token: 'abc', rest: '/settings' });
  });

  it('falls back to the stored token after a reload, and has none on a bare URL', () => {
    expect(takeSessionToken(env('#/settings', 'stored').e)).toBe('stored');
    const bare = env('');
    expect(takeSessionToken(bare.e)).toBeNull();
    expect(bare.replaced).toEqual([]);
  });
});
