import { describe, expect, it } from 'vitest';
import { memorySettings, recordingLogger } from '../../../test/support/in-memory-ports.js';
import { Pairing, PAIRING_MAX_FAILURES, PAIRING_TTL_MS } from './pairing.js';

function setup() {
  let now = 1_000_000;
  const settings = memorySettings();
  const logger = recordingLogger();
  const paired: string[] = [];
  const pairing = new Pairing({
    now: () => now,
    settings: settings.access,
    logger,
    onPaired: (u) => void paired.push(u),
  });
  return { pairing, settings, logger, paired, advance: (ms: number) => void (now += ms) };
}

describe('Pairing codes (#10.5)', () => {
  it('a right code pairs once; the code cannot be used again', async () => {
    const { pairing, settings, paired } = setup();
    const { code } = pairing.start();
    await expect(pairing.complete(code.toLowerCase(), 'U1')).resolves.toEqual({ ok: true });
    expect(settings.access.current().slack.commandUsers).toEqual(['U1']);
    expect(paired).toEqual(['U1']);
    await expect(pairing.complete(code, 'U2')).resolves.toEqual({ ok: false, reason: 'unknown' });
  });

  it('wrong codes are counted; the fifth invalidates the code; the log names the attempts, never the code', async () => {
    const { pairing, logger, settings } = setup();
    const { code } = pairing.start();
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let i = 1; i < PAIRING_MAX_FAILURES; i++)
      await expect(pairing.complete(wrong, 'U666')).resolves.toEqual({ ok: false, reason: 'unknown' });
    await expect(pairing.complete(wrong, 'U666')).resolves.toEqual({ ok: false, reason: 'locked' });
    await expect(pairing.complete(code, 'U1')).resolves.toEqual({ ok: false, reason: 'unknown' });
    expect(settings.access.current().slack.commandUsers).toEqual([]);
    const log = logger.text();
    expect(log).toMatch(/wrong code \(1 of 5 before the code is invalidated\)/);
    expect(log).toMatch(/wrong code \(5 of 5\); the code is invalidated/);
    expect(log).toMatch(/U666/);
    expect(log).not.toContain(code);
    expect(log).not.toContain(wrong);
  });

  it('an expired code is refused', async () => {
    const { pairing, advance } = setup();
    const { code } = pairing.start();
    advance(PAIRING_TTL_MS + 1);
    await expect(pairing.complete(code, 'U1')).resolves.toEqual({ ok: false, reason: 'unknown' });
  });

  it('when saving fails the user is not paired, nobody is told "paired", and the same code works on a retry', async () => {
    const { pairing, settings, paired } = setup();
    const { code } = pairing.start();
    settings.failNextSave(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await expect(pairing.complete(code, 'U1')).resolves.toEqual({
      ok: false,
      reason: 'save_failed',
      message: 'ENOSPC: no space left on device',
    });
    expect(paired).toEqual([]);
    expect(settings.access.current().slack.commandUsers).toEqual([]);
    await expect(pairing.complete(code, 'U1')).resolves.toEqual({ ok: true });
    expect(paired).toEqual(['U1']);
  });
});
