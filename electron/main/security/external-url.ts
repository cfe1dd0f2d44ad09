/**
 * Which links the app hands to the operating system (`shell.openExternal`): https only, and only
 * to Slack and to the forges the user configured. github.com and gitlab.com are always allowed,
 * since the setup wizard links to their token pages before any account exists.
 */
export const ALWAYS_ALLOWED_HOSTS: readonly string[] = ['slack.com', 'github.com', 'gitlab.com'];

/** The web host behind a forge API URL: api.github.com → github.com; HOST/api/v3 or /api/v4 → HOST. */
export function forgeWebHost(apiUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (!host) return null;
  return host === 'api.github.com' ? 'github.com' : host;
}

export function allowedExternalHosts(accounts: readonly { apiUrl: string }[]): string[] {
  const hosts = new Set(ALWAYS_ALLOWED_HOSTS);
  for (const account of accounts) {
    const host = forgeWebHost(account.apiUrl);
    if (host) hosts.add(host);
  }
  return [...hosts];
}

/** True for `https://` URLs without credentials whose host is an allowed host or one of its subdomains. */
export function isAllowedExternalUrl(raw: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
