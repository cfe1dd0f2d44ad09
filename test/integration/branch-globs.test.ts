import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName, Params, Result } from '../../electron/contract/api.js';
import { dispatchCall } from '../../electron/contract/dispatch.js';
import type { ApiErrorBody } from '../../electron/contract/wire.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';

/**
 * Branch globs through the engine, as the subscription editor saves them (the contract's `subscriptions.add`): the
 * grammar the editor explains is the one the engine matches with. Before one module decided both, the engine escaped
 * "[" and "]", so `v[0-9]*` (accepted and explained by the editor as a character class) never matched v1.2.
 */

const REPO = 'octo-org/hello-world';

let slack: SlackFake;
let github: GitHubFake;
let h: EngineHarness;

afterEach(async () => {
  await h?.stop();
  await slack?.close();
  await github?.close();
});

async function setup(): Promise<void> {
  slack = await startSlackFake();
  github = await startGitHubFake({ pollIntervalSeconds: 1 });
  github.createRepo(REPO);
  h = await startEngine({
    version: 1,
    pollIntervalSeconds: 1,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
  });
}

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

const pushedTo = (branch: string) =>
  slack.messages.filter((m) => JSON.stringify(m).includes(`Commit 1 on ${branch}`)).length;

describe('branch globs through the engine', () => {
  it('v[0-9]* hears v1.2 and v2, not vx or v1/x; release/* one level only', async () => {
    await setup();
    await call('subscriptions.add', {
      account: 'github',
      repo: REPO,
      events: ['commits'],
      branches: ['v[0-9]*', 'release/*'],
    });
    // A second in: an event stamped in the subscription's own second could count as history.
    await new Promise((r) => setTimeout(r, 1100));
    for (const branch of ['vx', 'v1/x', 'release/1/2', 'v1.2', 'release/2']) github.push(REPO, branch, 1);
    await until(() => pushedTo('v1.2') === 1 && pushedTo('release/2') === 1, 'pushes to v1.2 and release/2');
    github.push(REPO, 'v2', 1);
    await until(() => pushedTo('v2') === 1, 'the push to v2 (control: everything before it was read)');
    expect(pushedTo('vx')).toBe(0);
    expect(pushedTo('v1/x')).toBe(0);
    expect(pushedTo('release/1/2')).toBe(0);
    expect(slack.messages).toHaveLength(3);
  });

  it('refuses a pattern the editor refuses, with the same sentence and its JSON path', async () => {
    await setup();
    const unclosed = await callError('subscriptions.add', {
      account: 'github',
      repo: REPO,
      branches: ['main', 'v[0-9'],
    });
    expect(unclosed).toMatchObject({
      code: 'invalid_params',
      issues: [{ path: 'branches[1]', message: 'unclosed "[": close the character class with "]"' }],
    });
    const sub = await call('subscriptions.add', { account: 'github', repo: REPO, branches: ['main'] });
    const midPart = await callError('subscriptions.update', { id: sub.id, patch: { branches: ['feature**'] } });
    expect(midPart.issues).toEqual([
      {
        path: 'patch.branches[0]',
        message: 'write "**" as a whole part (feature/** or **/fix); within a part, "*" matches any characters',
      },
    ]);
  });
});
