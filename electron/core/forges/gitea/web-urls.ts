import { ForgeError } from '../forge-error.js';
import { isRepoPath } from '../repo-path.js';

/** https://HOST/api/v1 → https://HOST (keeps a sub-path root such as https://HOST/gitea; shared with the other forges). */
export { webUrlOf as webUrlFromApiUrl } from '../repo-reference.js';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** `/repos/{owner}/{name}` for a subscribed `owner/name`; invalid_input when it is not one. */
export function repoApiPath(repo: string): string {
  const [owner, name, ...rest] = repo.split('/');
  if (!owner || !name || rest.length > 0 || !SEGMENT.test(owner) || !SEGMENT.test(name) || !isRepoPath(repo))
    throw new ForgeError('invalid_input', `"${repo}" is not a Gitea repository; write it as owner/name.`);
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

export type GiteaUrlKind = 'issue' | 'pull' | 'commit' | 'run' | 'repo';

export interface ParsedGiteaUrl {
  repo: string;
  kind: GiteaUrlKind;
  /** Number, sha or run number; empty for a repository URL. */
  id: string;
}

const RESOURCE: Record<string, GiteaUrlKind> = { issues: 'issue', pulls: 'pull', commit: 'commit', runs: 'run' };

/**
 * https://HOST/owner/name/issues/3, /pulls/4, /commit/SHA, /actions/runs/7 (also under a sub-path root);
 * `owner/name` and its web URL give the repository. Null for anything else or another host.
 */
export function parseGiteaUrl(webUrl: string, url: string): ParsedGiteaUrl | null {
  let target: URL;
  let root: URL;
  try {
    target = new URL(url);
    root = new URL(webUrl);
  } catch {
    return null;
  }
  if (target.host.toLowerCase() !== root.host.toLowerCase()) return null;
  const rootPath = root.pathname.replace(/\/+$/, '');
  if (rootPath && !target.pathname.startsWith(`${rootPath}/`)) return null;
  const parts = target.pathname.slice(rootPath.length).split('/').filter(Boolean);
  const [owner, rawName, section, sub, id] = parts;
  const name = rawName?.replace(/\.git$/i, '');
  if (!owner || !name || !SEGMENT.test(owner) || !SEGMENT.test(name)) return null;
  const repo = `${owner}/${name}`;
  if (!isRepoPath(repo)) return null; // "." and ".." would climb the API path
  if (!section) return { repo, kind: 'repo', id: '' };
  const kind = section === 'actions' && sub === 'runs' ? RESOURCE.runs : RESOURCE[section];
  const value = section === 'actions' ? id : sub;
  if (!kind || !value) return null;
  const valid = kind === 'commit' ? /^[0-9a-f]{7,64}$/i.test(value) : /^\d+$/.test(value);
  return valid ? { repo, kind, id: value } : null;
}

/** `refs/heads/main` → main, `refs/tags/v1` → v1; older Gitea wrote the bare name. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

export function isTagRef(ref: string | null | undefined): boolean {
  return !!ref && ref.startsWith('refs/tags/');
}
