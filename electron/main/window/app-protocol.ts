import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, mimeTypeFor, resolveAppFile } from './app-url.js';
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

/** Serves dist/renderer over app://forgebell/ with the CSP on every response. GET only, no directory listing. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405, headers: headerObject() });
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: headerObject() });
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
