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

/** Maps a fetch/undici failure to a ForgeError whose message says what happened and what to do. */
export function classifyNetworkError(error: unknown, url: string): ForgeError {
  const host = new URL(url).host;
  const code = causeCode(error) ?? '';
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
