import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../test/fakes/clock.js';
import { DEFAULT_GITLAB_CLIENT_ID, type GitLabFake, startGitLabFake } from '../../../../test/fakes/gitlab/index.js';
import { ForgeError } from '../forge-error.js';
import { refreshAccessToken, requestGrantCode, waitForGrant } from './device-grant.js';

/** GitLab's device authorization grant (17.2+) and the refresh of its two-hour access tokens, against the fake. */
describe('GitLab device authorization grant', () => {
  let fake: GitLabFake;
  afterEach(() => fake?.close());

  it('hands out a token once the person approves; refreshing rotates it; a used refresh token is refused', async () => {
    const clock = new ManualClock();
    fake = await startGitLabFake({ now: clock.now });
    const options = { apiUrl: fake.apiUrl, clientId: DEFAULT_GITLAB_CLIENT_ID, clock };
    const code = await requestGrantCode(options);
    expect(code.verificationUriComplete).toContain(code.userCode);
    const outcome = waitForGrant(options, code, { expiresAt: clock.now() + 600_000 });
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 30));
    }
    fake.deviceGrant.approve('dana');
    clock.advance(5_000);
    const result = await outcome;
    expect(result.kind).toBe('token');
    if (result.kind !== 'token') return;
    expect(result.token.expiresAt).toBe(clock.now() + 7_200_000);
    expect(fake.store.personalTokens.get(result.token.access)?.user.username).toBe('dana');

    const renewed = await refreshAccessToken(options, result.token.refresh);
    expect(renewed.access).not.toBe(result.token.access);
    await expect(refreshAccessToken(options, result.token.refresh)).rejects.toMatchObject({
      code: 'unauthorized',
    } satisfies Partial<ForgeError>);
  });

  it('an unknown OAuth application is refused with what to do', async () => {
    fake = await startGitLabFake();
    await expect(requestGrantCode({ apiUrl: fake.apiUrl, clientId: 'nope', clock: new ManualClock() })).rejects.toThrow(
      /does not know this OAuth application/,
    );
  });
});
