import type {
  FakeApproval,
  FakeCommit,
  FakeDeployment,
  FakeEvent,
  FakeIssue,
  FakeJob,
  FakeMergeRequest,
  FakeNote,
  FakePipeline,
  FakeProject,
  FakeRelease,
  FakeUser,
  FakeWikiPage,
} from './world-types.js';

/** JSON shapes of GitLab's REST API v4 entities, as the fake serves them. `base` is the web root (http://127.0.0.1:PORT). */

export function userJson(base: string, user: FakeUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    avatar_url: null,
    web_url: `${base}/${user.username}`,
  };
}

export function projectWebUrl(base: string, project: FakeProject): string {
  return `${base}/${project.path}`;
}

export function projectJson(base: string, project: FakeProject): Record<string, unknown> {
  const segments = project.path.split('/');
  const namespacePath = segments.slice(0, -1).join('/');
  return {
    id: project.id,
    name: project.name,
    name_with_namespace: segments.join(' / '),
    path: project.name,
    path_with_namespace: project.path,
    description: project.description,
    default_branch: project.defaultBranch,
    visibility: project.visibility,
    web_url: projectWebUrl(base, project),
    http_url_to_repo: `${projectWebUrl(base, project)}.git`,
    created_at: project.createdAt,
    merge_method: project.mergeMethod ?? 'merge',
    squash_option: project.squashOption ?? 'default_off',
    last_activity_at: project.lastActivityAt,
    archived: project.archived,
    namespace: {
      id: project.id + 100_000,
      name: segments.at(-2) ?? '',
      path: segments.at(-2) ?? '',
      kind: 'group',
      full_path: namespacePath,
      web_url: `${base}/groups/${namespacePath}`,
    },
  };
}

export function issueJson(base: string, project: FakeProject, issue: FakeIssue): Record<string, unknown> {
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: project.id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    labels: issue.labels,
    author: userJson(base, issue.author),
    assignee: issue.assignees[0] ? userJson(base, issue.assignees[0]) : null,
    assignees: issue.assignees.map((u) => userJson(base, u)),
    confidential: issue.confidential,
    user_notes_count: project.notes.filter((n) => n.noteableType === 'Issue' && n.noteableId === issue.id).length,
    issue_type: issue.type,
    type: issue.type.toUpperCase(),
    // Items that are not issues or incidents live under /-/work_items/ on the web.
    web_url: `${projectWebUrl(base, project)}/-/${issue.type === 'issue' || issue.type === 'incident' ? 'issues' : 'work_items'}/${issue.iid}`,
    references: { short: `#${issue.iid}`, relative: `#${issue.iid}`, full: `${project.path}#${issue.iid}` },
  };
}

export function mergeRequestJson(base: string, project: FakeProject, mr: FakeMergeRequest): Record<string, unknown> {
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_at: mr.mergedAt,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    labels: mr.labels,
    author: userJson(base, mr.author),
    assignee: mr.assignees[0] ? userJson(base, mr.assignees[0]) : null,
    assignees: mr.assignees.map((u) => userJson(base, u)),
    reviewers: mr.reviewers.map((u) => userJson(base, u)),
    draft: mr.draft,
    work_in_progress: mr.draft,
    sha: mr.sha,
    merge_commit_sha: mr.mergeCommitSha,
    has_conflicts: mr.conflicted === true,
    merge_when_pipeline_succeeds: mr.autoMerge === true,
    detailed_merge_status: detailedMergeStatus(project, mr),
    head_pipeline: headPipeline(project, mr),
    web_url: `${projectWebUrl(base, project)}/-/merge_requests/${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.path}!${mr.iid}` },
  };
}

/**
 * `GET /projects/:id/merge_requests/:iid/approvals` as GitLab Free answers it (EE fields with their Free values):
 * `approved_by[].approved_at` is the approval's creation time; `user_*` describe the token's user.
 */
export function approvalsJson(
  base: string,
  project: FakeProject,
  mr: FakeMergeRequest,
  viewer: FakeUser,
): Record<string, unknown> {
  const approved = (a: FakeApproval): boolean => a.user.id === viewer.id;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merge_status: 'can_be_merged',
    approved: mr.approvals.length >= (project.approvalsRequired ?? 0) && mr.approvals.length > 0,
    approvals_required: project.approvalsRequired ?? 0,
    approvals_left: Math.max(0, (project.approvalsRequired ?? 0) - mr.approvals.length),
    require_password_to_approve: false,
    approved_by: mr.approvals.map((a) => ({ user: userJson(base, a.user), approved_at: a.approvedAt })),
    suggested_approvers: [],
    approvers: [],
    approver_groups: [],
    user_has_approved: mr.approvals.some(approved),
    user_can_approve: mr.state === 'opened' && !mr.approvals.some(approved),
    approval_rules_left: [],
    has_approval_rules: false,
    merge_request_approvers_available: false,
    multiple_approval_rules_available: false,
    invalid_approvers_rules: [],
  };
}

export function noteJson(base: string, note: FakeNote): Record<string, unknown> {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: userJson(base, note.author),
    created_at: note.createdAt,
    updated_at: note.createdAt,
    system: false,
    noteable_id: note.noteableId,
    noteable_type: note.noteableType,
    noteable_iid: note.noteableIid,
    commit_id: note.commitId,
    resolvable: false,
    confidential: note.confidential,
    internal: note.confidential,
  };
}

