import { afterEach, describe, expect, it } from 'vitest';
import { startGiteaFake, type GiteaFake, type GiteaFakeOptions } from '../../../../test/fakes/gitea/index.js';
import { systemClock } from '../../runtime/clock.js';
import { ActionRefused } from './forge-actions.js';
import { GiteaActions } from './gitea-actions.js';

/**
 * Acting on Gitea/Forgejo as a person (docs/cli-and-config.md §7) against the fake Gitea, a real HTTP server that
 * answers these routes like Gitea's API v1: which token made each write, Gitea's refusals turned into plain words, the
 * Merge… dialog's methods and blockers read from the repository, the branch protection and the commit statuses.
 */

const REPO = 'acme/widgets';
const BOB = 'bobs-gitea-token-000000000000000000000000';
let fake: GiteaFake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  options: GiteaFakeOptions = {},
): Promise<{ fake: GiteaFake; bob: GiteaActions; owner: GiteaActions }> {
  fake = await startGiteaFake(options);
  fake.createRepo(REPO, { org: true });
  fake.addToken(BOB, { login: 'bob' });
  const make = (token: string) => new GiteaActions({ baseUrl: fake!.apiUrl, token, clock: systemClock });
  return { fake, bob: make(BOB), owner: make(fake.token) };
}

