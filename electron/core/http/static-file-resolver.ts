import { realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * The one way a request path becomes a file of the built UI, shared by the desktop app's app:// protocol and
 * `forgebell serve`. A path is refused unless every segment decodes cleanly and is an ordinary name: no `.`/`..`,
 * no encoded separators (%2F, %5C), no NUL or other control characters, no backslash. The file it names must then
 * really be inside the root once symlinks are followed (a link pointing out of the folder is refused), and be a
 * regular file. Root membership is checked with a trailing separator, so a sibling folder whose name merely
 * starts with the root's name (`renderer-private` beside `renderer`) is never inside it.
 */

export type StaticPathResult = { ok: true; segments: string[] } | { ok: false; status: 400; reason: string };

export type StaticFileResult = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

const ENCODED_SEPARATOR = /%(2f|5c)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Splits a raw (still percent-encoded) URL path into safe, decoded segments; `/` and `` mean index.html. */
export function staticPathSegments(rawPathname: string): StaticPathResult {
  if (!rawPathname.startsWith('/')) return { ok: false, status: 400, reason: 'the path must start with /' };
  if (ENCODED_SEPARATOR.test(rawPathname)) return { ok: false, status: 400, reason: 'encoded path separator' };
  const segments: string[] = [];
  for (const raw of rawPathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' };
    }
    if (segment === '.' || segment === '..') return { ok: false, status: 400, reason: 'dot segment' };
    if (CONTROL.test(segment) || segment.includes('\\') || segment.includes('/'))
      return { ok: false, status: 400, reason: 'forbidden character' };
    segments.push(segment);
  }
  return { ok: true, segments: segments.length ? segments : ['index.html'] };
}

/** The request target of an HTTP request line (origin-form `/a?b`, or absolute-form `http://host/a`) → its raw path. */
export function rawPathOfTarget(target: string): string | null {
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0] ?? '/';
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : null;
  } catch {
    return null;
  }
}

function isInside(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A path joined under `root` without touching the disk (what the path names, before symlinks are considered). */
export function staticFileCandidate(root: string, rawPathname: string): StaticFileResult {
  const parsed = staticPathSegments(rawPathname);
  if (!parsed.ok) return parsed;
  const base = resolve(root);
  const file = join(base, ...parsed.segments);
  return isInside(base, file) ? { ok: true, file } : { ok: false, status: 403, reason: 'outside the folder' };
}

/** Resolves a raw URL path to an existing regular file really inside `root` (symlinks followed and checked). */
export function resolveStaticFile(root: string, rawPathname: string): StaticFileResult {
  const candidate = staticFileCandidate(root, rawPathname);
  if (!candidate.ok) return candidate;
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(resolve(root));
  } catch {
    return { ok: false, status: 404, reason: 'the folder does not exist' };
  }
  try {
    realFile = realpathSync(candidate.file);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!isInside(realRoot, realFile)) return { ok: false, status: 403, reason: 'links outside the folder' };
  try {
    if (!statSync(realFile).isFile()) return { ok: false, status: 404, reason: 'not a file' };
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  return { ok: true, file: realFile };
}