export function commitJson(base: string, project: FakeProject, commit: FakeCommit): Record<string, unknown> {
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    title: commit.title,
    message: commit.message,
    author_name: commit.author.name,
    author_email: `${commit.author.username}@example.com`,
    authored_date: commit.createdAt,
    committer_name: commit.author.name,
    committer_email: `${commit.author.username}@example.com`,
    committed_date: commit.createdAt,
    created_at: commit.createdAt,
    parent_ids: commit.parent ? [commit.parent] : [],
    web_url: `${projectWebUrl(base, project)}/-/commit/${commit.sha}`,
  };
}

export function eventJson(base: string, event: FakeEvent): Record<string, unknown> {
  if (event.raw) return { id: event.id, project_id: event.projectId, created_at: event.createdAt, ...event.raw };
  return {
    id: event.id,
    project_id: event.projectId,
    action_name: event.actionName,
    target_id: event.targetId,
    target_iid: event.targetIid,
    target_type: event.targetType,
    author_id: event.author.id,
    target_title: event.targetTitle,
    created_at: event.createdAt,
    author: userJson(base, event.author),
    imported: false,
    imported_from: 'none',
    author_username: event.author.username,
    ...(event.pushData ? { push_data: event.pushData } : {}),
    ...(event.note ? { note: noteJson(base, event.note) } : {}),
    ...(event.wikiPage ? { wiki_page: event.wikiPage } : {}),
  };
}

export function pipelineJson(
  base: string,
  project: FakeProject,
  pipeline: FakePipeline,
  detailed: boolean,
): Record<string, unknown> {
  const summary = {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: project.id,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: pipeline.source,
    created_at: pipeline.createdAt,
    updated_at: pipeline.updatedAt,
    web_url: `${projectWebUrl(base, project)}/-/pipelines/${pipeline.id}`,
  };
  if (!detailed) return summary;
  return {
    ...summary,
    before_sha: '0000000000000000000000000000000000000000',
    tag: project.tags.has(pipeline.ref),
    user: userJson(base, pipeline.user),
    started_at: pipeline.startedAt,
    finished_at: pipeline.finishedAt,
    committed_at: null,
    duration: pipeline.duration,
    queued_duration: 1,
    coverage: null,
    detailed_status: {
      icon: `status_${pipeline.status}`,
      text: pipeline.status,
      label: pipeline.status,
      group: pipeline.status,
    },
  };
}

export function jobJson(
  base: string,
  project: FakeProject,
  pipeline: FakePipeline,
  job: FakeJob,
): Record<string, unknown> {
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: pipeline.ref,
    tag: false,
    allow_failure: job.allowFailure,
    created_at: job.createdAt,
    started_at: job.createdAt,
    finished_at: job.finishedAt,
    user: userJson(base, pipeline.user),
    pipeline: {
      id: pipeline.id,
      project_id: project.id,
      ref: pipeline.ref,
      sha: pipeline.sha,
      status: pipeline.status,
    },
    web_url: `${projectWebUrl(base, project)}/-/jobs/${job.id}`,
  };
}

export function deploymentJson(base: string, deployment: FakeDeployment): Record<string, unknown> {
  return {
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    finished_at: deployment.finishedAt,
    status: deployment.status,
    user: userJson(base, deployment.user),
    environment: {
      id: deployment.environment.id,
      name: deployment.environment.name,
      slug: deployment.environment.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      external_url: null,
      state: 'available',
    },
    deployable: null,
  };
}

export function releaseJson(
  base: string,
  project: FakeProject,
  release: FakeRelease,
  now: number,
): Record<string, unknown> {
  const commit = project.commits.get(release.sha);
  return {
    tag_name: release.tagName,
    name: release.name,
    description: release.description,
    created_at: release.createdAt,
    released_at: release.releasedAt,
    upcoming_release: Date.parse(release.releasedAt) > now,
    author: userJson(base, release.author),
    commit: commit ? commitJson(base, project, commit) : null,
    _links: { self: `${projectWebUrl(base, project)}/-/releases/${encodeURIComponent(release.tagName)}` },
  };
}

export function wikiJson(page: FakeWikiPage, withContent: boolean): Record<string, unknown> {
  return {
    format: page.format,
    slug: page.slug,
    title: page.title,
    encoding: 'UTF-8',
    ...(withContent ? { content: page.content } : {}),
  };
}

/** The latest pipeline of the merge request's source branch, as `head_pipeline` (null without one). */
export function headPipeline(project: FakeProject, mr: FakeMergeRequest): Record<string, unknown> | null {
  const pipeline = project.pipelines.filter((p) => p.ref === mr.sourceBranch).at(-1);
  return pipeline
    ? { id: pipeline.id, iid: pipeline.iid, sha: pipeline.sha, ref: pipeline.ref, status: pipeline.status }
    : null;
}

/** GitLab's `detailed_merge_status` (15.6+), checked in GitLab's order. */
export function detailedMergeStatus(project: FakeProject, mr: FakeMergeRequest): string {
  if (mr.state !== 'opened') return 'not_open';
  if (mr.draft) return 'draft_status';
  if (mr.conflicted) return 'conflict';
  const pipeline = headPipeline(project, mr)?.status;
  if (pipeline === 'running' || pipeline === 'pending' || pipeline === 'created') return 'ci_still_running';
  if (pipeline === 'failed') return 'ci_must_pass';
  if (mr.approvals.length < (project.approvalsRequired ?? 0)) return 'not_approved';
  return 'mergeable';
}
