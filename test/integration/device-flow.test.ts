import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, Params, Result } from '../../electron/contract/api.js';
import { dispatchCall } from '../../electron/contract/dispatch.js';
import type { ApiErrorBody } from '../../electron/contract/wire.js';
import { DEFAULT_DEVICE_CLIENT_ID, ManualClock, startGitHubFake, type GitHubFake } from '../fakes/github/index.js';
import { startEngine, type EngineHarness } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let clock: ManualClock;
let fake: GitHubFake;
let h: EngineHarness;

beforeEach(async () => {
  clock = new ManualClock();
  // GitHub Enterprise Server layout: API under /api/v3, the device flow on the web origin.
  fake = await startGitHubFake({ prefix: '/api/v3', now: () => clock.now() });
  h = await startEngine(null, { clock });
});
afterEach(async () => {
  await h.stop();
  await fake.close();
});

async function call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
  const answer = await dispatchCall(h.engine.handlers, method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as Result<M>;
}

async function callError(method: MethodName, params: unknown): Promise<ApiErrorBody> {
  const answer = await dispatchCall(h.engine.handlers, method, params);
  if (!('error' in answer)) throw new Error(`${method} succeeded`);
  return answer.error;
}

/**
 * Waits until the engine armed a wait ending `ms` from now. It reads each answer and arms its next wait on real time
 * after the fake counted the poll; moving the clock before that would arm it from a later virtual instant.
 */
async function armed(ms: number): Promise<void> {
  const at = clock.now() + ms;
  await until(() => clock.dueTimes().includes(at), `a wait armed for ${at - clock.now()} ms from now`, 10_000);
}

/** Moves virtual time by one interval, once the engine waits for it, and waits until its poll reached the fake. */
async function pollOnce(userCode: string, seconds = 5): Promise<void> {
  const before = fake.deviceFlow.code(userCode).polls;
  await armed(seconds * 1000);
  clock.advance(seconds * 1000);
  await until(() => fake.deviceFlow.code(userCode).polls > before, `poll #${before + 1} of ${userCode}`, 10_000);
}

/** The flow's status once it left "pending" (the background poll finishes on real time after a virtual tick; up to 10 s on a loaded machine). */
async function settled(flowId: string): Promise<Result<'accounts.deviceFlowStatus'>> {
  let status = await call('accounts.deviceFlowStatus', { flowId });
  for (let i = 0; status.state === 'pending' && i < 400; i++) {
    await new Promise((r) => setTimeout(r, 25));
    status = await call('accounts.deviceFlowStatus', { flowId });
  }
  return status;
}

