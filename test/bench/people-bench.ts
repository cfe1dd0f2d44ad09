/**
 * `npm run bench:people`: the real Engine (wired as in production by test/support/engine-harness.ts) with 50 people (20
 * signed in), 200 GitHub repositories and 50 GitLab projects, through one simulated hour of review requests,
 * mentions, assignments, reviews, merges and failed runs, delivering to the Slack fake — plus review requests,
 * assignments and mentions in a few GitHub repositories nobody subscribed, which only signed-in people's own inboxes
 * bring (their DM latency is reported apart). The same hour runs twice: once
 * without people (the baseline of GitHub requests), once with them. Measures and prints; asserts nothing.
 *
 * Time: the skip-idle virtual clock of bench:forges (forges/skip-clock.ts) drives the engine and the fakes (here in
 * this process), with a simulated network round-trip (BENCH_RTT_MS) on every request.
 */
import { performance } from 'node:perf_hooks';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startGitLabFake } from '../fakes/gitlab/index.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { startEngine } from '../support/engine-harness.js';
import { HttpMeter, type RequestRecord } from './forges/http-meter.js';
import { VIRTUAL_NOW_HEADER } from './forges/protocol.js';
import { Random } from './forges/random.js';
import { SkipClock } from './forges/skip-clock.js';
import { PeopleActivity, type Person } from './people/people-activity.js';

const env = (name: string, fallback: number): number =>
  process.env[name] !== undefined ? Number(process.env[name]) : fallback;
const SEED = env('BENCH_SEED', 1);
const GITHUB_REPOS = env('BENCH_GITHUB_REPOS', 200);
const GITLAB_PROJECTS = env('BENCH_GITLAB_PROJECTS', 50);
const PEOPLE = env('BENCH_PEOPLE', 50);
const SIGNED_IN_GITHUB = env('BENCH_SIGNED_IN_GITHUB', 14);
const SIGNED_IN_GITLAB = env('BENCH_SIGNED_IN_GITLAB', 6);
const IDLE_SIGNED_IN = env('BENCH_IDLE_SIGNED_IN', 4);
const MINUTES = env('BENCH_MINUTES', 60);
const DRAIN_MINUTES = env('BENCH_DRAIN_MINUTES', 4);
const RTT_MS = env('BENCH_RTT_MS', 150);
const POLL_SECONDS = 60;
/** Review requests, assignments and mentions in GitHub repositories nobody subscribed (only inboxes bring them). */
const INBOX_ONLY_PER_HOUR = env('BENCH_INBOX_ONLY_PER_HOUR', 12);
const UNSUBSCRIBED_REPOS = 5;
/** One action per repository per ten minutes on average, as in bench:forges. */
const ACTIONS_PER_REPO_PER_10_MIN = 1;
const START = Date.parse('2026-03-04T10:00:00Z');
const LEAD_MS = 10_000;

interface HourResult {
  githubBillable: number;
  githubTotal: number;
  githubNotModified: number;
  /** GraphQL requests (billable, counted in githubBillable too) and the points they spent from the GraphQL budget. */
  githubGraphql: number;
  githubGraphqlPoints: number;
  gitlabTotal: number;
  notificationsBillableByLogin: Record<string, number>;
  /** GitHub answers other than 304 in the hour, per endpoint (repository, numbers and logins folded). */
  githubAnsweredByEndpoint: Map<string, number>;
  dms: { key: string; slack: string; postedAt: number }[];
  activity: PeopleActivity | null;
  performed: Map<string, number>;
  wallMs: number;
}

function people(): Person[] {
  return Array.from({ length: PEOPLE }, (_, i) => {
    const signedIn = i < SIGNED_IN_GITHUB ? 'github' : i < SIGNED_IN_GITHUB + SIGNED_IN_GITLAB ? 'gitlab' : null;
    return {
      slack: `UPERSON${String(i).padStart(3, '0')}`,
      github: `gh-person-${i}`,
      gitlab: `gl-person-${i}`,
      signedIn,
      // The last signed-in GitHub people are never involved: their inbox must be free after the first read.
      idle: signedIn === 'github' && i >= SIGNED_IN_GITHUB - IDLE_SIGNED_IN,
    };
  });
}

