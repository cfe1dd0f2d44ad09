import { performance } from 'node:perf_hooks';
import { createServer } from 'node:http';
import { fetch } from 'undici';
const srv = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('[]'); }); });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const port = (srv.address() as { port: number }).port;
for (let i = 0; i < 100; i++) { const r = await fetch(`http://127.0.0.1:${port}/x`); await r.text(); }
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < 1000; i++) { const r = await fetch(`http://127.0.0.1:${port}/x`); await r.text(); }
const c = process.cpuUsage(c0);
console.log('per request wall ms', (performance.now() - t0) / 1000, 'cpu ms', (c.user + c.system) / 1000 / 1000);
srv.close();
