import { afterAll, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../../fakes/github/index.js';
import { startSlackFake } from '../../fakes/slack/index.js';
import { startEngine } from '../../support/engine-harness.js';
import { sleep } from './wait-until.js';

const R = 'octo-org/hello-world';
const ALL = ['commits', 'tags', 'branches', 'issues', 'pulls', 'reviews', 'comments', 'pipelines', 'deployments', 'releases', 'wiki', 'discussions'] as const;
let stopAll: () => Promise<void> = async () => {};
afterAll(() => stopAll());

it('explore', async () => {
  const t0 = Date.now();
  const slack = await startSlackFake();
  for (const c of ['gh-all', 'gh-filtered', 'gh-none']) slack.addChannel(c, { is_member: true });
  const gh = await startGitHubFake({ pollIntervalSeconds: 1 });
  gh.createRepo(R);
  const h = await startEngine({
    version: 1, pollIntervalSeconds: 1,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: gh.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [
      { account: 'github', repo: R, channel: 'gh-all', events: [...ALL], branches: 'all', onlyBrokenPipelines: false, drafts: true, threads: false },
      { account: 'github', repo: R, channel: 'gh-filtered', events: [...ALL], branches: 'default', labels: { include: ['bug'], exclude: [], match: 'any' }, threads: false },
      { account: 'github', repo: R, channel: 'gh-none', events: [], threads: false },
    ],
  });
  stopAll = async () => { await h.stop(); await slack.close(); await gh.close(); };
  console.log('started', Date.now() - t0);
  await sleep(1200);
  const a = gh.push(R, 'main', ['Fix the flux capacitor']);
  gh.createBranch(R, 'feature/x');
  gh.push(R, 'feature/x', ['Work in progress']);
  gh.createTag(R, 'v0.9');
  const bug = gh.openIssue(R, { title: 'Login fails on Safari', labels: ['bug'] });
  gh.openIssue(R, { title: 'Unlabelled chore' });
  const draft = gh.openPull(R, { title: 'New parser', head: 'feature/x', draft: true, labels: ['bug'] });
  const pr = gh.openPull(R, { title: 'Refactor config', head: 'feature/x', labels: ['bug'] });
  gh.publishRelease(R, { tag: 'v0.9', name: 'Version 0.9' });
  gh.editWiki(R, ['Home']);
  const disc = gh.startDiscussion(R, { title: 'Roadmap ideas' });
  gh.workflowRun(R, { branch: 'main', conclusion: 'success', name: 'Lint' });
  gh.deploy(R, { environment: 'production', ref: 'main', state: 'success' });
  gh.deploy(R, { environment: 'staging', ref: 'feature/x', state: 'success' });
  gh.comment(R, { issue: bug.number }, 'Can reproduce');
  gh.comment(R, { commit: a.head }, 'Nice commit');
  await sleep(4000);
  gh.markReady(R, draft.number);
  gh.review(R, draft.number, { state: 'approved', body: 'LGTM' });
  gh.comment(R, { pull: draft.number, path: 'src/parser.ts', line: 3 }, 'Nit: naming');
  gh.closeIssue(R, bug.number);
  gh.closePull(R, pr.number);
  gh.workflowRun(R, { branch: 'main', conclusion: 'failure', name: 'CI', jobs: [{ name: 'unit tests' }] });
  gh.workflowRun(R, { branch: 'feature/x', conclusion: 'failure', name: 'CI' });
  gh.comment(R, { discussion: disc.number }, 'Ship it');
  await sleep(4000);
  gh.reopenIssue(R, bug.number);
  gh.reopenIssue(R, pr.number);
  gh.mergePull(R, draft.number);
  gh.workflowRun(R, { branch: 'main', conclusion: 'success', name: 'CI' });
  gh.deleteBranch(R, 'feature/x');
  await sleep(4000);
  const subs = h.engine.settings.subscriptions;
  for (const i of h.engine.feed.page({ limit: 500 }).items.reverse()) console.log(subs.find((s) => s.id === i.subscriptionId)?.channel, i.event, i.action, i.fate, '|', i.summary, '|', i.reason);
  for (const m of slack.messages) console.log(m.channel, m.text);
  console.log(JSON.stringify(h.engine.status().accounts));
}, 60_000);
