/**
 * A person's token as stored (`people[].tokens`, sealed like every secret): a plain token (a personal access token,
 * or a GitHub OAuth token, which does not expire), or a sign-in whose access token expires and is renewed with a
 * refresh token (GitLab OAuth: two hours). The latter is kept as one string so the config format stays one secret per
 * account: `oauth2:<expires-at, epoch seconds>:<access token>:<refresh token>`.
 */
export interface OAuthToken {
  access: string;
  refresh: string;
  /** Epoch ms. */
  expiresAt: number;
}

const PREFIX = 'oauth2:';

export function encodeOAuthToken(token: OAuthToken): string {
  return `${PREFIX}${Math.floor(token.expiresAt / 1000)}:${token.access}:${token.refresh}`;
}

/** The refreshable parts of a stored token, or null for a plain token. */
export function decodeOAuthToken(stored: string): OAuthToken | null {
  if (!stored.startsWith(PREFIX)) return null;
  const [expires, access, refresh] = stored.slice(PREFIX.length).split(':');
  if (!expires || !access || !refresh || !/^\d+$/.test(expires)) return null;
  return { access, refresh, expiresAt: Number(expires) * 1000 };
}

/** The token to send: the access token of a refreshable sign-in, or the plain token itself. */
export function accessTokenOf(stored: string): string {
  return decodeOAuthToken(stored)?.access ?? stored;
}
