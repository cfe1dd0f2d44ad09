/**
 * `npm run bench:digest`: the review queue behind digests and `/forgebell todo` (docs/cli-and-config.md §5) against the
 * GitHub and GitLab fakes — 200 GitHub repositories holding 2,000 open pull requests and 50 GitLab projects holding
 * 300 open merge requests. Measures and prints; asserts nothing:
 * - one channel digest computed from a cold queue: wall time, GitHub and GitLab requests, GraphQL points;
 * - `/forgebell todo` for 30 people on the warm queue (after a few events marked items dirty): p50/p95;
 * - the cost of keeping the queue current while idle: requests made by digests asked again with no events.
 * Every request pays a simulated network round-trip (BENCH_RTT_MS, default 100 ms).
 */
import { performance } from 'node:perf_hooks';
import { fetch as undiciFetch } from 'undici';
import { createGitHubAdapter } from '../../electron/core/forges/github/adapter.js';
import { createGitLabAdapter } from '../../electron/core/forges/gitlab/adapter.js';
import type { ForgeAdapter } from '../../electron/core/forges/forge-adapter.js';
import type { FetchFn } from '../../electron/core/http/forge-http.js';
import { PeopleDirectory } from '../../electron/core/people/directory.js';
import { defaultDigest, formatChannelDigest } from '../../electron/core/queue/channel-digest.js';
import { ReviewQueue } from '../../electron/core/queue/review-queue.js';
import { buildTodo, formatTodo } from '../../electron/core/queue/todo-list.js';
import type { ForgeEvent } from '../../electron/core/events/forge-event.js';
import { systemClock } from '../../electron/core/runtime/clock.js';
import { silentLogger } from '../../electron/core/runtime/logger.js';
import { openMemoryDatabase } from '../../electron/core/state/database.js';
import { QueueStore } from '../../electron/core/state/queue-store.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startGitLabFake } from '../fakes/gitlab/index.js';

const env = (name: string, fallback: number): number =>
  process.env[name] !== undefined ? Number(process.env[name]) : fallback;
const GITHUB_REPOS = env('BENCH_GITHUB_REPOS', 200);
const GITHUB_PULLS = env('BENCH_GITHUB_PULLS', 2000);
const GITLAB_PROJECTS = env('BENCH_GITLAB_PROJECTS', 50);
const GITLAB_MRS = env('BENCH_GITLAB_MRS', 300);
const RTT_MS = env('BENCH_RTT_MS', 100);
const PEOPLE = 30;