// One token per person: built from the fixed-width Slack ID (from the login, gh-person-1 and gh-person-10 padded alike).
const githubToken = (p: Person): string => `ghp_bench${p.slack}`.padEnd(40, '0');
const gitlabToken = (p: Person): string => `glpat-bench-${p.gitlab}`;

async function hour(withPeople: boolean): Promise<HourResult> {
  const wallStart = performance.now();
  const clock = new SkipClock(START - 2 * 3600_000);
  const github = await startGitHubFake({ now: () => clock.now(), pollIntervalSeconds: POLL_SECONDS });
  const gitlab = await startGitLabFake({ now: () => clock.now() });
  const slack = await startSlackFake({ clock, rateLimit: null });
  const everyone = people();
  for (const p of everyone) {
    slack.addUser(p.github, { id: p.slack });
    github.world.user(p.github);
    gitlab.store.user(p.gitlab);
    if (p.signedIn === 'github') github.addToken(githubToken(p), { login: p.github, scopes: ['repo'] });
    if (p.signedIn === 'gitlab') gitlab.addToken(gitlabToken(p), p.gitlab, ['api']);
  }
  const records: RequestRecord[] = [];
  const meter = new HttpMeter(
    clock,
    [
      { origin: new URL(github.apiUrl).origin, service: 'github' },
      { origin: new URL(gitlab.apiUrl).origin, service: 'gitlab' },
      { origin: new URL(slack.apiUrl).origin, service: 'slack' },
    ],
    RTT_MS,
    VIRTUAL_NOW_HEADER,
    (record) => records.push(record),
  );
  const uninstall = meter.install();
  const githubRepos = Array.from(
    { length: GITHUB_REPOS },
    (_, i) => `org-${i % 10}/service-${String(i).padStart(3, '0')}`,
  );
  const gitlabProjects = Array.from(
    { length: GITLAB_PROJECTS },
    (_, i) => `group-${i % 5}/app-${String(i).padStart(2, '0')}`,
  );
  const activity = new PeopleActivity(github, gitlab, everyone, () => clock.now());
  for (const repo of githubRepos) activity.setupGitHub(repo);
  for (const path of gitlabProjects) activity.setupGitLab(path);
  const unsubscribed = Array.from({ length: UNSUBSCRIBED_REPOS }, (_, i) => `elsewhere/lib-${i}`);
  for (const repo of unsubscribed) activity.setupGitHubUnsubscribed(repo);
  clock.skipTo(START - LEAD_MS);
  github.resetStats();
  gitlab.stats.reset();

  const config: ConfigFileInput = {
    version: 1,
    pollIntervalSeconds: POLL_SECONDS,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [
      { id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
      { id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token },
    ],
    subscriptions: [
      ...githubRepos.map((repo) => ({ account: 'github', repo })),
      ...gitlabProjects.map((repo) => ({ account: 'gitlab', repo })),
    ],
    people: withPeople
      ? everyone.map((p) => ({
          slack: p.slack,
          accounts: { github: p.github, gitlab: p.gitlab },
          ...(p.signedIn === null
            ? {}
            : { tokens: { [p.signedIn]: p.signedIn === 'github' ? githubToken(p) : gitlabToken(p) } }),
        }))
      : [],
  };
  const h = await startEngine(config, { clock });

  // The hour's actions, at random instants, the same for both runs (same seed).
  const rnd = new Random(SEED);
  const performed = new Map<string, number>();
  const end = START + MINUTES * 60_000;
  const repos = [
    ...githubRepos.map((repo) => ({ forge: 'github' as const, repo })),
    ...gitlabProjects.map((repo) => ({ forge: 'gitlab' as const, repo })),
  ];
  const count = Math.round((repos.length * ACTIONS_PER_REPO_PER_10_MIN * MINUTES) / 10);
  for (let i = 0; i < count; i++) {
    const target = rnd.pick(repos);
    const at = START + rnd.int(0, MINUTES * 60_000 - 1);
    const seed = rnd.int(1, 2 ** 30);
    clock.setTimeout(() => {
      const what = target.forge === 'github' ? activity.github(target.repo, seed) : activity.gitlab(target.repo, seed);
      performed.set(`${target.forge} ${what}`, (performed.get(`${target.forge} ${what}`) ?? 0) + 1);
    }, at - clock.now());
  }

  // Inbox-only activity, on its own random sequence (the hour above stays the same as without it).
  const rndElsewhere = new Random(SEED + 7919);
  const inboxOnlyCount = Math.round((INBOX_ONLY_PER_HOUR * MINUTES) / 60);
  for (let i = 0; i < inboxOnlyCount; i++) {
    const repo = rndElsewhere.pick(unsubscribed);
    const at = START + rndElsewhere.int(0, MINUTES * 60_000 - 1);
    const seed = rndElsewhere.int(1, 2 ** 30);
    clock.setTimeout(() => {
      const what = activity.githubInboxOnly(repo, seed);
      performed.set(`github ${what}`, (performed.get(`github ${what}`) ?? 0) + 1);
    }, at - clock.now());
  }

  const settle = async (): Promise<void> => {
    let quiet = 0;
    while (quiet < 3) {
      clock.fireDue();
      if (meter.inFlight > 0) {
        quiet = 0;
        const next = clock.nextAt();
        const wait = next === null ? 20 : Math.max(0, Math.min(20, next - clock.now()));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, wait))), meter.changed()]);
        clearTimeout(timer);
        continue;
      }
      await new Promise((resolve) => setImmediate(resolve));
      quiet = meter.inFlight > 0 || clock.hasDue() ? 0 : quiet + 1;
    }
  };
  const pumpUntil = async (limit: number, done: () => boolean = () => false): Promise<void> => {
    let progress = START + (Math.floor((clock.now() - START) / 600_000) + 1) * 600_000;
    for (;;) {
      await settle();
      if (done()) return;
      const next = clock.nextAt();
      if (next === null || next > limit) return;
      clock.skipTo(next);
      if (clock.now() >= progress) {
        process.stderr.write(
          `  … ${withPeople ? 'with' : 'without'} people: ${Math.round((clock.now() - START) / 60_000)} simulated min, ${((performance.now() - wallStart) / 1000).toFixed(0)} s real\n`,
        );
        progress += 10 * 60_000;
      }
    }
  };
  await pumpUntil(end);
  // GitHub requests are counted for the hour; the drain lets the last events arrive.
  const githubBillable = github.stats.billable;
  const githubTotal = github.stats.total;
  const githubNotModified = github.stats.notModified;
  const githubGraphql = github.stats.graphql;
  const githubGraphqlPoints = github.stats.graphqlPoints;
  const gitlabTotal = gitlab.stats.total;
  const notificationsBillableByLogin = { ...github.stats.billableByLogin };
  const githubAnsweredByEndpoint = new Map<string, number>();
  for (const r of records) {
    if (r.service !== 'github' || r.status === 304 || r.at < START - LEAD_MS || r.at > end) continue;
    const endpoint = `${r.method} ${endpointOf(r.path)}`;
    githubAnsweredByEndpoint.set(endpoint, (githubAnsweredByEndpoint.get(endpoint) ?? 0) + 1);
  }
  await pumpUntil(end + DRAIN_MINUTES * 60_000);
  const dms = everyone.flatMap((p) =>
    slack.dmsTo(p.slack).flatMap((m) => {
      const id = m.metadata?.event_payload.delivery_id;
      if (typeof id !== 'string' || !id.startsWith('dm|')) return [];
      // dm|slack|account|repo|subject|reason|qualifier@at → the bench's key (slack|forge|repo|subject|reason|qualifier)
      const [, s, account, repo, subject, reason, rest] = id.split('|');
      const qualifier = (rest ?? '').replace(/@\d+$/, '');
      return [{ key: [s, account, repo, subject, reason, qualifier].join('|'), slack: p.slack, postedAt: m.postedAt }];
    }),
  );
  let stopped = false;
  const stopping = h.stop().finally(() => void (stopped = true));
  await pumpUntil(end + (DRAIN_MINUTES + 10) * 60_000, () => stopped);
  await stopping;
  await uninstall();
  await Promise.all([github.close(), gitlab.close(), slack.close()]);
  return {
    githubBillable,
    githubTotal,
    githubNotModified,
    githubGraphql,
    githubGraphqlPoints,
    gitlabTotal,
    notificationsBillableByLogin,
    githubAnsweredByEndpoint,
    dms,
    activity: withPeople ? activity : null,
    performed,
    wallMs: performance.now() - wallStart,
  };
}

