import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { Agent, ProxyAgent } from './undici-parts.js';

export interface DispatcherOptions {
  /** Extra PEM bundle trusted for this account only (added to the system roots). */
  caFile?: string | null;
  /** http(s)://host:port of an HTTP proxy, or null for a direct connection. */
  proxyUrl?: string | null;
  connectTimeoutMs?: number;
}

/** Builds the undici dispatcher for one account or for Slack: custom CA and/or HTTP proxy. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  let ca: string[] | undefined;
  if (options.caFile) {
    const extra = readFileSync(options.caFile, 'utf8');
    // Keep the public roots and add the corporate CA on top.
    ca = [...tlsRootCertificates(), extra];
  }
  const connect = { ...(ca ? { ca } : {}), timeout: options.connectTimeoutMs ?? 10_000 };
  if (options.proxyUrl) {
    return new ProxyAgent({ uri: options.proxyUrl, requestTls: connect, connect: { timeout: connect.timeout } });
  }
  return new Agent({ connect, keepAliveTimeout: 30_000 });
}

import { rootCertificates } from 'node:tls';
function tlsRootCertificates(): string[] {
  return [...rootCertificates];
}
