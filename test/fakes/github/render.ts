import type { World } from './world.js';
import type {
  FakeCommit,
  FakeDeployment,
  FakeDeploymentStatus,
  FakeIssue,
  FakeJob,
  FakeRelease,
  FakeRepo,
  FakeReview,
  FakeRun,
} from './world-types.js';

/** GitHub's timestamps: ISO 8601 to the second. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderUser(world: World, login: string): Record<string, unknown> {
  const user = world.user(login);
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: `${world.urls.web}/avatars/${user.login}`,
    url: `${world.urls.api}/users/${user.login}`,
    html_url: `${world.urls.web}/${user.login}`,
    type: 'User',
    site_admin: false,
  };
}

export function renderRepo(world: World, repo: FakeRepo): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: { ...renderUser(world, repo.owner), type: world.ownerKind(repo.owner) ?? 'User' },
    html_url: `${world.urls.web}/${repo.fullName}`,
    url: `${world.urls.api}/repos/${repo.fullName}`,
    description: null,
    fork: false,
    default_branch: repo.defaultBranch,
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.updatedAt),
    pushed_at: iso(repo.pushedAt),
    has_issues: true,
    has_wiki: true,
    has_discussions: true,
    archived: repo.archived,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_merge_commit: repo.mergeMethods.merge,
    allow_squash_merge: repo.mergeMethods.squash,
    allow_rebase_merge: repo.mergeMethods.rebase,
    allow_auto_merge: repo.allowAutoMerge === true,
  };
}

function renderLabels(world: World, names: string[]): Record<string, unknown>[] {
  return names.map((name, index) => ({
    id: index + 1,
    name,
    color: 'ededed',
    url: `${world.urls.api}/labels/${encodeURIComponent(name)}`,
  }));
}

export function renderIssue(world: World, repo: FakeRepo, issue: FakeIssue): Record<string, unknown> {
  const isPull = issue.pull !== null;
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    locked: false,
    user: renderUser(world, issue.author),
    labels: renderLabels(world, issue.labels),
    comments: issue.comments,
    url: `${world.urls.api}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: `${world.urls.web}/${repo.fullName}/${isPull ? 'pull' : 'issues'}/${issue.number}`,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    assignee: issue.assignees[0] ? renderUser(world, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => renderUser(world, login)),
    ...(issue.pull
      ? {
          draft: issue.pull.draft,
          pull_request: {
            url: `${world.urls.api}/repos/${repo.fullName}/pulls/${issue.number}`,
            html_url: `${world.urls.web}/${repo.fullName}/pull/${issue.number}`,
            merged_at: issue.pull.mergedAt === null ? null : iso(issue.pull.mergedAt),
          },
        }
      : {}),
  };
}

function thinRepo(world: World, repo: FakeRepo): Record<string, unknown> {
  return { id: repo.id, name: repo.fullName, url: `${world.urls.api}/repos/${repo.fullName}` };
}

/** The minimal pull_request object the events API carries now. */
export function renderThinPull(world: World, repo: FakeRepo, issue: FakeIssue): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  return {
    id: pull.id,
    number: issue.number,
    url: `${world.urls.api}/repos/${repo.fullName}/pulls/${issue.number}`,
    head: {
      ref: pull.head,
      sha: pull.headSha,
      repo: pull.headRepo
        ? { id: 0, name: pull.headRepo, url: `${world.urls.api}/repos/${pull.headRepo}` }
        : thinRepo(world, repo),
    },
    base: { ref: pull.base, sha: pull.baseSha, repo: thinRepo(world, repo) },
  };
}

/** A pull request review as REST answers it (`state` in capitals: APPROVED, CHANGES_REQUESTED, COMMENTED). */
export function renderReview(
  world: World,
  repo: FakeRepo,
  issue: FakeIssue,
  review: FakeReview,
): Record<string, unknown> {
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: renderUser(world, review.author),
    body: review.body,
    state: review.state.toUpperCase(),
    commit_id: review.commitId,
    html_url: `${world.urls.web}/${repo.fullName}/pull/${issue.number}#pullrequestreview-${review.id}`,
    pull_request_url: `${world.urls.api}/repos/${repo.fullName}/pulls/${issue.number}`,
    submitted_at: iso(review.submittedAt),
    author_association: 'MEMBER',
  };
}