/** `/repos/org-1/service-007/actions/runs/12/jobs?x` → `/repos/{repo}/actions/runs/{n}/jobs`. */
function endpointOf(path: string): string {
  return path
    .replace(/\?.*$/, '')
    .replace(/\/repos\/[^/]+\/[^/]+/, '/repos/{repo}')
    .replace(/\/users\/[^/]+/, '/users/{login}')
    .replace(/\/orgs\/[^/]+/, '/orgs/{org}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main(): Promise<void> {
  process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
  process.stderr.write(
    `people bench: ${PEOPLE} people (${SIGNED_IN_GITHUB + SIGNED_IN_GITLAB} signed in), ${GITHUB_REPOS} GitHub repos + ${GITLAB_PROJECTS} GitLab projects, ${MINUTES} min, seed ${SEED}\n`,
  );
  const without = await hour(false);
  const withPeople = await hour(true);
  const activity = withPeople.activity as PeopleActivity;

  const byKey = new Map<string, number[]>();
  for (const dm of withPeople.dms) byKey.set(dm.key, [...(byKey.get(dm.key) ?? []), dm.postedAt]);
  const latencies: number[] = [];
  const inboxOnlyLatencies: number[] = [];
  let missed = 0;
  const missedSamples: string[] = [];
  for (const [key, expected] of activity.expected) {
    const posts = byKey.get(key);
    if (!posts) {
      missed++;
      if (missedSamples.length < 5) missedSamples.push(key);
      continue;
    }
    latencies.push(Math.min(...posts) - expected.at);
    if (activity.inboxOnly.has(key)) inboxOnlyLatencies.push(Math.min(...posts) - expected.at);
  }
  const duplicates = [...byKey.values()].filter((posts) => posts.length > 1).length;
  const own = [...byKey.keys()].filter((key) => activity.own.has(key)).length;
  const unexpected = [...byKey.keys()].filter((key) => !activity.expected.has(key) && !activity.own.has(key));
  latencies.sort((a, b) => a - b);
  inboxOnlyLatencies.sort((a, b) => a - b);
  const everyone = people();
  const idle = everyone.filter((p) => p.idle);
  const idleBillable = idle.map((p) => withPeople.notificationsBillableByLogin[p.github] ?? 0);
  const personal = everyone
    .filter((p) => p.signedIn === 'github')
    .reduce((sum, p) => sum + (withPeople.notificationsBillableByLogin[p.github] ?? 0), 0);
  const extra = withPeople.githubBillable - without.githubBillable;
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

  const lines = [
    '',
    `# bench:people — ${PEOPLE} people (${SIGNED_IN_GITHUB} signed in on GitHub, ${SIGNED_IN_GITLAB} on GitLab, ${IDLE_SIGNED_IN} of them idle), ${GITHUB_REPOS} GitHub repos + ${GITLAB_PROJECTS} GitLab projects, ${MINUTES} simulated minutes, poll ${POLL_SECONDS} s, RTT ${RTT_MS} ms, seed ${SEED}`,
    '',
    `Actions: ${[...withPeople.performed.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    '',
    '| DMs | value | goal |',
    '|---|---|---|',
    `| expected (one per person, subject and reason) | ${activity.expected.size} | |`,
    `| delivered | ${withPeople.dms.length} | |`,
    `| latency p50 | ${s(percentile(latencies, 50))} | |`,
    `| latency p95 | ${s(percentile(latencies, 95))} | ≤ ${s(2 * POLL_SECONDS * 1000)} |`,
    `| latency max | ${s(latencies.at(-1) ?? NaN)} | |`,
    `| of which inbox-only (repositories without a subscription), delivered of expected | ${inboxOnlyLatencies.length} of ${activity.inboxOnly.size} | |`,
    `| inbox-only latency p50 / p95 / max | ${s(percentile(inboxOnlyLatencies, 50))} / ${s(percentile(inboxOnlyLatencies, 95))} / ${s(inboxOnlyLatencies.at(-1) ?? NaN)} | |`,
    `| missed | ${missed} | 0 |`,
    `| duplicates | ${duplicates} | 0 |`,
    `| for one's own action | ${own} | 0 |`,
    `| not in the oracle (neither expected nor own) | ${unexpected.length} | |`,
    '',
    '| GitHub requests in the hour | without people | with people | added |',
    '|---|---|---|---|',
    `| billable | ${without.githubBillable} | ${withPeople.githubBillable} | ${extra} (${((100 * extra) / Math.max(1, without.githubBillable)).toFixed(1)} %, goal ≤ 10 %) |`,
    `| total (304s included) | ${without.githubTotal} | ${withPeople.githubTotal} | ${withPeople.githubTotal - without.githubTotal} |`,
    `| 304 Not Modified | ${without.githubNotModified} | ${withPeople.githubNotModified} | |`,
    `| GraphQL requests (in billable) | ${without.githubGraphql} | ${withPeople.githubGraphql} | ${withPeople.githubGraphql - without.githubGraphql} |`,
    `| GraphQL points (GraphQL budget, 5,000/h) | ${without.githubGraphqlPoints} | ${withPeople.githubGraphqlPoints} | ${withPeople.githubGraphqlPoints - without.githubGraphqlPoints} |`,
    `| of which people's own tokens (inboxes), billable | — | ${personal} | |`,
    `| of which the account's token, billable | ${without.githubBillable} | ${withPeople.githubBillable - personal} | ${extra - personal} (${((100 * (extra - personal)) / Math.max(1, without.githubBillable)).toFixed(1)} %) |`,
    '',
    '| GitHub answers other than 304, per endpoint | without people | with people |',
    '|---|---|---|',
    ...[...new Set([...without.githubAnsweredByEndpoint.keys(), ...withPeople.githubAnsweredByEndpoint.keys()])]
      .map(
        (e) =>
          [e, without.githubAnsweredByEndpoint.get(e) ?? 0, withPeople.githubAnsweredByEndpoint.get(e) ?? 0] as const,
      )
      .sort((a, b) => b[2] - b[1] - (a[2] - a[1]))
      .map(([e, a, b]) => `| ${e} | ${a} | ${b} |`),
    '',
    `Idle signed-in people (${idle.length}): billable inbox reads in the hour ${idleBillable.join(', ')} (the first read each; goal: 0 after it).`,
    `GitLab requests: ${without.gitlabTotal} without people, ${withPeople.gitlabTotal} with (no conditional requests on GitLab: To-Do lists are read each cycle).`,
    `Wall time: ${(without.wallMs / 1000).toFixed(0)} s + ${(withPeople.wallMs / 1000).toFixed(0)} s.`,
    ...(missedSamples.length ? ['', `Missed (first ${missedSamples.length}): ${missedSamples.join('; ')}`] : []),
    ...(unexpected.length ? [`Not in the oracle (first 5): ${unexpected.slice(0, 5).join('; ')}`] : []),
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
