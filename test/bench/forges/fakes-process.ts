/**
 * Child process of `npm run bench:forges`: runs the GitHub, GitLab and Slack fakes on 127.0.0.1 (port 0) and
 * performs the simulated user activity when the benchmark asks. Its clock is the benchmark's virtual clock:
 * Date.now() + an offset that only grows, taken from the virtual time stamped on every request the engine sends
 * (read before any fake handles it) and on every activity message.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../../../electron/core/runtime/clock.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake, type GitHubFake } from '../../fakes/github/index.js';
import { startGitLabFake, type GitLabFake } from '../../fakes/gitlab/index.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack/index.js';
import { GitHubActivity } from './github-activity.js';
import { GitLabActivity } from './gitlab-activity.js';
import {
  isRpcRequest,
  VIRTUAL_NOW_HEADER,
  type Collected,
  type Methods,
  type RpcRequest,
  type SetupParams,
  type SetupResult,
} from './protocol.js';
import { Random } from './random.js';

let offset = 0;
const now = (): number => Date.now() + offset;
/** Moves the clock to the sender's virtual time (never backwards). */
const follow = (virtualNow: number): void => void (offset = Math.max(offset, virtualNow - Date.now()));
subscribe('http.server.request.start', (message) => {
  const stamp = (message as { request?: IncomingMessage }).request?.headers[VIRTUAL_NOW_HEADER];
  if (typeof stamp === 'string' && Number.isFinite(Number(stamp))) follow(Number(stamp));
});
const clock: Clock = {
  now,
  monotonic: now,
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface Running {
  github: GitHubFake;
  gitlab: GitLabFake;
  slack: SlackFake;
  githubActivity: GitHubActivity;
  gitlabActivity: GitLabActivity;
}
let running: Running | null = null;

function need(): Running {
  if (!running) throw new Error('setup first');
  return running;
}

async function setup(p: SetupParams): Promise<SetupResult> {
  offset = p.offset;
  const github = await startGitHubFake({ now, pollIntervalSeconds: 60 });
  const gitlab = await startGitLabFake({ now });
  const slack = await startSlackFake({ clock, rateLimit: p.slackRateLimit });
  for (const name of p.channels) slack.addChannel(name, { is_member: true });
  const githubActivity = new GitHubActivity(github, 'github');
  const gitlabActivity = new GitLabActivity(gitlab, 'gitlab');
  const rnd = new Random(p.seed ^ 0x5eed);
  for (const repo of p.githubRepos) githubActivity.setupRepo(repo, rnd);
  for (const path of p.gitlabProjects) gitlabActivity.setupProject(path, rnd);
  running = { github, gitlab, slack, githubActivity, gitlabActivity };
  return {
    github: {
      apiUrl: github.apiUrl,
      origin: new URL(github.apiUrl).origin,
      token: DEFAULT_GITHUB_TOKEN,
      pollIntervalSeconds: github.pollIntervalSeconds,
    },
    gitlab: { apiUrl: gitlab.apiUrl, origin: new URL(gitlab.apiUrl).origin, token: gitlab.token },
    slack: { apiUrl: slack.apiUrl, origin: new URL(slack.apiUrl).origin, botToken: slack.botToken },
  };
}

function collect(): Collected {
  const { github, gitlab, slack } = need();
  const callsByMethod: Record<string, number> = {};
  for (const call of slack.calls) callsByMethod[call.method] = (callsByMethod[call.method] ?? 0) + 1;
  const usage = process.resourceUsage();
  return {
    slack: {
      posts: slack.messages
        .filter((m) => m.via === 'bot')
        .map((m) => {
          const id = m.metadata?.event_payload.delivery_id;
          return {
            deliveryId: typeof id === 'string' ? id : null,
            postedAt: m.postedAt,
            channel: m.channel,
            threaded: m.thread_ts !== undefined,
          };
        }),
      rateLimited: slack.rateLimited,
      callsByMethod,
      edits: slack.messages.reduce((sum, m) => sum + m.edits.length, 0),
    },
    github: {
      total: github.stats.total,
      billable: github.stats.billable,
      notModified: github.stats.notModified,
      rateLimited: github.stats.rateLimited,
      actions: github.actions.length,
    },
    gitlab: { total: gitlab.stats.total, actions: gitlab.actions.length },
    process: {
      cpuMicros: usage.userCPUTime + usage.systemCPUTime,
      maxRssKb: usage.maxRSS,
      rssBytes: process.memoryUsage().rss,
    },
  };
}

async function handle(request: RpcRequest): Promise<unknown> {
  switch (request.method) {
    case 'setup':
      return setup(request.params as Methods['setup']['params']);
    case 'op': {
      const { op, now: virtualNow } = request.params as Methods['op']['params'];
      follow(virtualNow);
      const r = need();
      return op.forge === 'github' ? r.githubActivity.perform(op) : r.gitlabActivity.perform(op);
    }
    case 'collect':
      return collect();
    case 'close': {
      const r = need();
      await Promise.all([r.github.close(), r.gitlab.close(), r.slack.close()]);
      setImmediate(() => process.exit(0));
      return null;
    }
  }
}

process.on('message', (raw: unknown) => {
  if (!isRpcRequest(raw)) return;
  handle(raw).then(
    (result) => process.send?.({ id: raw.id, result }),
    (error: unknown) =>
      process.send?.({ id: raw.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
