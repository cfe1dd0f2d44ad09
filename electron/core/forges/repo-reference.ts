import type { AccountFile } from '../settings/config-schema.js';
import { isRepoPath } from './repo-path.js';

export type RepoResolution = { ok: true; account: AccountFile; repo: string } | { ok: false; message: string };

/** https://api.github.com → https://github.com; https://HOST/api/v3, /api/v4 or /api/v1 (Gitea) → https://HOST (the one place this is derived). */
export function webUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v[134]$/i, '');
  return `${url.origin}${path}`;
}

/** Repo path from a web URL of a forge: GitHub and Gitea owner/name; GitLab everything before /-/. */
export function repoPathFromUrl(url: URL, forge: AccountFile['forge'], basePath = ''): string | null {
  const rest = url.pathname
    .slice(basePath.length)
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '');
  if (!rest) return null;
  if (forge === 'github' || forge === 'gitea') {
    const parts = rest.split('/');
    return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null;
  }
  const path = rest.split('/-/')[0]!;
  return path.includes('/') ? path : null;
}

/**
 * `owner/name`, a full web URL, or `<account-id>:<path>` (docs/cli-and-config.md §3). With one account `owner/name` means that
 * account; when several could match, the caller asks for a URL or `<account-id>:<path>`.
 */
export function resolveRepoReference(ref: string, accounts: readonly AccountFile[]): RepoResolution {
  const text = ref.trim().replace(/^<|>$/g, '');
  if (accounts.length === 0)
    return { ok: false, message: 'No forge account is connected yet. Add one in the Forgebell app first.' };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, message: `"${text}" is not a valid URL.` };
    }
    for (const account of accounts) {
      const web = new URL(webUrlOf(account.apiUrl));
      if (web.host.toLowerCase() !== url.host.toLowerCase()) continue;
      const repo = repoPathFromUrl(url, account.forge, web.pathname.replace(/\/+$/, ''));
      if (repo && !isRepoPath(repo)) return { ok: false, message: `"${text}" is not a repository URL.` };
      if (repo) return { ok: true, account, repo };
    }
    return {
      ok: false,
      message: `No connected account is on ${url.host}. Connected: ${accounts.map((a) => `${a.id} (${new URL(webUrlOf(a.apiUrl)).host})`).join(', ')}.`,
    };
  }
  const colon = /^([A-Za-z0-9][A-Za-z0-9_.-]*):(.+)$/.exec(text);
  if (colon) {
    const account = accounts.find((a) => a.id === colon[1]);
    if (!account)
      return {
        ok: false,
        message: `No account with id "${colon[1]}". Accounts: ${accounts.map((a) => a.id).join(', ')}.`,
      };
    return validPath(colon[2]!)
      ? { ok: true, account, repo: colon[2]! }
      : { ok: false, message: `"${colon[2]}" is not a repository path (owner/name or group/project).` };
  }
  if (!validPath(text))
    return { ok: false, message: `"${text}" is not a repository: use owner/name, a web URL, or <account-id>:<path>.` };
  const depth = text.split('/').length;
  const candidates = accounts.filter((a) => a.forge === 'gitlab' || depth === 2);
  if (candidates.length === 1) return { ok: true, account: candidates[0]!, repo: text };
  if (candidates.length === 0) return { ok: false, message: `No connected account can hold "${text}".` };
  return {
    ok: false,
    message: `Several accounts could hold "${text}" (${candidates.map((a) => a.id).join(', ')}). Use a web URL or <account-id>:${text}.`,
  };
}

function validPath(path: string): boolean {
  return !path.split('/')[0]!.includes(':') && isRepoPath(path);
}
