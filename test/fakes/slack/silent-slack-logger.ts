import { LogLevel } from '@slack/web-api';
import type { Logger } from '@slack/web-api';

/** A @slack/logger compatible logger that drops everything (keeps SDK noise out of test output). */
export function silentSlackLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
