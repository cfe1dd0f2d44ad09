import { apiUrlProblem } from '../../../../electron/contract/vocabulary/api-url.js';
import type { ForgeKind } from '../../../../electron/contract/vocabulary/forges.js';

/** The kinds of forge account the wizard offers, and the URLs that follow from a host name. */
export type PresetId = 'github' | 'ghes' | 'gitlab' | 'gitlab-self' | 'gitea';

export interface ForgePreset {
  id: PresetId;
  forge: ForgeKind;
  label: string;
  description: string;
  needsHost: boolean;
  scopes: string;
  /** Whether the token page link preselects the scopes (Gitea's page cannot: the user ticks them). */
  scopesPreselected: boolean;
  tokenPlaceholder: string;
}

export const PRESETS: readonly ForgePreset[] = [
  {
    id: 'github',
    forge: 'github',
    label: 'GitHub.com',
    description: 'github.com',
    needsHost: false,
    scopes: 'repo, read:org',
    scopesPreselected: true,
    tokenPlaceholder: 'ghp_… or github_pat_…',
  },
  {
    id: 'ghes',
    forge: 'github',
    label: 'GitHub Enterprise Server',
    description: 'Your company’s GitHub host',
    needsHost: true,
    scopes: 'repo, read:org',
    scopesPreselected: true,
    tokenPlaceholder: 'ghp_… or github_pat_…',
  },
  {
    id: 'gitlab',
    forge: 'gitlab',
    label: 'GitLab.com',
    description: 'gitlab.com',
    needsHost: false,
    scopes: 'api (or read_api to only read)',
    scopesPreselected: true,
    tokenPlaceholder: 'glpat-…',
  },
  {
    id: 'gitlab-self',
    forge: 'gitlab',
    label: 'GitLab self-managed',
    description: 'Your own GitLab host',
    needsHost: true,
    scopes: 'api (or read_api to only read)',
    scopesPreselected: true,
    tokenPlaceholder: 'glpat-…',
  },
  {
    id: 'gitea',
    forge: 'gitea',
    label: 'Gitea / Forgejo',
    description: 'Your Gitea or Forgejo host (Codeberg too)',
    needsHost: true,
    scopes:
      'read:repository, read:issue, read:user, and write:issue and write:repository to act from Slack (close and reopen, review, comment, merge)',
    scopesPreselected: false,
    tokenPlaceholder: 'a 40-character access token',
  },
];

export function presetById(id: PresetId): ForgePreset {
  return PRESETS.find((p) => p.id === id) as ForgePreset;
}

/** "https://git.example.com/some/path/" → "git.example.com"; keeps a port. */
export function normaliseHost(input: string): string {
  return input
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .toLowerCase();
}

export function validateHost(input: string): string | null {
  const host = normaliseHost(input);
  if (!host) return 'Enter the host name, for example github.example.com.';
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(host) || host.startsWith('.') || host.includes('..'))
    return 'Write just the host name, for example git.example.com or git.example.com:8443.';
  if (host === 'github.com' || host === 'api.github.com')
    return 'That is GitHub.com: choose the GitHub.com option instead.';
  if (host === 'gitlab.com') return 'That is GitLab.com: choose the GitLab.com option instead.';
  return null;
}

export function apiUrlFor(preset: PresetId, hostInput: string): string | null {
  const host = normaliseHost(hostInput);
  switch (preset) {
    case 'github':
      return 'https://api.github.com';
    case 'gitlab':
      return 'https://gitlab.com/api/v4';
    case 'ghes':
      return validateHost(host) ? null : `https://${host}/api/v3`;
    case 'gitlab-self':
      return validateHost(host) ? null : `https://${host}/api/v4`;
    case 'gitea':
      return validateHost(host) ? null : `https://${host}/api/v1`;
  }
}

/** The forge's "new token" page, with Forgebell's scopes already ticked where the forge allows it (not Gitea). */
export function tokenPageUrl(preset: PresetId, hostInput: string): string | null {
  const host = normaliseHost(hostInput);
  const github = (h: string) => `https://${h}/settings/tokens/new?scopes=repo,read:org&description=Forgebell`;
  const gitlab = (h: string) =>
    `https://${h}/-/user_settings/personal_access_tokens?name=Forgebell&scopes=api,read_api`;
  switch (preset) {
    case 'github':
      return github('github.com');
    case 'gitlab':
      return gitlab('gitlab.com');
    case 'ghes':
      return validateHost(host) ? null : github(host);
    case 'gitlab-self':
      return validateHost(host) ? null : gitlab(host);
    case 'gitea':
      return validateHost(host) ? null : `https://${host}/user/settings/applications`;
  }
}

const GENERIC_LABELS = new Set([
  'git',
  'github',
  'gitlab',
  'gitea',
  'forgejo',
  'www',
  'code',
  'scm',
  'src',
  'source',
  'dev',
  'api',
]);

/** A short, unused account id (it is what users type in `/forgebell subscribe <id>:<path>`). */
export function suggestAccountId(preset: PresetId, hostInput: string, taken: readonly string[]): string {
  let base: string;
  if (preset === 'github' || preset === 'gitlab') base = preset;
  else {
    const labels = normaliseHost(hostInput).replace(/:\d+$/, '').split('.').filter(Boolean);
    base = labels.find((l) => !GENERIC_LABELS.has(l)) ?? labels[0] ?? preset;
    base = base.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'forge';
  }
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** An explicit API URL (GitLab under a path, a test server): http(s), no query. Returns a problem or null. */
export function validateApiUrl(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  if (!/^https?:\/\/[^\s/]+/i.test(value)) return 'Must start with https:// and name a host.';
  try {
    const url = new URL(value);
    if (url.search || url.hash) return 'Leave out the ?query and #fragment.';
  } catch {
    return 'This is not a valid URL.';
  }
  const problem = apiUrlProblem(value);
  return problem ? `This address ${problem}.` : null;
}
