import type { Predicate, SlackFake } from './fake-types.js';

function summary(fake: SlackFake): string {
  const calls = fake.calls.slice(-5).map((c) => `${c.method}→${c.ok ? 'ok' : (c.error ?? c.status)}`);
  const envelopes = fake.envelopes.slice(-3).map((e) => `${e.type}:${e.status}`);
  return [
    `messages=${fake.messages.length}`,
    `ephemerals=${fake.ephemerals.length}`,
    `responses=${fake.responses.length}`,
    `connections=${fake.connections}`,
    `last calls=[${calls.join(', ')}]`,
    `last envelopes=[${envelopes.join(', ')}]`,
  ].join(' ');
}

/** Polls the fake's state until `predicate` returns a truthy value (which is returned). */
export function waitFor<T>(
  fake: SlackFake,
  predicate: Predicate<T>,
  timeoutMs = 2000,
  description?: string,
): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      let value: T | undefined | null | false;
      try {
        value = predicate(fake);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (value !== undefined && value !== null && value !== false) {
        resolve(value);
        return;
      }
      if (Date.now() - started >= timeoutMs) {
        const what = description ?? predicate.toString().replace(/\s+/g, ' ').slice(0, 160);
        reject(new Error(`Slack fake: waitFor(${what}) timed out after ${timeoutMs} ms; ${summary(fake)}`));
        return;
      }
      setTimeout(poll, 10);
    };
    poll();
  });
}
