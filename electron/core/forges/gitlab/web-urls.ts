import { ForgeError } from '../forge-error.js';
import { isRepoPath, namespacePathProblem, repoPathProblem } from '../repo-path.js';

/** https://HOST/api/v4 → https://HOST (keeps a relative root such as https://HOST/gitlab). */
export { webUrlOf as webUrlFromApiUrl } from '../repo-reference.js';

/** `:id` path segment: the URL-encoded full path (group%2Fsub%2Fproject) or a numeric id. */
export function projectSegment(repo: string): string {
  if (/^\d+$/.test(repo)) return repo;
  const problem = repoPathProblem(repo);
  if (problem) throw new ForgeError('invalid_input', `"${repo}" is not a GitLab project path: ${problem}.`);
  return encodeURIComponent(repo);
}

/** `:id` of a group: the URL-encoded full path (group%2Fsub) or a numeric id; the same rules as a project path. */
export function groupSegment(group: string): string {
  if (/^\d+$/.test(group)) return group;
  const problem = namespacePathProblem(group);
  if (problem) throw new ForgeError('invalid_input', `"${group}" is not a GitLab group path: ${problem}.`);
  return encodeURIComponent(group);
}

/** Accepts group/sub/project, a project web URL on this host, or either with stray slashes / `.git`. */
export function normaliseRepoPath(webUrl: string, repo: string): string {
  let path = repo.trim();
  if (/^https?:\/\//i.test(path)) {
    const parsed = parseGitLabUrl(webUrl, path);
    if (!parsed) throw new ForgeError('invalid_input', `${repo} is not a project URL on ${webUrl}.`);
    path = parsed.project;
  }
  path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '');
  if (!isRepoPath(path))
    throw new ForgeError(
      'invalid_input',
      `"${repo}" is not a GitLab project path (group/project or group/subgroup/project).`,
    );
  return path;
}

export type GitLabUrlKind = 'issue' | 'merge_request' | 'commit' | 'pipeline' | 'project';

export interface ParsedGitLabUrl {
  project: string;
  kind: GitLabUrlKind;
  /** iid, sha or pipeline id; empty for a project URL. */
  id: string;
}

const RESOURCE: Record<string, GitLabUrlKind> = {
  issues: 'issue',
  work_items: 'issue',
  merge_requests: 'merge_request',
  commit: 'commit',
  pipelines: 'pipeline',
};

/** https://HOST/group/sub/project/-/issues/3 (and merge_requests, commit, pipelines; the `/-/` may be absent on old URLs). */
export function parseGitLabUrl(webUrl: string, url: string): ParsedGitLabUrl | null {
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
  const rest = decodeSafe(target.pathname.slice(rootPath.length)).replace(/^\/+|\/+$/g, '');
  const match = /^(.+?)\/(?:-\/)?(issues|work_items|merge_requests|commit|pipelines)\/([^/]+)/.exec(rest);
  if (match) {
    const kind = RESOURCE[match[2] ?? ''];
    const id = match[3] ?? '';
    const valid = kind === 'commit' ? /^[0-9a-f]{7,64}$/i.test(id) : /^\d+$/.test(id);
    return kind && valid && isRepoPath(match[1] ?? '') ? { project: match[1] ?? '', kind, id } : null;
  }
  if (rest.includes('/-/') || !isRepoPath(rest.replace(/\.git$/i, ''))) return null;
  return { project: rest.replace(/\.git$/i, ''), kind: 'project', id: '' };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