export function renderPull(world: World, repo: FakeRepo, issue: FakeIssue): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const side = (ref: string, sha: string): Record<string, unknown> => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: renderUser(world, repo.owner),
    repo: renderRepo(world, repo),
  });
  return {
    id: pull.id,
    node_id: `PR_${pull.id}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    locked: false,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.merged ? null : !pull.conflicted,
    mergeable_state: pull.merged
      ? 'unknown'
      : pull.conflicted
        ? 'dirty'
        : pull.draft
          ? 'draft'
          : repo.requireApproval && !pull.reviews.some((r) => r.state === 'approved')
            ? 'blocked'
            : 'clean',
    merged_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    user: renderUser(world, issue.author),
    labels: renderLabels(world, issue.labels),
    url: `${world.urls.api}/repos/${repo.fullName}/pulls/${issue.number}`,
    html_url: `${world.urls.web}/${repo.fullName}/pull/${issue.number}`,
    // An open pull request's head is its branch's tip now (a push after opening moves it), as on GitHub.
    head: side(pull.head, issue.state === 'open' ? (repo.branches.get(pull.head) ?? pull.headSha) : pull.headSha),
    base: side(pull.base, pull.baseSha),
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    assignee: issue.assignees[0] ? renderUser(world, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => renderUser(world, login)),
    requested_reviewers: pull.requestedReviewers.map((login) => renderUser(world, login)),
    requested_teams: pull.requestedTeams.map((slug) => ({
      name: slug,
      slug,
      html_url: `${world.urls.web}/orgs/${repo.owner}/teams/${slug}`,
    })),
  };
}

/** The account a commit's e-mail matches: the user, or (none) null or `{}` as GitHub sends either. */
function commitAccount(world: World, commit: FakeCommit): Record<string, unknown> | null {
  if (commit.account === 'null') return null;
  return commit.account === 'empty' ? {} : renderUser(world, commit.author);
}

export function renderCommit(world: World, repo: FakeRepo, commit: FakeCommit): Record<string, unknown> {
  const person = { name: commit.author, email: `${commit.author}@users.noreply.example`, date: iso(commit.at) };
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha.slice(0, 10)}`,
    url: `${world.urls.api}/repos/${repo.fullName}/commits/${commit.sha}`,
    html_url: `${world.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    commit: { message: commit.message, author: person, committer: person, comment_count: 0 },
    author: commitAccount(world, commit),
    committer: commitAccount(world, commit),
    parents: commit.parents.map((sha) => ({ sha, url: `${world.urls.api}/repos/${repo.fullName}/commits/${sha}` })),
  };
}

export function renderRelease(world: World, repo: FakeRepo, release: FakeRelease): Record<string, unknown> {
  return {
    id: release.id,
    tag_name: release.tag,
    name: release.name,
    body: release.body,
    draft: false,
    prerelease: false,
    author: renderUser(world, release.author),
    html_url: `${world.urls.web}/${repo.fullName}/releases/tag/${encodeURIComponent(release.tag)}`,
    url: `${world.urls.api}/repos/${repo.fullName}/releases/${release.id}`,
    created_at: iso(release.createdAt),
    published_at: iso(release.publishedAt),
  };
}

export function renderRun(world: World, repo: FakeRepo, run: FakeRun): Record<string, unknown> {
  return {
    id: run.id,
    name: run.name,
    display_title: run.displayTitle,
    head_branch: run.branch,
    head_sha: run.headSha,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 7,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    url: `${world.urls.api}/repos/${repo.fullName}/actions/runs/${run.id}`,
    html_url: `${world.urls.web}/${repo.fullName}/actions/runs/${run.id}`,
    jobs_url: `${world.urls.api}/repos/${repo.fullName}/actions/runs/${run.id}/jobs`,
    actor: renderUser(world, run.actor),
    triggering_actor: renderUser(world, run.actor),
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    run_started_at: iso(run.startedAt),
    head_repository: run.headRepo
      ? { id: 0, name: run.headRepo.split('/')[1], full_name: run.headRepo }
      : { id: repo.id, name: repo.name, full_name: repo.fullName },
    // Open pull requests of this repository whose head is the run's branch; GitHub leaves forks' pull requests out.
    pull_requests: [...repo.issues.values()]
      .filter((i) => i.pull && !i.pull.headRepo && !run.headRepo && i.state === 'open' && i.pull.head === run.branch)
      .map((i) => ({
        id: i.pull!.id,
        number: i.number,
        url: `${world.urls.api}/repos/${repo.fullName}/pulls/${i.number}`,
        head: { ref: i.pull!.head, sha: i.pull!.headSha, repo: { id: repo.id, name: repo.name } },
        base: { ref: i.pull!.base, sha: i.pull!.baseSha, repo: { id: repo.id, name: repo.name } },
      })),
    repository: { id: repo.id, full_name: repo.fullName },
  };
}

export function renderJob(world: World, repo: FakeRepo, run: FakeRun, job: FakeJob): Record<string, unknown> {
  return {
    id: job.id,
    run_id: run.id,
    name: job.name,
    workflow_name: run.name,
    head_branch: run.branch,
    head_sha: run.headSha,
    status: job.status,
    conclusion: job.conclusion,
    started_at: iso(job.startedAt),
    completed_at: job.completedAt === null ? null : iso(job.completedAt),
    html_url: `${world.urls.web}/${repo.fullName}/actions/runs/${run.id}/job/${job.id}`,
    url: `${world.urls.api}/repos/${repo.fullName}/actions/jobs/${job.id}`,
    steps: [{ name: 'Run', status: job.status, conclusion: job.conclusion, number: 1 }],
  };
}

export function renderDeployment(world: World, repo: FakeRepo, deployment: FakeDeployment): Record<string, unknown> {
  const url = `${world.urls.api}/repos/${repo.fullName}/deployments/${deployment.id}`;
  return {
    id: deployment.id,
    sha: deployment.sha,
    ref: deployment.ref,
    task: 'deploy',
    environment: deployment.environment,
    original_environment: deployment.environment,
    description: deployment.description,
    creator: renderUser(world, deployment.creator),
    created_at: iso(deployment.createdAt),
    updated_at: iso(deployment.updatedAt),
    url,
    statuses_url: `${url}/statuses`,
    transient_environment: false,
    production_environment: deployment.environment === 'production',
  };
}

export function renderDeploymentStatus(
  world: World,
  repo: FakeRepo,
  deployment: FakeDeployment,
  status: FakeDeploymentStatus,
): Record<string, unknown> {
  const deploymentUrl = `${world.urls.api}/repos/${repo.fullName}/deployments/${deployment.id}`;
  return {
    id: status.id,
    state: status.state,
    description: status.description,
    environment: deployment.environment,
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    target_url: status.logUrl,
    creator: renderUser(world, status.creator),
    created_at: iso(status.createdAt),
    updated_at: iso(status.createdAt),
    url: `${deploymentUrl}/statuses/${status.id}`,
    deployment_url: deploymentUrl,
    repository_url: `${world.urls.api}/repos/${repo.fullName}`,
  };
}
