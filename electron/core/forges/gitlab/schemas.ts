import { z } from 'zod';

/**
 * The parts of GitLab REST API v4 answers Forgebell reads. Unknown keys are dropped; what GitLab's entities may leave
 * null (or older versions leave out) is optional here, so one odd field never costs a whole answer. Anything else
 * malformed is skipped with a reason.
 */

const isoTime = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'not an ISO 8601 time');

export const userSchema = z.object({
  id: z.number().optional(),
  username: z.string(),
  name: z.string().nullish(),
});

/** A list of users (`assignees`, `reviewers`) as usernames; absent or odd entries are left out. */
export const usersSchema = z
  .array(z.unknown())
  .nullish()
  .catch(null)
  .transform((users) =>
    (users ?? []).flatMap((user) => {
      const username = (user as { username?: unknown } | null)?.username;
      return typeof username === 'string' && username !== '' ? [username] : [];
    }),
  );

/**
 * `push_data` (PushEventPayload). A bulk push — more refs of one kind and action than the instance's push event
 * activities limit (3 by default) in one push — is one row with `ref` null, `commit_count` 0 and `ref_count` N.
 * `action` and `ref_type` are kept as sent (pushed/created/removed, branch/tag today); the normaliser decides.
 */
export const pushDataSchema = z.object({
  commit_count: z
    .number()
    .int()
    .nonnegative()
    .nullish()
    .transform((count) => count ?? 0),
  action: z.string(),
  ref_type: z.string(),
  /** Null (or an all-zero sha on some versions) when the ref is new. */
  commit_from: z
    .string()
    .nullish()
    .transform((sha) => (sha && !/^0+$/.test(sha) ? sha : null)),
  commit_to: z.string().nullish(),
  ref: z.string().nullish(),
  commit_title: z.string().nullish(),
  ref_count: z.number().int().nonnegative().nullish(),
});

export const noteSchema = z.object({
  id: z.number(),
  body: z
    .string()
    .nullish()
    .transform((body) => body ?? ''),
  system: z.boolean().nullish(),
  noteable_type: z.string().nullish(),
  noteable_iid: z.number().nullish(),
  commit_id: z.string().nullish(),
  confidential: z.boolean().nullish(),
  internal: z.boolean().nullish(),
});

export const eventSchema = z.object({
  id: z.number().int(),
  /** Which project (the dashboard feed mixes them). */
  project_id: z.number().int().nullish(),
  action_name: z.string(),
  target_id: z.number().nullish(),
  target_iid: z.number().nullish(),
  target_type: z.string().nullish(),
  target_title: z.string().nullish(),
  created_at: isoTime,
  author: userSchema.nullish(),
  author_username: z.string().nullish(),
  push_data: pushDataSchema.nullish(),
  note: noteSchema.nullish(),
  wiki_page: z.object({ slug: z.string(), title: z.string() }).nullish(),
});
export type GitLabEvent = z.infer<typeof eventSchema>;

const labelsSchema = z
  .array(z.string())
  .nullish()
  .transform((labels) => labels ?? []);

export const issueSchema = z.object({
  iid: z.number().int(),
  title: z.string(),
  description: z.string().nullish(),
  state: z.string(),
  labels: labelsSchema,
  confidential: z
    .boolean()
    .nullish()
    .transform((confidential) => confidential ?? false),
  web_url: z.string(),
  created_at: isoTime,
  author: userSchema.nullish(),
  assignees: usersSchema,
  /** The work item type: ISSUE, INCIDENT, TASK, … (GitLab 15.x+). */
  type: z.string().nullish(),
  /** Older spelling of the type: issue, incident, test_case, task. */
  issue_type: z.string().nullish(),
});
export type GitLabIssue = z.infer<typeof issueSchema>;

export const mergeRequestSchema = z.object({
  iid: z.number().int(),
  title: z.string(),
  description: z.string().nullish(),
  state: z.string(),
  draft: z.boolean().nullish(),
  work_in_progress: z.boolean().nullish(),
  labels: labelsSchema,
  source_branch: z.string().nullish(),
  target_branch: z.string().nullish(),
  web_url: z.string(),
  created_at: isoTime,
  updated_at: isoTime.nullish(),
  author: userSchema.nullish(),
  assignees: usersSchema,
  /** Requested reviewers (GitLab 13.8+; absent before). */
  reviewers: usersSchema,
});
export type GitLabMergeRequest = z.infer<typeof mergeRequestSchema>;

/** `GET /projects/:id/merge_requests/:iid/approvals` (GitLab Free): who approves now. `approved_at` only on recent versions. */
export const approvalsSchema = z.object({
  approved: z.boolean().nullish(),
  approved_by: z.array(z.object({ user: userSchema, approved_at: isoTime.nullish() })),
});

export const commitSchema = z.object({
  id: z.string(),
  title: z.string(),
  author_name: z.string().nullish(),
  web_url: z.string().nullish(),
  created_at: isoTime.nullish(),
});

export const compareSchema = z.object({ commits: z.array(z.unknown()), web_url: z.string().nullish() });

export const pipelineSummarySchema = z.object({
  id: z.number().int(),
  iid: z.number().int().nullish(),
  sha: z.string(),
  ref: z.string(),
  status: z.string(),
  created_at: isoTime,
  updated_at: isoTime,
  web_url: z.string(),
});

export const pipelineDetailSchema = pipelineSummarySchema.extend({
  /** `merge_request_event` for a merge request pipeline (its ref is `refs/merge-requests/<iid>/head`). */
  source: z.string().nullish(),
  name: z.string().nullish(),
  tag: z.boolean().nullish(),
  duration: z.number().nullish(),
  finished_at: isoTime.nullish(),
  user: userSchema.nullish(),
});

export const jobSchema = z.object({
  id: z.number(),
  name: z.string(),
  stage: z.string().nullish(),
  status: z.string(),
  web_url: z.string().nullish(),
});

export const deploymentSchema = z.object({
  id: z.number().int(),
  iid: z.number().int().nullish(),
  ref: z.string(),
  sha: z.string().nullish(),
  status: z.string(),
  created_at: isoTime,
  updated_at: isoTime,
  user: userSchema.nullish(),
  environment: z.object({ id: z.number().nullish(), name: z.string() }),
});

export const releaseSchema = z.object({
  tag_name: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  created_at: isoTime,
  released_at: isoTime.nullish(),
  upcoming_release: z.boolean().nullish(),
  author: userSchema.nullish(),
  _links: z.object({ self: z.string().nullish() }).nullish(),
});

export type GitLabRelease = z.infer<typeof releaseSchema>;

export const projectSchema = z.object({
  id: z.number().int(),
  path_with_namespace: z.string(),
  web_url: z.string(),
  default_branch: z.string().nullish(),
  visibility: z.string().nullish(),
});

export const namedSchema = z.object({ name: z.string() });
export const branchSchema = z.object({ name: z.string(), protected: z.boolean().nullish() });
export const tokenSelfSchema = z.object({ scopes: z.array(z.string()) });
export const createdIssueSchema = z.object({ iid: z.number().int(), web_url: z.string() });
