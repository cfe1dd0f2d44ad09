/**
 * Which proxy a URL goes through: none, the manual one (unless the URL's host is on its bypass list, NO_PROXY
 * style), or the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY (system). One rule for the engine and doctor.
 */

export interface ProxyChoice {
  mode: 'system' | 'manual' | 'none';
  url: string | null;
  /** Hosts that skip the manual proxy, comma separated as in NO_PROXY: `localhost,.corp.example,10.0.0.1:8443`. */
  noProxy?: string | null;
}

/**
 * Whether `targetUrl` skips the proxy under a NO_PROXY list: `*`, a host (and its subdomains), `.domain`, or
 * `host:port` for one port only.
 */
export function bypassesProxy(targetUrl: string, noProxy: string | null | undefined): boolean {
  if (!noProxy) return false;
  const url = new URL(targetUrl);
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? '443' : '80');
  return noProxy
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .some((raw) => {
      if (raw === '*') return true;
      const withPort = /^(.*[^:]):(\d+)$/.exec(raw);
      const entry = (withPort ? withPort[1]! : raw).replace(/^\[|\]$/g, '');
      if (withPort && withPort[2] !== port) return false;
      const bare = entry.replace(/^\*?\./, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl reads them. */
export function proxyFromEnvironment(targetUrl: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (bypassesProxy(targetUrl, env.NO_PROXY ?? env.no_proxy)) return null;
  const url = new URL(targetUrl);
  const proxy =
    url.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  return proxy && proxy.length > 0 ? proxy : null;
}

/** The proxy for one URL under the proxy settings, or null for a direct connection. */
export function proxyForUrl(
  choice: ProxyChoice,
  targetUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (choice.mode === 'none') return null;
  if (choice.mode === 'manual') return bypassesProxy(targetUrl, choice.noProxy) ? null : choice.url;
  return proxyFromEnvironment(targetUrl, env);
}
