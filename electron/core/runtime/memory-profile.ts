import { setFlagsFromString } from 'node:v8';

/**
 * Tells V8 to favour a small heap over speed. Forgebell's engine keeps little alive (its state is in SQLite) but
 * allocates briskly while it polls, and V8's default heuristics then keep growing the heap: at 1,000 repositories the
 * process held over 400 MB for about 30 MB of live objects. With this the heap stays near what is alive, at some CPU
 * cost a tray app can afford. Called once, first thing, by each entry point that runs the engine (the desktop app's
 * main process and `forgebell serve`); V8 reads the flags from then on.
 */
export function favourSmallHeap(): void {
  setFlagsFromString('--optimize-for-size');
  // The young generation keeps its first size (1 MB a semi-space) instead of growing to 4–8 MB a semi-space during
  // a poll's allocation burst and shrinking after it: those bursts were the engine's RSS peaks. What survives a poll
  // is small, so collecting the young generation more often costs no measurable CPU (issue #16, bench:forges).
  setFlagsFromString('--semi-space-growth-factor=1');
  // undici parses HTTP/1 with llhttp compiled to WebAssembly. Once the parser is hot V8 recompiles it with its
  // optimising compiler, and unrolling the parser's big state-machine loop took about 12 MB of compiler memory at
  // once (the engine's highest RSS moments at 1,000 repositories). The parser stays optimised, without unrolled loops.
  setFlagsFromString('--no-wasm-loop-unrolling');
}
