import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { resolveStaticFile } from '../../core/http/static-file-resolver.js';
import { APP_SCHEME, appUrlPath, mimeTypeFor } from './app-url.js';
import { withSecurityHeaders } from '../security/csp.js';

/** Must run before `app` is ready: makes app:// a secure, standard scheme (same-origin rules, ES modules). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function headerObject(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(withSecurityHeaders({})))
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * Serves dist/renderer over app://forgebell/ with the CSP on every response. GET only, no directory listing; paths go
 * through the shared static-file resolver (the same rules as `forgebell serve`).
 */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405, headers: headerObject() });
    const path = appUrlPath(request.url);
    const resolved = path === null ? null : resolveStaticFile(rendererDir, path);
    if (!resolved || !resolved.ok) {
      const status = resolved?.status === 400 ? 400 : 404;
      return new Response(status === 400 ? 'Bad request' : 'Not found', { status, headers: headerObject() });
    }
    const file = resolved.file;
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...headerObject(), 'Content-Type': mimeTypeFor(file) },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: headerObject() });
    }
  });
}
