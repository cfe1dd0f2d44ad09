import { ForgeError } from '../forges/forge-error.js';

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The messages of an error and its causes, for matching undici's proxy answers. */
function chainText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' | ');
}

/** The address and port a connection failed on (a system error's `address`/`port`), if any. */
export function failedEndpoint(error: unknown): { address: string | null; port: number } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { port, address } = current as { port?: unknown; address?: unknown };
    if (typeof port === 'number') return { address: typeof address === 'string' ? address : null, port };
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The status a proxy answered a CONNECT with, when undici's ProxyAgent gave up on it (`Proxy response (407)…`). */
export function proxyAnswer(error: unknown): number | null {
  const status = /Proxy response \((\d{3})\)/.exec(chainText(error))?.[1];
  return status ? Number(status) : null;
}

function defaultPort(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/**
 * A failure of the proxy on the way rather than of the place behind it: the proxy's own answer to CONNECT, or a
 * connection that failed on another port than the place's (the proxy's). Null when it looks like the place's own.
 */
function proxyFailure(error: unknown, target: URL, code: string): ForgeError | null {
  const host = target.host;
  const status = proxyAnswer(error);
  if (status === 407) {
    // 'tcp', not 'unauthorized': the forge did not refuse a token (which would be forgotten); the route is broken.
    return new ForgeError(
      'tcp',
      `The proxy on the way to ${host} asks for a login (HTTP 407): add its user and password to the proxy address in Settings (http://user:password@host:port).`,
      { host, status, cause: error },
    );
  }
  if (status !== null) {
    return new ForgeError(
      'tcp',
      `The proxy refused to connect to ${host} (HTTP ${status}): ask its administrator to allow ${host}, or check the proxy in Settings.`,
      { host, status, cause: error },
    );
  }
  const endpoint = failedEndpoint(error);
  if (!endpoint || endpoint.port === defaultPort(target) || !code) return null;
  const where = endpoint.address
    ? `${endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address}:${endpoint.port}`
    : `port ${endpoint.port}`;
  return new ForgeError(
    'tcp',
    `Cannot reach the proxy at ${where} (${code}) on the way to ${host}: check the proxy in Settings and that it is running.`,
    { host, cause: error },
  );
}

/** Maps a fetch/undici failure to a ForgeError whose message says what happened and what to do. */
export function classifyNetworkError(error: unknown, url: string): ForgeError {
  const target = new URL(url);
  const host = target.host;
  const code = causeCode(error) ?? '';
  const viaProxy = proxyFailure(error, target, code);
  if (viaProxy) return viaProxy;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ForgeError('dns', `Cannot resolve ${host} (DNS). Check the host name, your network or VPN.`, {
      host,
      cause: error,
    });
  }
  if (TLS_CODES.has(code) || /certificate|self[- ]signed/i.test(String((error as Error)?.message ?? ''))) {
    return new ForgeError(
      'tls',
      `TLS certificate of ${host} is not trusted (${code || 'certificate verify failed'}). If your company uses its own certificate authority, set "caFile" on this account to its PEM bundle (or ask IT for it).`,
      { host, cause: error },
    );
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ETIMEDOUT' ||
    code === 'ABORT_ERR' ||
    code === 'TimeoutError'
  ) {
    return new ForgeError('timeout', `${host} did not answer in time. Check the network, proxy or firewall.`, {
      host,
      cause: error,
    });
  }
  return new ForgeError(
    'tcp',
    `Cannot connect to ${host} (${code || 'connection failed'}). Check the URL, proxy and firewall.`,
    { host, cause: error },
  );
}
