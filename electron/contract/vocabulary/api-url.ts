/**
 * The rule for API base URLs that receive a token (forge accounts, Slack's Web API), shared by the config file, the
 * contract and the UI (docs/cli-and-config.md §8): https://, or plain http:// only on this computer (127.0.0.0/8, [::1], localhost) —
 * a token must never cross a network unencrypted. Plain functions (no schema library): the renderer uses them too.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** Why a value is not an acceptable API URL, in a sentence for the user; null when it is fine. */
export function apiUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'must start with https://';
  if (isLoopbackHost(url.hostname)) return null;
  return 'must start with https:// — plain http:// is only allowed for this computer (localhost, 127.0.0.1, [::1]), because the token would travel unencrypted';
}
