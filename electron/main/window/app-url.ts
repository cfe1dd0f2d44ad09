import { extname } from 'node:path';
import { staticFileCandidate } from '../../core/http/static-file-resolver.js';

/**
 * The renderer is served from a privileged custom scheme rather than file:// (Electron security
 * checklist #18): `app://forgebell/index.html`. Only files under dist/renderer can be reached.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'forgebell';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True when `raw` is a URL of our renderer (Node's URL gives custom schemes an opaque origin, so compare parts). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The raw (still percent-encoded) path of one of our app:// URLs, or null for any other URL. */
export function appUrlPath(requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  return new URL(requestUrl).pathname || '/';
}

/**
 * Maps a request URL to the file it names under `rootDir`, or null (other host, bad encoding, dot segments, encoded
 * separators): the shared static-file rules, without touching the disk. The protocol handler also follows symlinks.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  const path = appUrlPath(requestUrl);
  if (path === null) return null;
  const candidate = staticFileCandidate(rootDir, path);
  return candidate.ok ? candidate.file : null;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
