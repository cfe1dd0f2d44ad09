/**
 * `npm run demo`: Forgebell without accounts. Starts fake Slack, GitHub, GitLab and Gitea servers on loopback,
 * imports a config pointing at them, runs `forgebell serve`, and makes some live activity every few
 * seconds. Open the printed URL; messages "posted to Slack" are echoed here. Ctrl-C stops everything.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GITHUB_LOGIN, DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startGiteaFake } from '../fakes/gitea/index.js';
import { startGitLabFake } from '../fakes/gitlab/index.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { runCli, startServe } from '../support/cli-process.js';

const GH_REPO = 'octo-org/hello-world';
const GL_PROJECT = 'platform/backend/api';
const GT_REPO = 'infra/deploy-tools';

async function main(): Promise<void> {
  const slack = await startSlackFake();
  slack.addChannel('dev-notifications', { is_member: true });
  slack.addChannel('ci-alerts', { is_member: true });
  const github = await startGitHubFake({ pollIntervalSeconds: 2 });
  github.createRepo(GH_REPO);
  const gitlab = await startGitLabFake();
  gitlab.createProject(GL_PROJECT);
  const gitea = await startGiteaFake();
  gitea.createRepo(GT_REPO, { org: true, watchers: ['ops-bot'] });
  const dataDir = process.env.FORGEBELL_DEMO_DIR ?? mkdtempSync(join(tmpdir(), 'forgebell-demo-'));
  const configPath = join(dataDir, 'demo-config.json');
  writeFileSync(
    configPath,
    JSON.stringify(
      {
        version: 1,
        pollIntervalSeconds: 2,
        slack: {
          botToken: slack.botToken,
          appToken: slack.appToken,
          apiUrl: slack.apiUrl,
          defaultChannel: 'dev-notifications',
          commandUsers: ['U0ALICE001'],
        },
        accounts: [
          { id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
          { id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token },
          { id: 'gitea', forge: 'gitea', apiUrl: gitea.apiUrl, token: gitea.token },
        ],
        subscriptions: [
          {
            account: 'github',
            repo: GH_REPO,
            events: ['issues', 'pulls', 'commits', 'releases', 'comments', 'deployments'],
          },
          {
            account: 'gitlab',
            repo: GL_PROJECT,
            events: ['issues', 'pulls', 'commits', 'pipelines'],
            channels: { pipelines: 'ci-alerts' },
          },
          {
            account: 'gitea',
            repo: GT_REPO,
            events: ['issues', 'pulls', 'commits', 'releases', 'pipelines'],
            channels: { pipelines: 'ci-alerts' },
          },
        ],
        // §5: the Digests screen has something to show and preview (the GitHub one reads the demo's open pulls).
        digests: [
          { channel: 'dev-notifications', at: '09:30', timeZone: 'Europe/Berlin', repos: [`github:${GH_REPO}`] },
          {
            channel: 'ci-alerts',
            at: '16:00',
            days: ['mon', 'wed', 'fri'],
            timeZone: 'America/New_York',
            repos: [`gitlab:${GL_PROJECT}`],
            staleAfterDays: 3,
          },
        ],
      },
      null,
      2,
    ),
  );
  const imported = runCli(['import', configPath, '--data-dir', dataDir]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  const port = process.env.PORT ?? '0';
  const serve = await startServe(['--data-dir', dataDir, '--port', port]);
  console.log(
    `\nForgebell demo is running.\n\n  Open: ${serve.url}#token=${serve.token}\n\n  Fake Slack ${slack.apiUrl} · fake GitHub ${github.apiUrl} · fake GitLab ${gitlab.apiUrl} · fake Gitea ${gitea.apiUrl}\n  Data dir: ${dataDir}\n`,
  );

  let seen = 0;
  const echo = setInterval(() => {
    for (const m of slack.messages.slice(seen))
      console.log(`  [slack #${slack.channel(m.channel)?.name ?? m.channel}] ${m.text.split('\n')[0]}`);
    seen = slack.messages.length;
  }, 500);

  const titles = [
    'Login page crashes on Safari',
    'Add dark mode',
    'Flaky test in payments',
    'Docs: explain webhooks',
    'Upgrade to Node 22',
  ];
  let step = 0;
  const activity = setInterval(() => {
    step++;
    const title = titles[step % titles.length]!;
    switch (step % 9) {
      case 0:
        github.openIssue(GH_REPO, { title: `${title} (#${step})`, labels: ['bug'], actor: 'mona' });
        break;
      case 1:
        gitlab.openIssue(GL_PROJECT, { title: `${title} (#${step})`, labels: ['backend'], author: 'root' });
        break;
      case 2:
        github.push(GH_REPO, 'main', 2, { actor: 'hubot' });
        // Every other time, the push's deploy waits for a required reviewer: a card with Approve / Reject… (§4).
        if (step % 18 === 2)
          github.waitForApproval(GH_REPO, {
            branch: 'main',
            actor: 'hubot',
            environments: [{ name: 'production', reviewers: [{ type: 'User', name: DEFAULT_GITHUB_LOGIN }] }],
          });
        break;
      case 3:
        gitlab.runPipeline(GL_PROJECT, {
          status: 'failed',
          jobs: [{ name: 'unit-tests', stage: 'test', status: 'failed' }],
          durationSeconds: 95,
        });
        break;
      case 4:
        github.openPull(GH_REPO, { title: `Fix: ${title}`, head: `fix-${step}`, base: 'main', actor: 'mona' });
        break;
      case 5:
        gitlab.push(GL_PROJECT, { branch: 'main', commits: [`Refactor ${title.toLowerCase()}`] });
        break;
      case 6:
        gitea.openIssue(GT_REPO, { title: `${title} (#${step})`, labels: ['ops'], by: 'dana' });
        break;
      case 7:
        gitea.push(GT_REPO, 'main', [`Tune ${title.toLowerCase()}`, 'Bump the runner image'], { by: 'dana' });
        break;
      case 8: {
        const run = gitea.runWorkflow(GT_REPO, { jobs: ['lint', 'deploy-dry-run'], by: 'dana' });
        setTimeout(() => gitea.finishRun(run, step % 2 ? { failed: ['deploy-dry-run'] } : {}), 2000);
        break;
      }
    }
  }, 4000);

  const stop = async (): Promise<void> => {
    clearInterval(activity);
    clearInterval(echo);
    await serve.stop('SIGTERM');
    await Promise.all([slack.close(), github.close(), gitlab.close(), gitea.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