async function refusal(work: Promise<unknown>): Promise<ActionRefused> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ActionRefused)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('GiteaActions', () => {
  it('approves, requests changes and comments with the token it was made with; one’s own pull request in words', async () => {
    const { fake, bob, owner } = await setup();
    fake.openPull(REPO, { title: 'Feature', head: 'feature', by: 'carol' });
    fake.openPull(REPO, { title: 'Bob’s own', head: 'bobs', by: 'bob' });
    await bob.approve({ repo: REPO, number: 1 });
    await owner.requestChanges({ repo: REPO, number: 1 }, 'Add tests');
    await bob.comment({ repo: REPO, number: 1 }, 'Looks good');
    expect(fake.writes).toEqual([
      { method: 'POST', path: `/repos/${REPO}/pulls/1/reviews`, login: 'bob' },
      { method: 'POST', path: `/repos/${REPO}/pulls/1/reviews`, login: 'gitea-user' },
      { method: 'POST', path: `/repos/${REPO}/issues/1/comments`, login: 'bob' },
    ]);
    expect(fake.world.reviews.map((r) => [r.state, r.author.login, r.body])).toEqual([
      ['APPROVED', 'bob', ''],
      ['REQUEST_CHANGES', 'gitea-user', 'Add tests'],
    ]);
    const own = await refusal(bob.approve({ repo: REPO, number: 2 }));
    expect([own.reason, own.message]).toEqual(['own', 'You cannot approve your own pull request.']);
    const ownChanges = await refusal(bob.requestChanges({ repo: REPO, number: 2 }, 'no'));
    expect(ownChanges.message).toBe('You cannot request changes on your own pull request.');
  });

  it('a revoked token is `revoked`; a token without the write scope says which permission it lacks', async () => {
    const { fake, bob } = await setup();
    fake.openPull(REPO, { title: 'Feature', head: 'feature', by: 'carol' });
    fake.addToken('read-only-token-00000000000000000000000', { login: 'erin', scopes: ['read:repository'] });
    const readOnly = new GiteaActions({
      baseUrl: fake.apiUrl,
      token: 'read-only-token-00000000000000000000000',
      clock: systemClock,
    });
    const scope = await refusal(readOnly.approve({ repo: REPO, number: 1 }));
    expect(scope.reason).toBe('permission');
    expect(scope.message).toContain('write:repository');
    fake.revokeToken(BOB);
    const revoked = await refusal(bob.approve({ repo: REPO, number: 1 }));
    expect(revoked.reason).toBe('revoked');
    expect(fake.world.reviews).toEqual([]);
  });

  it('Merge…: the styles the repository allows (its default first) and why it cannot merge yet', async () => {
    const { fake, bob } = await setup();
    const repo = fake.world.repo(REPO);
    repo.mergeStyles.squash = false;
    repo.defaultMergeStyle = 'rebase';
    repo.protections.set('main', { requiredApprovals: 2, statusChecks: ['ci/build', 'ci/lint'], mergers: null });
    const pull = fake.openPull(REPO, { title: 'WIP: Feature', head: 'feature', by: 'carol' });
    fake.push(REPO, 'feature', ['Start'], { by: 'carol' });
    const sha = repo.branches.get('feature')!.commits.at(-1)!.sha;
    fake.setStatus(REPO, sha, 'ci/build', 'failure');
    fake.setStatus(REPO, sha, 'ci/test', 'pending');
    fake.review(REPO, 1, { state: 'approve', by: 'dave' });
    pull.conflicts = true;
    const info = await bob.mergeInfo({ repo: REPO, number: 1 });
    expect(info.methods).toEqual(['rebase', 'merge', 'rebase-merge', 'fast-forward-only']);
    expect(info.headSha).toBe(sha);
    expect(info.open).toBe(true);
    expect(info.blockers).toEqual([
      'It is a work in progress: remove the WIP prefix (or mark it ready) first.',
      'It has conflicts with the base branch (or Gitea is still checking): resolve them first.',
      'Checks failing: ci/build.',
      'Checks still running: ci/test.',
      'Required checks not reported yet: ci/lint.',
      'Approvals missing: 1 more needed.',
    ]);
    expect(info.canMergeWhenChecksPass).toBe(true);
  });

  it('merge: Gitea’s 405/409/423 in words, 201 scheduled when the checks succeed, 200 merged', async () => {
    const { fake, bob, owner } = await setup();
    const repo = fake.world.repo(REPO);
    repo.protections.set('main', { requiredApprovals: 1, statusChecks: ['ci'], mergers: null });
    fake.openPull(REPO, { title: 'Feature', head: 'feature', by: 'carol' });
    fake.push(REPO, 'feature', ['Start'], { by: 'carol' });
    const sha = () => repo.branches.get('feature')!.commits.at(-1)!.sha;
    const pull = { repo: REPO, number: 1 };
    const now = { method: 'merge' as const, headSha: sha(), whenChecksPass: false };

    const approvals = await refusal(bob.merge(pull, now));
    expect([approvals.reason, approvals.message]).toEqual([
      'protected',
      "Gitea's branch protection refused the merge: Does not have enough approvals.",
    ]);
    await owner.approve(pull);
    fake.setStatus(REPO, sha(), 'ci', 'pending');
    expect(await bob.merge(pull, { ...now, whenChecksPass: true })).toBe('scheduled');
    expect(fake.world.item(repo, 1)?.autoMerge).toBe('merge');
    fake.setStatus(REPO, sha(), 'ci', 'success');
    fake.push(REPO, 'feature', ['More'], { by: 'carol' });
    fake.setStatus(REPO, sha(), 'ci', 'success');
    const moved = await refusal(bob.merge(pull, now));
    expect(moved.reason).toBe('head_changed');
    repo.mergeStyles.merge = false;
    const style = await refusal(bob.merge(pull, { ...now, headSha: sha() }));
    expect(style.message).toBe('This repository does not allow that merge method any more. Choose another.');
    repo.mergeStyles.merge = true;
    repo.writers = ['gitea-user'];
    const notAllowed = await refusal(bob.merge(pull, { ...now, headSha: sha() }));
    expect([notAllowed.reason, notAllowed.message]).toEqual([
      'permission',
      'Gitea refused: you are not allowed to merge this pull request.',
    ]);
    repo.writers = null;
    repo.archived = true;
    expect((await refusal(bob.merge(pull, { ...now, headSha: sha() }))).message).toBe(
      'Gitea refused: the repository is archived.',
    );
    repo.archived = false;
    expect(await bob.merge(pull, { ...now, headSha: sha() })).toBe('merged');
    expect(fake.world.item(repo, 1)?.merged).toBe(true);
    expect(fake.writes.filter((w) => w.path.endsWith('/merge')).map((w) => w.login)).toEqual([
      'bob',
      'bob',
      'bob',
      'bob',
      'bob',
      'bob',
      'bob',
    ]);
    const again = await bob.mergeInfo(pull);
    expect([again.open, again.blockers]).toEqual([false, ['It is already merged.']]);
  });

  it('re-runs the failed jobs of the run the card links to; a server without that API says so', async () => {
    const { fake, bob } = await setup({ version: '1.26.1' });
    fake.runWorkflow(REPO, { jobs: ['build'] });
    const run = fake.runWorkflow(REPO, { jobs: ['build', 'test'] });
    fake.finishRun(run, { failed: ['test'] });
    expect(run.id).not.toBe(run.index);
    // The card's number is the one in the run's web URL (its index on this server).
    await bob.rerunFailed(REPO, run.index);
    expect(run.jobs.map((j) => j.status)).toEqual(['success', 'waiting']);
    expect(fake.writes).toEqual([
      { method: 'POST', path: `/repos/${REPO}/actions/runs/${run.id}/rerun-failed-jobs`, login: 'bob' },
    ]);
    const nothing = await refusal(bob.rerunFailed(REPO, run.index));
    expect(nothing.message).toMatch(/^Gitea has nothing to re-run/);

    await fake.close();
    const older = await setup({ version: '1.24.2' });
    const old = older.fake.runWorkflow(REPO, { jobs: ['test'] });
    older.fake.finishRun(old, { failed: ['test'] });
    const noApi = await refusal(older.bob.rerunFailed(REPO, old.index));
    expect(noApi.message).toMatch(/has no API to re-run failed jobs/);
    expect(old.jobs.map((j) => j.status)).toEqual(['failure']);
  });
});
