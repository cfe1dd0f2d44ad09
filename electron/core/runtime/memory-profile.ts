import { setFlagsFromString } from 'node:v8';

/**
 * Tells V8 to favour a small heap over speed. Forgebell's engine keeps little alive (its state is in SQLite) but
 * allocates briskly while it polls, and V8's default heuristics then keep growing the heap: at 1,000 repositories the
 * process held over 400 MB for about 30 MB of live objects. With this the heap stays near what is alive, at some CPU
 * cost a tray app can afford. Called once, first thing, by each entry point that runs the engine (the desktop app's
 * main process and `forgebell serve`); V8 reads the flag from then on.
 */
export function favourSmallHeap(): void {
  setFlagsFromString('--optimize-for-size');
}
