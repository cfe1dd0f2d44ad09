import { z } from 'zod';

/**
 * The parts of Gitea/Forgejo API v1 answers Forgebell reads (checked against Gitea's and Forgejo's swagger and
 * source). Unknown keys are dropped; fields the servers may omit or send as null are nullish; a malformed list
 * entry is skipped with a reason, never the whole page.
 */

const isoTime = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'not an ISO 8601 time');

export const userSchema = z.object({
  id: z.number().optional(),
  login: z.string(),
  full_name: z.string().nullish(),
});

export const repositorySchema = z.object({
  id: z.number(),
  full_name: z.string(),
  html_url: z.string(),
  default_branch: z.string().nullish(),
  private: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  has_actions: z.boolean().nullish(),
});

export const repoSearchSchema = z.object({ data: z.array(z.unknown()).default([]) });

/**
 * One row of `/repos/{owner}/{repo}/activities/feeds`. Gitea writes one row per receiver of an action (the actor,
 * the owning organisation, every watcher): same op, actor, time and content, different `id` and `user_id`.
 */
export const activitySchema = z.object({
  id: z.number().int(),
  user_id: z.number().nullish(),
  op_type: z.string(),
  act_user_id: z.number().nullish(),
  act_user: userSchema.nullish(),
  comment_id: z.number().nullish(),
  comment: z
    .object({
      id: z.number(),
      body: z.string().nullish(),
      html_url: z.string().nullish(),
      user: userSchema.nullish(),
    })
    .nullish(),
  ref_name: z.string().nullish(),
  is_private: z.boolean().nullish(),
  content: z.string().nullish(),
  created: isoTime,
});
export type GiteaActivity = z.infer<typeof activitySchema>;

/** The `content` of commit_repo / push_tag / mirror_sync_push rows: Gitea's PushCommits, newest commit first. */
export const pushCommitsSchema = z.object({
  Commits: z
    .array(
      z.object({
        Sha1: z.string(),
        Message: z.string().nullish(),
        AuthorName: z.string().nullish(),
        AuthorEmail: z.string().nullish(),
      }),
    )
    .nullish(),
  HeadCommit: z.object({ Sha1: z.string() }).nullish(),
  /** `owner/repo/compare/BEFORE...AFTER` (relative to the web root); empty for a new branch. */
  CompareURL: z.string().nullish(),
  Len: z.number().int().nullish(),
});
export type GiteaPushCommits = z.infer<typeof pushCommitsSchema>;

const labelSchema = z.object({ name: z.string().nullish() });

export const issueSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  html_url: z.string(),
  user: userSchema.nullish(),
  labels: z
    .array(labelSchema)
    .nullish()
    .transform((labels) => (labels ?? []).flatMap((l) => (l.name ? [l.name] : []))),
  created_at: isoTime,
  assignees: z.array(userSchema).nullish(),
  /** Present (non-null) when the issue is a pull request. */
  pull_request: z
    .object({ merged: z.boolean().nullish(), draft: z.boolean().nullish(), html_url: z.string().nullish() })
    .nullish(),
});
export type GiteaIssue = z.infer<typeof issueSchema>;

const branchRefSchema = z.object({ ref: z.string().nullish(), sha: z.string().nullish() }).nullish();

export const pullSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  html_url: z.string(),
  user: userSchema.nullish(),
  labels: z
    .array(labelSchema)
    .nullish()
    .transform((labels) => (labels ?? []).flatMap((l) => (l.name ? [l.name] : []))),
  /** Gitea 1.22+ / Forgejo send it; older servers mark drafts only by the title's WIP prefix. */
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  head: branchRefSchema,
  base: branchRefSchema,
  created_at: isoTime,
  assignees: z.array(userSchema).nullish(),
  requested_reviewers: z.array(userSchema).nullish(),
});
export type GiteaPull = z.infer<typeof pullSchema>;

export const commitSchema = z.object({
  sha: z.string(),
  html_url: z.string().nullish(),
  created: z.string().nullish(),
  commit: z
    .object({
      message: z.string().nullish(),
      author: z.object({ name: z.string().nullish(), date: z.string().nullish() }).nullish(),
    })
    .nullish(),
  author: userSchema.nullish(),
});

/** `GET /repos/{o}/{r}/compare/{base}...{head}` (Gitea 1.22+, Forgejo 7+). */
export const compareSchema = z.object({
  total_commits: z.number().int().nullish(),
  commits: z.array(z.unknown()).nullish(),
});

export const branchSchema = z.object({ name: z.string(), protected: z.boolean().nullish() });

export const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
  draft: z.boolean().nullish(),
  prerelease: z.boolean().nullish(),
  published_at: z.string().nullish(),
  author: userSchema.nullish(),
});

export const wikiPageSchema = z.object({
  title: z.string(),
  html_url: z.string().nullish(),
  sub_url: z.string().nullish(),
  last_commit: z
    .object({
      sha: z.string(),
      author: z.object({ name: z.string().nullish(), date: z.string().nullish() }).nullish(),
      message: z.string().nullish(),
    })
    .nullish(),
});

/**
 * One workflow run. Gitea ≥ 1.24 (`/actions/runs`) sends GitHub's shape (status queued|in_progress|completed plus a
 * conclusion); Forgejo sends its own (status success|failure|running|…, `title`, `prettyref`, `commit_sha`, `started`,
 * `stopped`); `/actions/tasks` (Gitea 1.22+, Forgejo 7+) lists jobs with a run number. All are read with one schema.
 */
export const runSchema = z.object({
  id: z.number(),
  status: z.string(),
  conclusion: z.string().nullish(),
  display_title: z.string().nullish(),
  title: z.string().nullish(),
  name: z.string().nullish(),
  head_branch: z.string().nullish(),
  prettyref: z.string().nullish(),
  head_sha: z.string().nullish(),
  commit_sha: z.string().nullish(),
  run_number: z.number().nullish(),
  index: z.number().nullish(),
  html_url: z.string().nullish(),
  url: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  run_started_at: z.string().nullish(),
  started: z.string().nullish(),
  stopped: z.string().nullish(),
  updated_at: z.string().nullish(),
  updated: z.string().nullish(),
  created_at: z.string().nullish(),
  actor: userSchema.nullish(),
  trigger_actor: userSchema.nullish(),
  trigger_user: userSchema.nullish(),
});
export type GiteaRun = z.infer<typeof runSchema>;

export const runListSchema = z.object({
  workflow_runs: z.array(z.unknown()).nullish(),
  total_count: z.number().nullish(),
});

export const jobListSchema = z.object({
  jobs: z.array(z.unknown()).nullish(),
  workflow_jobs: z.array(z.unknown()).nullish(),
});

export const jobSchema = z.object({
  name: z.string(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
});

export const versionSchema = z.object({ version: z.string() });
