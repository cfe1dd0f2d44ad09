import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface HttpsFront {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Requests that made it through the TLS handshake and were forwarded. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/** An HTTPS server with the given certificate in front of a plain-HTTP fake: every request is forwarded as is. */
export async function startHttpsFront(options: { key: string; cert: string; target: string }): Promise<HttpsFront> {
  const target = new URL(options.target);
  let forwarded = 0;
  const server = createServer({ key: options.key, cert: options.cert }, (req, res) => {
    forwarded++;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get forwarded() {
      return forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
