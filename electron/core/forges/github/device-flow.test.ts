import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_CLIENT_ID, startGitHubFake, type GitHubFake } from '../../../../test/fakes/github/index.js';
import type { Clock } from '../../runtime/clock.js';
import { ForgeError } from '../forge-error.js';
import { pollAccessToken, requestDeviceCode, waitForToken, type DeviceFlowClientOptions } from './device-flow.js';
import { createGitHubAdapter } from './adapter.js';

/** Virtual time that jumps forward to each timer at once, so a 15-minute flow runs in milliseconds. */
function jumpingClock(start = Date.parse('2025-06-02T09:00:00Z')): Clock & { current: number } {
  const clock = {
    current: start,
    now: () => clock.current,
    monotonic: () => clock.current,
    setTimeout(fn: () => void, ms: number) {
      let cancelled = false;
      setImmediate(() => {
        if (cancelled) return;
        clock.current += Math.max(0, ms);
        fn();
      });
      return { cancel: () => void (cancelled = true) };
    },
  };
  return clock;
}

let fake: GitHubFake;
let clock: ReturnType<typeof jumpingClock>;
afterEach(async () => fake?.close());

async function setup(prefix = ''): Promise<DeviceFlowClientOptions> {
  clock = jumpingClock();
  fake = await startGitHubFake({ prefix, now: () => clock.now() });
  return { apiUrl: fake.apiUrl, clientId: DEFAULT_DEVICE_CLIENT_ID, clock };
}

describe('GitHub device flow client', () => {
  it('asks the web origin for a code (github.com layout and GHES /api/v3), with GitHub’s expiry and interval', async () => {
    const options = await setup('/api/v3');
    const code = await requestDeviceCode(options);
    expect(code).toMatchObject({
      expiresInSeconds: 900,
      intervalSeconds: 5,
      verificationUri: `${fake.webUrl}/login/device`,
    });
    expect(code.userCode).toMatch(/^[A-Z]{4}-\d{4}$/);
    expect(fake.deviceFlow.code().scope).toBe('repo read:org');
    expect(fake.stats.byPath['/login/device/code']).toBe(1);
  });

  it('polls: pending, slow_down when too fast (interval + 5), then the token, which works on the API', async () => {
    const options = await setup();
    const code = await requestDeviceCode(options, 'repo');
    await expect(pollAccessToken(options, code.deviceCode)).resolves.toEqual({ kind: 'pending' });
    await expect(pollAccessToken(options, code.deviceCode)).resolves.toEqual({
      kind: 'slow_down',
      intervalSeconds: 10,
    });
    clock.current += 10_000;
    await expect(pollAccessToken(options, code.deviceCode)).resolves.toEqual({ kind: 'pending' });
    fake.deviceFlow.approve(code.userCode, { login: 'mona' });
    clock.current += 10_000;
    const done = await pollAccessToken(options, code.deviceCode);
    expect(done).toMatchObject({ kind: 'token', tokenType: 'bearer', scope: 'repo' });
    const token = done.kind === 'token' ? done.accessToken : '';
    expect(token).toMatch(/^gho_/);
    const adapter = createGitHubAdapter({ accountId: 'gh', apiUrl: fake.apiUrl, token, clock });
    await expect(adapter.whoami()).resolves.toMatchObject({ login: 'mona', scopes: ['repo'] });
  });

  it('waits on the injected clock, honours slow_down, and returns the token once approved', async () => {
    const options = await setup();
    const code = await requestDeviceCode(options);
    const start = clock.now();
    const waits: number[] = [];
    // Told 2 s but the server wants 5 s: the second poll is too fast and gets slow_down.
    const outcome = await waitForToken(options, code.deviceCode, {
      expiresAt: start + 900_000,
      intervalSeconds: 2,
      onWaiting: (interval) => {
        waits.push(interval);
        if (waits.length === 3) fake.deviceFlow.approve(code.userCode);
      },
    });
    expect(outcome).toMatchObject({ kind: 'token' });
    expect(waits).toEqual([2, 10, 10]);
    expect(fake.deviceFlow.code().polls).toBe(4);
    // 2 s, 2 s (slow_down), then 10 s twice.
    expect(clock.now() - start).toBe(24_000);
  });

  it('reports a denied sign-in', async () => {
    const options = await setup();
    const code = await requestDeviceCode(options);
    const outcome = await waitForToken(options, code.deviceCode, {
      expiresAt: clock.now() + 900_000,
      intervalSeconds: 5,
      onWaiting: () => fake.deviceFlow.deny(),
    });
    expect(outcome).toEqual({ kind: 'denied', message: 'The sign-in was cancelled on GitHub.' });
  });

  it('reports expiry: by the server (expired_token) and by the clock without another request', async () => {
    const options = await setup();
    const first = await requestDeviceCode(options);
    fake.deviceFlow.expire(first.userCode);
    await expect(
      waitForToken(options, first.deviceCode, { expiresAt: clock.now() + 900_000, intervalSeconds: 5 }),
    ).resolves.toMatchObject({ kind: 'expired' });

    fake.deviceFlow.expiresInSeconds = 12;
    const second = await requestDeviceCode(options);
    const outcome = await waitForToken(options, second.deviceCode, {
      expiresAt: clock.now() + second.expiresInSeconds * 1000,
      intervalSeconds: second.intervalSeconds,
    });
    expect(outcome).toMatchObject({ kind: 'expired', message: expect.stringMatching(/expired/) });
    expect(fake.deviceFlow.code(second.userCode).polls).toBe(2);
  });

  it('explains an unknown client ID and an app without device flow', async () => {
    const options = await setup();
    const wrong = requestDeviceCode({ ...options, clientId: 'Iv1.nope' });
    await expect(wrong).rejects.toBeInstanceOf(ForgeError);
    await expect(wrong).rejects.toThrow(/does not know this OAuth app client ID/);
    fake.deviceFlow.disabledClientIds.add(DEFAULT_DEVICE_CLIENT_ID);
    await expect(requestDeviceCode(options)).rejects.toThrow(/Device flow is disabled/);
  });

  it('the fake also takes form-encoded requests, as GitHub does', async () => {
    await setup();
    const response = await fetch(`${fake.webUrl}/login/device/code`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: DEFAULT_DEVICE_CLIENT_ID, scope: 'repo' }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ expires_in: 900, interval: 5 });
  });
});
