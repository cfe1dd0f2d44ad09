import WebSocket from 'ws';

/** A contract client over serve's loopback WebSocket, as the UI connects (token as a subprotocol, our Origin). */
export async function openApiSocket(uiUrl: string, token: string): Promise<ApiSocket> {
  const origin = uiUrl.replace(/\/$/, '');
  const ws = new WebSocket(`${origin.replace('http://', 'ws://')}/api`, ['forgebell.v1', `forgebell.token.${token}`], {
    origin,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (frame: { result?: unknown; error?: { message: string } }) => void>();
  const pushes: { event: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; event?: string; payload?: unknown };
    if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame as never);
    else if (frame.event) pushes.push({ event: frame.event, payload: frame.payload });
  });
  return {
    pushes,
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, (frame) => {
          waiting.delete(id);
          if (frame.error) reject(new Error(`${method}: ${frame.error.message}`));
          else resolve(frame.result);
        });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

export interface ApiSocket {
  call(method: string, params?: unknown): Promise<unknown>;
  pushes: { event: string; payload: unknown }[];
  close(): void;
}
