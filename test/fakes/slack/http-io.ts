import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isJsonContent(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}

/** Web API arguments: query string, then a form-urlencoded or JSON body (what @slack/web-api sends is a form). */
export function parseApiParams(
  req: IncomingMessage,
  raw: string,
  url: URL,
): { params: Record<string, unknown>; malformed: boolean } {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  if (raw.length === 0) return { params, malformed: false };
  if (isJsonContent(req)) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { params, malformed: true };
      return { params: { ...params, ...parsed }, malformed: false };
    } catch {
      return { params, malformed: true };
    }
  }
  for (const [key, value] of new URLSearchParams(raw).entries()) params[key] = value;
  return { params, malformed: false };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
