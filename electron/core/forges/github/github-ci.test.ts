import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO);
});
afterEach(() => h.close());

describe('GitHub adapter: workflow runs', () => {
  it('reports a failed run once, with its failed jobs and duration', async () => {
    await h.poll(REPO, ['pipelines']);
    const run = h.fake.workflowRun(REPO, {
      branch: 'main',
      name: 'CI',
      status: 'in_progress',
      jobs: [{ name: 'lint' }, { name: 'test' }, { name: 'build' }],
    });
    h.clock.advance(30_000);
    expect((await h.poll(REPO, ['pipelines'])).events).toEqual([]);

    h.clock.advance(95_000);
    h.fake.updateWorkflowRun(REPO, run.id, {
      status: 'completed',
      conclusion: 'failure',
      jobs: [
        { name: 'lint', status: 'completed', conclusion: 'failure' },
        { name: 'test', status: 'completed', conclusion: 'success' },
        { name: 'build', status: 'completed', conclusion: 'timed_out' },
      ],
    });
    h.clock.advance(10_000);
    const result = await h.poll(REPO, ['pipelines']);
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    expect(event).toMatchObject({
      id: `gh:gh-run:${run.id}:failure`,
      event: 'pipelines',
      action: 'failed',
      branch: 'main',
      state: 'failure',
      url: `${h.fake.webUrl}/${REPO}/actions/runs/${run.id}`,
      actor: 'octocat',
    });
    expect(event?.details).toMatchObject({
      kind: 'pipeline',
      status: 'failure',
      durationSeconds: 125,
      name: 'CI',
      sha: run.headSha,
    });
    expect(event?.details.kind === 'pipeline' && event.details.failedJobs.map((j) => j.name)).toEqual([
      'lint',
      'build',
    ]);
    expect(event?.details.kind === 'pipeline' && event.details.failedJobs[0]?.url).toMatch(
      /\/actions\/runs\/\d+\/job\/\d+$/,
    );

    h.clock.advance(60_000);
    expect((await h.poll(REPO, ['pipelines'])).events).toEqual([]);
  });

  it('reports success, ignores cancelled runs and runs finished before the subscription, and reports a green re-run', async () => {
    h.fake.createBranch(REPO, 'dev');
    h.fake.workflowRun(REPO, { branch: 'main', conclusion: 'failure' });
    h.clock.advance(60_000);
    h.startNow();
    await h.poll(REPO, ['pipelines']);

    h.fake.workflowRun(REPO, { branch: 'main', conclusion: 'cancelled' });
    const green = h.fake.workflowRun(REPO, { branch: 'dev', conclusion: 'success', name: 'Deploy' });
    const flaky = h.fake.workflowRun(REPO, { branch: 'main', conclusion: 'failure' });
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['pipelines']);
    expect(result.events.map((e) => [e.id, e.action, e.branch])).toEqual([
      [`gh:gh-run:${green.id}:success`, 'success', 'dev'],
      [`gh:gh-run:${flaky.id}:failure`, 'failed', 'main'],
    ]);

    h.fake.updateWorkflowRun(REPO, flaky.id, { status: 'completed', conclusion: 'success', rerun: true });
    h.clock.advance(60_000);
    const rerun = await h.poll(REPO, ['pipelines']);
    expect(rerun.events.map((e) => [e.id, e.action])).toEqual([[`gh:gh-run:${flaky.id}:success`, 'success']]);
  });
});

describe('GitHub adapter: deployments', () => {
  it('reports each new deployment status once, following in-progress deployments', async () => {
    await h.poll(REPO, ['deployments']);
    const deployment = h.fake.deploy(REPO, { environment: 'production', ref: 'main', state: 'in_progress' });
    h.clock.advance(30_000);
    const started = await h.poll(REPO, ['deployments']);
    expect(started.events).toHaveLength(1);
    expect(started.events[0]).toMatchObject({
      id: `gh:gh-deploy-status:${deployment.statuses[0]?.id}`,
      event: 'deployments',
      action: 'in_progress',
      state: 'in_progress',
      branch: 'main',
      details: { kind: 'deployment', environment: 'production', status: 'in_progress', sha: deployment.sha },
    });

    const status = h.fake.deploymentStatus(REPO, deployment.id, 'success', {
      logUrl: 'https://ci.example/logs/1',
      environmentUrl: 'https://app.example',
    });
    h.clock.advance(30_000);
    const done = await h.poll(REPO, ['deployments']);
    expect(done.events.map((e) => [e.id, e.action, e.url])).toEqual([
      [`gh:gh-deploy-status:${status.id}`, 'success', 'https://ci.example/logs/1'],
    ]);

    h.clock.advance(60_000);
    const idle = await h.poll(REPO, ['deployments']);
    expect(idle.events).toEqual([]);
    expect(idle.requests).toEqual({ total: 2, billable: 0 });
  });

  it('does not report statuses from before the subscription started', async () => {
    const old = h.fake.deploy(REPO, { environment: 'staging', ref: 'main', state: 'success' });
    h.clock.advance(60_000);
    h.startNow();
    expect((await h.poll(REPO, ['deployments'])).events).toEqual([]);
    h.fake.deploymentStatus(REPO, old.id, 'inactive');
    h.clock.advance(60_000);
    expect((await h.poll(REPO, ['deployments'])).events.map((e) => e.action)).toEqual(['inactive']);
  });
});
