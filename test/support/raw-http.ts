import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line, or null when the connection closed without one. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Everything received, as text. */
  raw: string;
  /** True when the server neither answered nor closed within the time allowed. */
  timedOut: boolean;
}

/**
 * Sends raw bytes to host:port over a plain TCP socket and collects what comes back until the server closes the
 * connection (or `ms` passes). For requests no HTTP client would send: bad request lines, bad percent-encoding.
 */
export function rawRequest(port: number, bytes: string | Buffer, ms = 5_000, host = '127.0.0.1'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, ms);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNRESET') finish();
      else reject(error);
    });
    socket.on('close', () => finish());
    let done = false;
    function finish(): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: m ? Number(m[1]) : null, headers, body: rest.join('\r\n\r\n'), raw, timedOut });
    }
  });
}

/** A GET with `Connection: close`, for a target written exactly as given. */
export function rawGet(port: number, target: string, extraHeaders = ''): Promise<RawAnswer> {
  return rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extraHeaders}\r\n`);
}
