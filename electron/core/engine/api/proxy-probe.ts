import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from '../../http/undici-parts.js';
import type { ProxyProbe } from '../../../contract/schemas.js';
import type { NetworkRoute } from '../../http/dispatcher-cache.js';
import { classifyNetworkError, failedEndpoint, proxyAnswer } from '../../http/network-error.js';
import { type ProxyChoice, proxyForUrl } from '../../http/proxy-choice.js';
import { withoutPassword } from '../../settings/proxy-settings.js';
import type { Settings } from '../../settings/settings-model.js';

/**
 * The proxy settings' Test button: before a proxy is saved, reach Slack's API and every forge account the way they
 * would go under it (through the proxy, or directly when bypassed) and say per place whether it answered. Any HTTP
 * answer proves the route; only a connection that fails (proxy refused, DNS, TLS, timeout) is a problem.
 */
export interface ProxyProbePort {
  /** Work on a route of its own, without keeping its dispatcher. */
  tryRoute<T>(route: NetworkRoute, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T>;
}

const TIMEOUT_MS = 8_000;

export async function probeProxy(
  settings: Settings,
  choice: ProxyChoice,
  port: ProxyProbePort,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProxyProbe[]> {
  const places = [
    { target: 'Slack', url: settings.slack.apiUrl, caFile: null as string | null },
    ...settings.accounts.map((a) => ({ target: a.id, url: a.apiUrl, caFile: a.caFile })),
  ];
  return Promise.all(
    places.map(async ({ target, url, caFile }): Promise<ProxyProbe> => {
      const probe = await probeOne(url, caFile, choice, port, env);
      // The proxy the UI is shown never carries a password (the stored one may have been used to try it).
      return { target, url, ...probe, via: withoutPassword(probe.via) };
    }),
  );
}

async function probeOne(
  url: string,
  caFile: string | null,
  choice: ProxyChoice,
  port: ProxyProbePort,
  env: NodeJS.ProcessEnv,
): Promise<Omit<ProxyProbe, 'target' | 'url'>> {
  let via: string | null;
  try {
    via = proxyForUrl(choice, url, env);
  } catch {
    return { via: null, ok: false, message: `${url} is not a valid URL.` };
  }
  try {
    const status = await port.tryRoute({ proxyUrl: via, caFile }, async (dispatcher) => {
      const res = await undiciFetch(url, {
        method: 'GET',
        dispatcher,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      return res.status;
    });
    return { via, ok: true, message: `Reached (HTTP ${status}).` };
  } catch (error) {
    return { via, ok: false, message: failureMessage(error, url, via) };
  }
}

/** Where the failure was (the proxy itself, or the place behind it) and what to do, in words. */
function failureMessage(error: unknown, url: string, via: string | null): string {
  const host = new URL(url).host;
  if (!via) return classifyNetworkError(error, url).message;
  const proxy = safeProxy(via);
  const status = proxyAnswer(error);
  if (status === 407)
    return `The proxy ${proxy} asks for a login (HTTP 407): write it as http://user:password@host:port.`;
  if (status !== null)
    return `The proxy ${proxy} refused to connect to ${host} (HTTP ${status}): ask its administrator to allow it.`;
  const proxyPort = new URL(via).port || (via.startsWith('https:') ? '443' : '80');
  if (failedEndpoint(error)?.port === Number(proxyPort))
    return `The proxy ${proxy} cannot be reached (${causeCode(error) ?? 'connection failed'}): check its address and port.`;
  return `${classifyNetworkError(error, url).message} Through the proxy ${proxy}: check that it allows ${host}.`;
}

function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The proxy URL without a password, for messages. */
function safeProxy(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'as entered';
  }
}
