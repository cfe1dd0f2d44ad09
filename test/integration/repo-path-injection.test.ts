import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { createAdapter } from '../../electron/core/forges/adapter-factory.js';
import { systemClock } from '../../electron/core/runtime/clock.js';
import { silentLogger } from '../../electron/core/runtime/logger.js';
import { startGiteaFake, type GiteaFake } from '../fakes/gitea/index.js';
import { startGitLabFake, type GitLabFake } from '../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { runCli } from '../support/cli-process.js';
import { startTestWorld, type TestWorld } from '../support/world.js';
import { until } from '../support/wait-until.js';

// #10.7: repository references with "..", empty parts, encoded separators or control characters are refused before
// any API URL is built from them — in the config file, the app, slash commands and the adapters. Once,
// `ghes:../..` built a URL outside /api/v3.

const HOSTILE = ['../..', 'octo-org/..', './x', 'octo-org//x', 'octo-org/%2e%2e', 'a%2F..%2F../x', 'octo/x\u0000y'];

describe('hostile repository paths', () => {
  let world: TestWorld | null = null;
  let slack: SlackFake | null = null;
  let github: GitHubFake | null = null;
  let gitlab: GitLabFake | null = null;
  let gitea: GiteaFake | null = null;
  let h: EngineHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([world?.close(), slack?.close(), github?.close(), gitlab?.close(), gitea?.close()]);
    world = slack = github = gitlab = gitea = h = null;
  });

  it('a config file naming one is refused with its JSON path', async () => {
    world = await startTestWorld({
      configure: (c) => {
        c.subscriptions = HOSTILE.map((repo) => ({ account: 'github', repo }));
      },
    });
    const r = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(r.code).toBe(2);
    HOSTILE.forEach((_, i) => expect(r.stderr).toContain(`subscriptions[${i}].repo: must be owner/name`));
    expect(r.stderr).toMatch(/no "\." or "\.\." parts/);
  });

  it('slash commands and the app refuse them, and nothing outside /api/v3 is ever requested', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ prefix: '/api/v3', pollIntervalSeconds: 1 });
    github.createRepo('octo-org/hello-world');
    const port = new URL(github.apiUrl).port;
    const paths: string[] = [];
    const onRequest = (message: unknown): void => {
      const req = (message as { request: IncomingMessage }).request;
      if (req.headers.host?.endsWith(`:${port}`)) paths.push(req.url ?? '');
    };
    subscribe('http.server.request.start', onRequest);
    try {
      h = await startEngine({
        version: 1,
        pollIntervalSeconds: 1,
        slack: {
          botToken: slack.botToken,
          appToken: slack.appToken,
          apiUrl: slack.apiUrl,
          defaultChannel: 'general',
          commandUsers: ['U0ALICE001'],
        },
        accounts: [{ id: 'ghes', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      });
      await until(() => h!.engine.status().slack.socket === 'connected', 'socket connected');

      for (const repo of HOSTILE) {
        const reply = await slack.sendSlashCommand({
          text: `subscribe ghes:${repo}`,
          user_id: 'U0ALICE001',
          channel_id: 'C0GENERAL1',
        });
        expect(JSON.stringify(reply.ackPayload), repo).toMatch(/is not a repository path/);
        await expect(h.engine.handlers['subscriptions.add']({ account: 'ghes', repo }), repo).rejects.toThrow();
      }
      const urlReply = await slack.sendSlashCommand({
        text: `subscribe ${github.webUrl}/octo-org/%2e%2e%2fx`,
        user_id: 'U0ALICE001',
        channel_id: 'C0GENERAL1',
      });
      expect(JSON.stringify(urlReply.ackPayload)).toMatch(/not a repository/);

      // The control: a real repository subscribes, through /api/v3.
      await slack.sendSlashCommand({
        text: 'subscribe ghes:octo-org/hello-world',
        user_id: 'U0ALICE001',
        channel_id: 'C0GENERAL1',
      });
      await until(() => slack!.responses.length > 0, 'the response_url answer');
      expect(JSON.stringify(slack.responses)).toMatch(/subscribed this channel to octo-org\/hello-world/);
      expect(h.saved().subscriptions.map((s) => s.repo)).toEqual(['octo-org/hello-world']);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((p) => !p.startsWith('/api/v3/') && !p.startsWith('/api/graphql'))).toEqual([]);
      expect(paths.filter((p) => /(^|\/)\.\.?(\/|$)|%2e|%2f/i.test(p))).toEqual([]);
    } finally {
      unsubscribe('http.server.request.start', onRequest);
    }
  });

  it('the adapters refuse to build an API path from one, and send nothing', async () => {
    github = await startGitHubFake({ prefix: '/api/v3', pollIntervalSeconds: 1 });
    gitlab = await startGitLabFake();
    gitea = await startGiteaFake();
    const deps = { clock: systemClock, logger: silentLogger };
    const adapters = [
      createAdapter({ id: 'ghes', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }, deps),
      createAdapter({ id: 'gl', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }, deps),
      createAdapter({ id: 'tea', forge: 'gitea', apiUrl: gitea.apiUrl, token: gitea.token }, deps),
    ];
    const ports = new Set([github.apiUrl, gitlab.apiUrl, gitea.apiUrl].map((u) => new URL(u).port));
    let requests = 0;
    const onRequest = (message: unknown): void => {
      const host = (message as { request: IncomingMessage }).request.headers.host ?? '';
      if (ports.has(host.split(':').pop() ?? '')) requests++;
    };
    subscribe('http.server.request.start', onRequest);
    try {
      for (const adapter of adapters)
        for (const repo of HOSTILE)
          await expect(adapter.resolveRepo(repo), `${adapter.kind} ${repo}`).rejects.toMatchObject({
            code: 'invalid_input',
          });
      expect(requests).toBe(0);
    } finally {
      unsubscribe('http.server.request.start', onRequest);
    }
  });
});