const slow: FetchFn = async (...args) => {
  await new Promise((r) => setTimeout(r, RTT_MS));
  return undiciFetch(...args);
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const github = await startGitHubFake({ pollIntervalSeconds: 1 });
  const gitlab = await startGitLabFake();
  const logins = Array.from({ length: PEOPLE }, (_, i) => `dev${i}`);
  for (const login of logins) github.world.user(login);
  github.setTeam('bench-org', 'core', logins.slice(0, 10));
  const ghRepos = Array.from({ length: GITHUB_REPOS }, (_, i) => `bench-org/repo-${i}`);
  for (const repo of ghRepos) github.createRepo(repo);
  for (let i = 0; i < GITHUB_PULLS; i++) {
    const repo = ghRepos[i % ghRepos.length] as string;
    const author = logins[i % PEOPLE] as string;
    const reviewer = logins[(i + 7) % PEOPLE] as string;
    const pull = github.openPull(repo, {
      title: `Change ${i}`,
      head: `topic-${i}`,
      actor: author,
      reviewers: [reviewer],
      ...(i % 9 === 0 ? { teams: ['core'] } : {}),
      draft: i % 13 === 0,
    });
    if (i % 4 === 0) github.review(repo, pull.number, { state: 'approved', actor: logins[(i + 3) % PEOPLE] as string });
    if (i % 10 === 0)
      github.review(repo, pull.number, { state: 'changes_requested', actor: logins[(i + 5) % PEOPLE] as string });
  }
  const glProjects = Array.from({ length: GITLAB_PROJECTS }, (_, i) => `bench-group/project-${i}`);
  for (const project of glProjects) gitlab.createProject(project);
  for (let i = 0; i < GITLAB_MRS; i++) {
    const project = glProjects[i % glProjects.length] as string;
    const mr = gitlab.openMergeRequest(project, {
      title: `Change ${i}`,
      sourceBranch: `topic-${i}`,
      author: logins[i % PEOPLE] as string,
      reviewers: [logins[(i + 7) % PEOPLE] as string],
    });
    if (i % 4 === 0) gitlab.approve(project, mr.iid, { author: logins[(i + 3) % PEOPLE] as string });
  }

  const adapters = new Map<string, ForgeAdapter>([
    [
      'github',
      createGitHubAdapter({
        accountId: 'github',
        apiUrl: github.apiUrl,
        token: DEFAULT_GITHUB_TOKEN,
        clock: systemClock,
        logger: silentLogger,
        http: { fetch: slow },
      }),
    ],
    [
      'gitlab',
      createGitLabAdapter({
        accountId: 'gitlab',
        apiUrl: gitlab.apiUrl,
        token: gitlab.token,
        clock: systemClock,
        logger: silentLogger,
        http: { fetch: slow },
      }),
    ],
  ]);
  const db = openMemoryDatabase();
  const store = new QueueStore(db);
  const queue = new ReviewQueue({
    store,
    adapter: (id) => adapters.get(id),
    now: () => Date.now(),
    logger: silentLogger,
  });
  const scopes = [
    { account: 'github', repos: ghRepos },
    { account: 'gitlab', repos: glProjects },
  ];
  const people = new PeopleDirectory(
    logins.map((login, i) => ({
      slack: `UDEV${String(i).padStart(5, '0')}`,
      accounts: { github: login, gitlab: login },
      tokens: {},
      notify: [],
      timeZone: 'UTC',
      quietHours: null,
      digest: null,
    })),
  );
  const forgeOf = (account: string) => (account === 'gitlab' ? ('gitlab' as const) : ('github' as const));
  const webUrl = (account: string) => adapters.get(account)?.webUrl ?? null;

  github.resetStats();
  gitlab.stats.reset();
  const ghPointsBefore = github.graphqlQueries.length;
  const started = performance.now();
  const view = await queue.view(scopes);
  const message = formatChannelDigest(defaultDigest('dev'), view, { now: Date.now(), people, forgeOf, webUrl });
  const digestMs = performance.now() - started;
  const pulls = view.entries.filter((e) => e.item.kind === 'pull').length;
  console.log(`cold digest: ${pulls} open pull/merge requests in ${GITHUB_REPOS + GITLAB_PROJECTS} repositories`);
  console.log(
    `  computed in ${(digestMs / 1000).toFixed(2)} s (RTT ${RTT_MS} ms per request), ${message.blocks.length} blocks`,
  );
  console.log(
    `  GitHub requests: ${github.stats.total} (GraphQL ${github.stats.graphql}, documents ${github.graphqlQueries.length - ghPointsBefore})`,
  );
  console.log(`  GraphQL points used: ${view.requests.points}`);
  console.log(`  GitLab requests: ${gitlab.stats.total}`);

  // Keeping the queue current: a few events mark items dirty; asking again reads only those.
  const touched: ForgeEvent[] = ghRepos.slice(0, 5).map((repo, i) => ({
    id: `e${i}`,
    accountId: 'github',
    forge: 'github',
    repo,
    repoUrl: '',
    event: 'reviews',
    action: 'submitted',
    subjectKey: 'pull:1',
    number: 1,
    title: '',
    url: '',
    actor: 'dev1',
    createdAt: new Date().toISOString(),
    state: 'open',
    labels: [],
    branch: null,
    draft: false,
    confidential: false,
    details: { kind: 'none' },
  }));
  db.transaction(() => {
    for (const event of touched) queue.markDirty('github', event.repo, [event]);
  })();
  github.resetStats();
  gitlab.stats.reset();
  const times: number[] = [];
  const settings = () => ({
    accounts: [
      { id: 'github', forge: 'github' as const, apiUrl: github.apiUrl, token: null, caFile: null },
      { id: 'gitlab', forge: 'gitlab' as const, apiUrl: gitlab.apiUrl, token: null, caFile: null },
    ],
    subscriptions: [
      ...ghRepos.map((repo) => ({ account: 'github', repo, enabled: true })),
      ...glProjects.map((repo) => ({ account: 'gitlab', repo, enabled: true })),
    ] as never,
  });
  for (let i = 0; i < PEOPLE; i++) {
    const t0 = performance.now();
    const list = await buildTodo(
      { settings, people: () => people, queue, webUrl, now: () => Date.now() },
      `UDEV${String(i).padStart(5, '0')}`,
    );
    if (list) formatTodo(list, { now: Date.now(), forgeOf, webUrl, mention: (a, l) => people.mention(a, l) });
    times.push(performance.now() - t0);
  }
  console.log(
    `/forgebell todo (${PEOPLE} people, warm queue, 5 items dirty before the first): p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
  );
  console.log(
    `  requests for them: GitHub ${github.stats.total}, GitLab ${gitlab.stats.total} (the dirty items and team members)`,
  );

  github.resetStats();
  gitlab.stats.reset();
  for (let hour = 0; hour < 24; hour++) await queue.view(scopes);
  const idle = github.stats.billable + gitlab.stats.total;
  console.log(
    `idle: 24 digests asked with no events: ${idle} billable requests (${(idle / ((GITHUB_REPOS + GITLAB_PROJECTS) * 24)).toFixed(3)} per repository-hour)`,
  );
  await Promise.all([github.close(), gitlab.close()]);
}

void main();