describe('device flow through the engine handlers', () => {
  it('start → approve on the fake → authorized; the account is saved with the token encrypted and polled', async () => {
    const started = await call('accounts.deviceFlowStart', {
      id: 'ghe',
      apiUrl: `${fake.apiUrl}/`,
      clientId: DEFAULT_DEVICE_CLIENT_ID,
    });
    expect(started).toMatchObject({
      userCode: fake.deviceFlow.code().userCode,
      verificationUri: `${fake.webUrl}/login/device`,
      intervalSeconds: 5,
    });
    expect(started.expiresAt).toBe(new Date(clock.now() + 900_000).toISOString());
    expect(fake.deviceFlow.code().scope).toBe('repo read:org');
    expect(fake.stats.byPath['/login/device/code']).toBe(1);

    // Nothing is asked before the first interval has passed; then GitHub says "pending".
    await expect(call('accounts.deviceFlowStatus', { flowId: started.flowId })).resolves.toMatchObject({
      state: 'pending',
      verify: null,
    });
    expect(fake.deviceFlow.code().polls).toBe(0);
    await pollOnce(started.userCode);
    await pollOnce(started.userCode);
    expect(fake.deviceFlow.code().intervalSeconds).toBe(5); // never polled too fast: no slow_down
    await expect(call('accounts.deviceFlowStatus', { flowId: started.flowId })).resolves.toMatchObject({
      state: 'pending',
    });

    const token = fake.deviceFlow.approve(started.userCode, { login: 'mona', name: 'Mona Lisa' });
    await pollOnce(started.userCode);
    await until(() => h.saved().accounts.length === 1, 'the saved account', 5000);
    const status = await call('accounts.deviceFlowStatus', { flowId: started.flowId });
    expect(status).toMatchObject({ state: 'authorized', verify: { ok: true, summary: 'Signed in as mona' } });
    expect(status.message).toContain('saved as account ghe');
    expect(JSON.stringify(status)).not.toContain(token);

    expect(h.saved().accounts[0]).toEqual({
      id: 'ghe',
      forge: 'github',
      apiUrl: fake.apiUrl,
      token,
      caFile: null,
      // The same OAuth app lets people sign in from Slack (/forgebell signin ghe).
      clientId: DEFAULT_DEVICE_CLIENT_ID,
    });
    const settings = await call('settings.get', {});
    expect(settings.accounts).toEqual([
      {
        id: 'ghe',
        forge: 'github',
        apiUrl: fake.apiUrl,
        tokenSet: true,
        caFile: null,
        clientId: DEFAULT_DEVICE_CLIENT_ID,
      },
    ]);
    expect(JSON.stringify(settings)).not.toContain(token);
    for (const file of filesUnder(h.dataDir))
      expect(readFileSync(file).includes(token), `token in ${file}`).toBe(false);
    expect(h.logs.map((l) => l.message).join('\n')).not.toContain(token);
    // The engine uses the new account at once.
    await until(
      () => h.engine.status().accounts.find((a) => a.id === 'ghe')?.login === 'mona',
      'the account to connect',
      5000,
    );
  });

  it('reports a denied sign-in and saves nothing', async () => {
    const started = await call('accounts.deviceFlowStart', {
      id: 'github',
      apiUrl: fake.apiUrl,
      clientId: DEFAULT_DEVICE_CLIENT_ID,
      scopes: 'repo',
    });
    fake.deviceFlow.deny(started.userCode);
    await pollOnce(started.userCode);
    const status = await settled(started.flowId);
    expect(status).toEqual({ state: 'denied', message: 'The sign-in was cancelled on GitHub.', verify: null });
    expect(h.saved().accounts).toEqual([]);
  });

  it('expires on the clock, slows down when GitHub says so', async () => {
    fake.deviceFlow.expiresInSeconds = 30;
    const started = await call('accounts.deviceFlowStart', {
      id: 'github',
      apiUrl: fake.apiUrl,
      clientId: DEFAULT_DEVICE_CLIENT_ID,
    });
    await pollOnce(started.userCode);
    // GitHub raises this code's interval (as after a slow_down elsewhere): the next poll, 5 s later, is too fast.
    fake.deviceFlow.code(started.userCode).intervalSeconds = 8;
    await pollOnce(started.userCode);
    expect(fake.deviceFlow.code(started.userCode).intervalSeconds).toBe(13);
    await armed(13_000);
    // The engine now waits at least 13 s: 5 s later nothing is asked. Control: a second sign-in started now, at
    // GitHub's usual 5 s, is polled on that same tick — so the virtual tick was seen and acted upon.
    const control = await call('accounts.deviceFlowStart', {
      id: 'github-control',
      apiUrl: fake.apiUrl,
      clientId: DEFAULT_DEVICE_CLIENT_ID,
    });
    expect(fake.deviceFlow.code(control.userCode).intervalSeconds).toBe(5);
    await armed(5000);
    clock.advance(5000);
    await until(() => fake.deviceFlow.code(control.userCode).polls === 1, 'the control sign-in polled at 5 s', 5000);
    expect(fake.deviceFlow.code(started.userCode).polls).toBe(2);
    clock.advance(8000);
    await until(() => fake.deviceFlow.code(started.userCode).polls === 3, 'the slowed-down poll', 5000);
    // t = 23 s; the next wake-up at 36 s is past the 30 s expiry: the engine stops without asking again.
    await armed(13_000);
    clock.advance(13_000);
    const status = await settled(started.flowId);
    expect(status).toMatchObject({ state: 'expired', message: expect.stringMatching(/expired/) });
    expect(fake.deviceFlow.code(started.userCode).polls).toBe(3);
    expect(h.saved().accounts).toEqual([]);
  });

  it('rejects bad input with typed errors', async () => {
    await expect(
      callError('accounts.deviceFlowStart', { id: '-bad', apiUrl: fake.apiUrl, clientId: 'x' }),
    ).resolves.toMatchObject({ code: 'invalid_params' });
    await expect(
      callError('accounts.deviceFlowStart', { id: 'gh', apiUrl: fake.apiUrl, clientId: 'Iv1.unknown' }),
    ).resolves.toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/client ID/),
    });
    await expect(callError('accounts.deviceFlowStatus', { flowId: 'nope' })).resolves.toMatchObject({
      code: 'not_found',
    });
  });
});
