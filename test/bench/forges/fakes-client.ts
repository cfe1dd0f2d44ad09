import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isRpcReply, type Method, type Methods } from './protocol.js';

/** The parent's handle on the fakes' process: typed request/response over Node's IPC channel. */
export class FakesClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      if (!isRpcReply(raw)) return;
      const waiter = this.pending.get(raw.id);
      if (!waiter) return;
      this.pending.delete(raw.id);
      if (raw.error !== undefined) waiter.reject(new Error(`fakes process: ${raw.error}`));
      else waiter.resolve(raw.result ?? null);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`fakes process exited (${code ?? 'signal'})`));
      this.pending.clear();
    });
  }

  /**
   * Forks the fakes' process: with the same loader as this one, or (`viaTsx`, from a bundled process started with
   * plain node) with tsx's loader. `entry`: where fakes-process.ts is (a bundle no longer sits beside it).
   */
  static start(options: { viaTsx?: boolean; entry?: string } = {}): FakesClient {
    const entry = options.entry ?? fileURLToPath(new URL('./fakes-process.ts', import.meta.url));
    return new FakesClient(
      fork(entry, [], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        ...(options.viaTsx ? { execArgv: ['--import', 'tsx'] } : {}),
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<M extends Method>(method: M, params: Methods[M]['params']): Promise<Methods[M]['result']> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as Methods[M]['result']), reject });
      this.child.send({ id, method, params });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('close', null).catch(() => undefined);
    await exited;
  }
}
