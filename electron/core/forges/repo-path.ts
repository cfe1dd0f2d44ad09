/**
 * The one check for a repository path a user typed (config file, the app, a slash command, a pasted URL) before any
 * API URL is built from it: `owner/name` or `group/subgroup/project`, every segment a plain name. Refused: empty
 * segments, `.` and `..` (they would climb out of /repos or /projects: `ghes:../..` once reached outside /api/v3),
 * percent signs (an encoded separator or dot that a server might decode), backslashes, whitespace and control
 * characters. Real GitHub and GitLab names never contain any of these.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s%\\\u0000-\u001f\u007f]/;

/** Why `path` is not a usable repository path, or null when it is. */
export function repoPathProblem(path: string): string | null {
  if (path.split('/').length < 2) return 'a repository path is owner/name (GitHub) or group/subgroup/project (GitLab)';
  return namespacePathProblem(path);
}

/** The same rules for an owner or a GitLab group (`group` or `group/subgroup`): one segment or more. */
export function namespacePathProblem(path: string): string | null {
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') return 'a repository path has no empty parts (no leading, trailing or double "/")';
    if (segment === '.' || segment === '..') return 'a repository path has no "." or ".." parts';
    if (FORBIDDEN.test(segment))
      return 'a repository path has no spaces, "%" (encoded characters), backslashes or control characters';
  }
  return null;
}

export function isRepoPath(path: string): boolean {
  return repoPathProblem(path) === null;
}
