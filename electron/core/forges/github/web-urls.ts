import { ForgeError } from '../forge-error.js';

/** https://api.github.com → https://github.com; https://HOST/api/v3 → https://HOST (shared with the other forges). */
export { webUrlOf as webUrlFromApiUrl } from '../repo-reference.js';

export interface RepoRef {
  owner: string;
  name: string;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** An owner or repository name: letters, digits, "_", "-", "." — but never "." or ".." (they would climb the API path). */
const isName = (segment: string | undefined): segment is string =>
  segment !== undefined && SEGMENT.test(segment) && segment !== '.' && segment !== '..';

/** Accepts `owner/name` or a web URL of a repository on this host (`https://github.com/owner/name(.git)`). */
export function parseRepoRef(input: string, webUrl: string): RepoRef | null {
  let path = input.trim();
  const base = webUrl.replace(/\/+$/, '');
  if (/^https?:\/\//i.test(path)) {
    if (!path.toLowerCase().startsWith(`${base.toLowerCase()}/`)) return null;
    path = path.slice(base.length + 1).split(/[?#]/)[0] ?? '';
  }
  const [owner, rawName, ...rest] = path.replace(/\/+$/, '').split('/');
  const name = rawName?.replace(/\.git$/i, '');
  if (rest.length > 0 || !isName(owner) || !isName(name)) return null;
  return { owner, name };
}

/** `/repos/{owner}/{name}` for a subscribed `owner/name`; invalid_input when it is not one. */
export function repoApiPath(repo: string): string {
  const [owner, name, ...rest] = repo.split('/');
  if (rest.length > 0 || !isName(owner) || !isName(name)) {
    throw new ForgeError('invalid_input', `"${repo}" is not a GitHub repository; write it as owner/name.`);
  }
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}
