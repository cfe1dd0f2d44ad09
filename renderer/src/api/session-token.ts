/** Where the `serve` session token lives in the browser: read once from `#token=…`, then only in sessionStorage. */
export const TOKEN_STORAGE_KEY = 'forgebell.sessionToken';

export interface TokenLocation {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

export interface TokenEnvironment {
  location: TokenLocation;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  replaceUrl(url: string): void;
}

/** Splits `#token=abc&route=/feed` or `#/feed` into the token (if any) and what is left of the hash. */
export function parseTokenHash(hash: string): { token: string | null; rest: string } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const match = /(^|&)token=([^&]*)/.exec(body);
  if (!match) return { token: null, rest: body };
  const rest = (body.slice(0, match.index) + body.slice(match.index + match[0].length)).replace(/^&/, '');
  let token: string;
  try {
    token = decodeURIComponent(match[2] ?? '');
  } catch {
    token = match[2] ?? '';
  }
  return { token: token.length > 0 ? token : null, rest };
}

/**
 * Takes the token from the address bar (and removes it from there, so it is not shared by copy-paste or
 * kept in history), or falls back to the one stored for this tab.
 */
export function takeSessionToken(env: TokenEnvironment): string | null {
  const { token, rest } = parseTokenHash(env.location.hash);
  if (token) {
    try {
      env.storage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {}
    env.replaceUrl(`${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
    return token;
  }
  try {
    return env.storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function forgetSessionToken(env: Pick<TokenEnvironment, 'storage'>): void {
  try {
    env.storage.removeItem(TOKEN_STORAGE_KEY);
  } catch {}
}
