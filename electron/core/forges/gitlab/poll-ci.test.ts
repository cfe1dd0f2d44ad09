import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';

let h: GitLabHarness;
const REPO = 'acme/infra/deploy-tools';

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO);
});
afterEach(() => h.close());

describe('GitLab adapter: pipelines, deployments, releases', () => {
  it('reports a failed pipeline with failed stages and jobs, once, then its success', async () => {
    const poller = h.poller(REPO, { wanted: ['pipelines'] });
    const pipeline = h.fake.runPipeline(REPO, {
      status: 'running',
      jobs: [
        { name: 'build', stage: 'build', status: 'success' },
        { name: 'unit', stage: 'test', status: 'running' },
      ],
    });
    h.clock.advance(30_000);
    expect((await poller.poll()).events).toEqual([]);

    h.clock.advance(120_000);
    h.fake.updatePipeline(REPO, pipeline.id, {
      status: 'failed',
      jobs: [
        { name: 'build', stage: 'build', status: 'success' },
        { name: 'unit', stage: 'test', status: 'failed' },
        { name: 'lint', stage: 'test', status: 'failed' },
        { name: 'e2e', stage: 'integration', status: 'failed' },
      ],
    });
    h.clock.advance(5_000);
    const failed = await poller.poll();
    expect(failed.events).toHaveLength(1);
    expect(failed.events[0]).toMatchObject({
      id: `work:gl-pipeline:${pipeline.id}:failed`,
      event: 'pipelines',
      action: 'failed',
      branch: 'main',
      url: `${h.fake.url}/${REPO}/-/pipelines/${pipeline.id}`,
      createdAt: '2025-03-10T09:02:30.000Z',
      details: {
        kind: 'pipeline',
        status: 'failed',
        durationSeconds: 150,
        sha: pipeline.sha,
        failedStages: ['test', 'integration'],
      },
    });
    const details = failed.events[0]?.details;
    if (details?.kind !== 'pipeline') throw new Error('not a pipeline');
    expect(details.failedJobs.map((j) => [j.name, j.stage])).toEqual([
      ['unit', 'test'],
      ['lint', 'test'],
      ['e2e', 'integration'],
    ]);
    expect(details.failedJobs[0]?.url).toMatch(new RegExp(`^${h.fake.url}/${REPO}/-/jobs/\\d+$`));

    h.clock.advance(60_000);
    expect((await poller.poll()).events).toEqual([]);

    const fixed = h.fake.runPipeline(REPO, { status: 'success', durationSeconds: 42 });
    h.clock.advance(1000);
    const green = await poller.poll();
    expect(green.events.map((e) => [e.id, e.action])).toEqual([[`work:gl-pipeline:${fixed.id}:success`, 'success']]);
    expect(green.events[0]?.details).toMatchObject({ durationSeconds: 42, failedJobs: [], failedStages: [] });
    expect(h.fake.stats.count(/\/jobs$/)).toBe(1);
  });

  it('lists at most 10 failed jobs and ignores pipelines that finished before the subscription', async () => {
    h.fake.runPipeline(REPO, { status: 'failed', jobs: [{ name: 'old', stage: 'test', status: 'failed' }] });
    h.clock.advance(60_000);
    const poller = h.poller(REPO, { wanted: ['pipelines'] });
    expect((await poller.poll()).events).toEqual([]);
    const jobs = Array.from({ length: 12 }, (_, i) => ({
      name: `job ${i}`,
      stage: `stage-${i % 3}`,
      status: 'failed' as const,
    }));
    h.fake.runPipeline(REPO, { ref: 'main', status: 'failed', jobs });
    h.clock.advance(1000);
    const { events } = await poller.poll();
    const details = events[0]?.details;
    if (details?.kind !== 'pipeline') throw new Error('not a pipeline');
    expect(details.failedJobs).toHaveLength(10);
    expect(details.failedStages).toEqual(['stage-0', 'stage-1', 'stage-2']);
  });

  it('reports each deployment status change once', async () => {
    const poller = h.poller(REPO, { wanted: ['deployments'] });
    const deployment = h.fake.deploy(REPO, { environment: 'production', status: 'running', user: 'dora' });
    h.clock.advance(1000);
    const running = await poller.poll();
    expect(running.events).toMatchObject([
      {
        id: `work:gl-deploy:${deployment.id}:running`,
        event: 'deployments',
        action: 'running',
        actor: 'dora',
        branch: 'main',
        details: { kind: 'deployment', environment: 'production', status: 'running', sha: deployment.sha },
      },
    ]);
    h.clock.advance(30_000);
    expect((await poller.poll()).events).toEqual([]);
    h.fake.updateDeployment(REPO, deployment.id, 'success');
    h.clock.advance(1000);
    expect((await poller.poll()).events.map((e) => e.id)).toEqual([`work:gl-deploy:${deployment.id}:success`]);
    expect((await poller.poll()).events).toEqual([]);
  });

  it('a merge request pipeline names the merge request it checked; a branch pipeline none', async () => {
    const poller = h.poller(REPO, { wanted: ['pipelines'] });
    const sha = h.fake.project(REPO).branches.get('main')!;
    h.fake.runPipeline(REPO, {
      ref: 'refs/merge-requests/4/head',
      sha,
      source: 'merge_request_event',
      status: 'failed',
    });
    h.fake.runPipeline(REPO, { ref: 'main', status: 'failed' });
    h.clock.advance(1000);
    const events = (await poller.poll()).events;
    expect(events.map((e) => e.checksFor ?? null)).toEqual([['mr:4'], null]);
  });

  it('reports a published release once', async () => {
    const poller = h.poller(REPO, { wanted: ['releases', 'tags'] });
    h.fake.publishRelease(REPO, { tag: 'v2.0.0', name: 'Two', description: 'Big one', author: 'rel-bot' });
    h.clock.advance(1000);
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.action, e.title])).toEqual([
      ['tags', 'created', 'v2.0.0'],
      ['releases', 'published', 'Two'],
    ]);
    expect(events[1]).toMatchObject({
      id: `work:gl-release:${REPO}:v2.0.0`,
      actor: 'rel-bot',
      url: `${h.fake.url}/${REPO}/-/releases/v2.0.0`,
      details: { kind: 'release', tag: 'v2.0.0', name: 'Two', body: 'Big one' },
    });
    h.clock.advance(60_000);
    expect((await poller.poll()).events).toEqual([]);
  });
});
