import type { Settings } from './settings-model.js';

/**
 * A manual proxy URL may carry credentials (`http://user:pass@proxy:3128`), so the URL is a secret: sealed at rest
 * (settings-repository), registered with the log redactor, never part of an export, and never sent to the UI — which
 * sees the URL without its password plus `passwordSet`. Saving the URL the UI was shown keeps the stored password.
 */

export type ProxySettings = Settings['proxy'];

export interface ProxyView {
  mode: ProxySettings['mode'];
  /** The URL without its password (the user name stays: it is not a secret and tells the user which account). */
  url: string | null;
  passwordSet: boolean;
  /** Hosts that skip the manual proxy, NO_PROXY style (not a secret). */
  noProxy: string | null;
}

export interface ProxyUpdate {
  mode: ProxySettings['mode'];
  url: string | null;
  /** Drop a stored password although the URL given has none. */
  forgetPassword?: boolean;
  /** The bypass list: absent keeps the stored one, empty is none. */
  noProxy?: string | null;
}

function parse(url: string | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The password in a proxy URL, decoded, or null. */
export function proxyPassword(url: string | null): string | null {
  const parsed = parse(url);
  return parsed?.password ? decodeURIComponent(parsed.password) : null;
}

/** The URL without its password. */
export function withoutPassword(url: string | null): string | null {
  const parsed = parse(url);
  if (!parsed?.password) return url;
  parsed.password = '';
  return parsed.toString();
}

export function proxyView(proxy: ProxySettings): ProxyView {
  return {
    mode: proxy.mode,
    url: withoutPassword(proxy.url),
    passwordSet: proxyPassword(proxy.url) !== null,
    noProxy: proxy.noProxy,
  };
}

/**
 * The proxy URL an update means. A URL without a password, for the same proxy (scheme, host, port) and user as the
 * stored one, keeps the stored password (the UI never had it); a URL with a password replaces it; `forgetPassword`
 * drops it. The proxy Test button uses it too, so it tries the proxy with the password that would be saved.
 */
export function effectiveProxyUrl(stored: ProxySettings, update: ProxyUpdate): string | null {
  const next = parse(update.url);
  const before = parse(stored.url);
  if (!next || next.password || update.forgetPassword || !before?.password) return update.url;
  const sameProxy = next.protocol === before.protocol && next.host === before.host && next.username === before.username;
  if (!sameProxy) return update.url;
  next.password = before.password;
  return next.toString();
}

/** The proxy after an update from the UI or the API: the URL as `effectiveProxyUrl` says, the bypass list kept unless given. */
export function applyProxyUpdate(stored: ProxySettings, update: ProxyUpdate): ProxySettings {
  return {
    mode: update.mode,
    url: effectiveProxyUrl(stored, update),
    noProxy: update.noProxy === undefined ? stored.noProxy : update.noProxy?.trim() || null,
  };
}
