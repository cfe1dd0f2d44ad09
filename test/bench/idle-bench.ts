/**
 * `npm run bench:idle`: RSS and CPU of `forgebell serve` (the engine, headless) watching 50 subscriptions
 * (40 GitHub repositories, 10 GitLab projects) that see no activity, polled every 60 s as by default.
 * Reads /proc for the serve process; prints figures, asserts nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startGitLabFake } from '../fakes/gitlab/index.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { runCli, startServe } from '../support/cli-process.js';
import { startTestWorld } from '../support/world.js';

const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 120);
const TICKS = 100; // USER_HZ on Linux

function sample(pid: number): { rssMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpu = (Number(stat[11]) + Number(stat[12])) / TICKS;
  return { rssMb: rssKb / 1024, cpuSeconds: cpu };
}

async function main(): Promise<void> {
  const world = await startTestWorld();
  await world.slack.close();
  await world.github.close();
  const slack = await startSlackFake();
  const github = await startGitHubFake({ pollIntervalSeconds: 60 });
  const gitlab = await startGitLabFake();
  const subscriptions: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    github.createRepo(`idle-org/repo-${i}`);
    subscriptions.push({ account: 'github', repo: `idle-org/repo-${i}` });
  }
  for (let i = 0; i < 10; i++) {
    gitlab.createProject(`idle-group/sub/project-${i}`);
    subscriptions.push({ account: 'gitlab', repo: `idle-group/sub/project-${i}` });
  }
  writeFileSync(
    world.configPath,
    JSON.stringify({
      version: 1,
      pollIntervalSeconds: 60,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [
        { id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
        { id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token },
      ],
      subscriptions,
    }),
  );
  const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  const serve = await startServe(['--data-dir', world.dataDir]);
  const pid = serve.child.pid!;
  await new Promise((r) => setTimeout(r, 10_000)); // start-up and the first full poll
  const start = sample(pid);
  const t0 = Date.now();
  let peak = start.rssMb;
  while (Date.now() - t0 < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    peak = Math.max(peak, sample(pid).rssMb);
  }
  const end = sample(pid);
  const elapsed = (Date.now() - t0) / 1000;
  const requests = github.stats;
  console.log(
    [
      `Idle engine benchmark — forgebell serve, 50 subscriptions (40 GitHub, 10 GitLab), poll interval 60 s, ${elapsed.toFixed(0)} s measured after a 10 s warm-up`,
      `  RSS at start of window: ${start.rssMb.toFixed(1)} MB`,
      `  RSS at end:             ${end.rssMb.toFixed(1)} MB (peak ${peak.toFixed(1)} MB)`,
      `  CPU used:               ${(end.cpuSeconds - start.cpuSeconds).toFixed(2)} s over ${elapsed.toFixed(0)} s = ${(((end.cpuSeconds - start.cpuSeconds) / elapsed) * 100).toFixed(2)} % of one core`,
      `  GitHub requests so far: ${JSON.stringify({ total: requests.total, billable: requests.billable, notModified: requests.notModified })}`,
      `  CLI: ${process.env.FORGEBELL_CLI === 'bundled' ? 'the bundled CLI (dist/cli/forgebell.mjs, as installed)' : 'TypeScript sources through the tsx loader (set FORGEBELL_CLI=bundled after npm run build for the installed form)'}`,
    ].join('\n'),
  );
  await serve.stop('SIGTERM');
  await Promise.all([slack.close(), github.close(), gitlab.close()]);
  await world.close().catch(() => undefined);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
