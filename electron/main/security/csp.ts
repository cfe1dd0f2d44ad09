/**
 * The renderer's Content-Security-Policy: only our own bundled files, no inline or eval'd script,
 * no network (the UI talks to the engine over IPC only), no frames, no plugins.
 * Images may come from https (forge avatars) and data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/**
 * Adds our CSP (and a few companion headers) to a response, replacing any CSP the response had
 * under any spelling of the header name.
 */
export function withSecurityHeaders(headers: ResponseHeaders | undefined): ResponseHeaders {
  const out: ResponseHeaders = {};
  const replaced = new Set(['content-security-policy', 'x-content-type-options', 'referrer-policy']);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!replaced.has(name.toLowerCase())) out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  out['X-Content-Type-Options'] = ['nosniff'];
  out['Referrer-Policy'] = ['no-referrer'];
  return out;
}
