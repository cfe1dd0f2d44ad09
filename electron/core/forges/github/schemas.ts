import { z } from 'zod';

/**
 * Lenient shapes of the GitHub REST answers Forgebell reads: only the fields it uses, unknown keys ignored. Every
 * field GitHub's published description (api.github.com, GHES) marks optional or nullable is optional here too, so an
 * answer GitHub may send is never rejected as a whole for one missing detail.
 */

/**
 * A user reference (`author`, `user`, `creator`, `actor` …). A commit whose e-mail matches no account has `author`
 * (and `committer`) `null` or `{}` (the description's `empty-object`); deleted accounts can be null too. Anything
 * without a login is "no account": null.
 */
export const userSchema = z
  .object({ login: z.string() })
  .nullish()
  .catch(null)
  .transform((user) => user ?? null);

/** Issue labels: names, or label objects whose `name` the description marks optional (nameless ones are dropped). */
export const labelsSchema = z
  .array(z.unknown())
  .nullish()
  .catch(null)
  .transform((labels) =>
    (labels ?? []).flatMap((label) => {
      const name = typeof label === 'string' ? label : (label as { name?: unknown } | null)?.name;
      return typeof name === 'string' && name !== '' ? [name] : [];
    }),
  );

/** A list of user references (`assignees`, `requested_reviewers`) as logins; entries without one are dropped. */
export const loginListSchema = z
  .array(z.unknown())
  .nullish()
  .catch(null)
  .transform((users) =>
    (users ?? []).flatMap((user) => {
      const login = (user as { login?: unknown } | null)?.login;
      return typeof login === 'string' && login !== '' ? [login] : [];
    }),
  );

/** `requested_teams` as `org/slug` (the organisation is the repository owner's, added by the caller) or `slug`. */
export const teamListSchema = z
  .array(z.unknown())
  .nullish()
  .catch(null)
  .transform((teams) =>
    (teams ?? []).flatMap((team) => {
      const slug = (team as { slug?: unknown } | null)?.slug;
      return typeof slug === 'string' && slug !== '' ? [slug] : [];
    }),
  );

/** Whether a raw label list has label objects without a name: the subject is then read for its real labels. */
export function hasNamelessLabels(labels: unknown): boolean {
  return (
    Array.isArray(labels) &&
    labels.some((label) => typeof label !== 'string' && typeof (label as { name?: unknown } | null)?.name !== 'string')
  );
}

export const whoamiSchema = z.object({ login: z.string(), name: z.string().nullish() });

export const repoSchema = z.object({
  full_name: z.string(),
  html_url: z.string(),
  default_branch: z.string().nullish(),
  private: z.boolean().nullish(),
  visibility: z.string().nullish(),
});

/** A repository in an organisation's or user's list (pattern subscriptions). */
export const listedRepoSchema = z.object({
  id: z.union([z.number(), z.string()]),
  full_name: z.string(),
  archived: z.boolean().nullish(),
  default_branch: z.string().nullish(),
});

/** `GET /users/{login}`: organisations and users share the route; `type` tells them apart. */
export const ownerSchema = z.object({ login: z.string(), type: z.string().nullish() });

export const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  html_url: z.string(),
  labels: labelsSchema,
  user: userSchema,
  draft: z.boolean().nullish(),
  pull_request: z.object({ merged_at: z.string().nullish() }).nullish(),
  updated_at: z.string().nullish(),
  assignees: loginListSchema,
});
export type IssueData = z.output<typeof issueSchema>;

const branchRef = z.object({ ref: z.string(), sha: z.string().nullish() });

export const pullSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  html_url: z.string(),
  labels: labelsSchema,
  user: userSchema,
  head: branchRef,
  base: branchRef,
  updated_at: z.string().nullish(),
  assignees: loginListSchema,
  requested_reviewers: loginListSchema,
  requested_teams: teamListSchema,
});
export type PullData = z.output<typeof pullSchema>;

/** The git author/committer of a commit (`nullable-git-user`: every field optional, the whole may be null). */
const gitUserSchema = z.object({ name: z.string().nullish(), date: z.string().nullish() }).nullish();

export const commitSchema = z.object({
  sha: z.string(),
  html_url: z.string().nullish(),
  commit: z.object({
    message: z
      .string()
      .nullish()
      .transform((message) => message ?? ''),
    author: gitUserSchema,
    committer: gitUserSchema,
  }),
  /** The GitHub account of the author: null (or `{}`) when the commit e-mail matches none. */
  author: userSchema,
});
export type CommitData = z.output<typeof commitSchema>;

export const compareSchema = z.object({
  total_commits: z.number(),
  commits: z.array(commitSchema),
  html_url: z.string().nullish(),
});
export type CompareData = z.output<typeof compareSchema>;

export const branchListSchema = z.array(z.object({ name: z.string(), protected: z.boolean().nullish() }));

export const runSchema = z.object({
  id: z.number(),
  name: z.string().nullish(),
  display_title: z.string().nullish(),
  head_branch: z.string().nullish(),
  head_sha: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string(),
  actor: userSchema,
  triggering_actor: userSchema,
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().nullish(),
  /** The repository of the head commit: a fork's, for a fork's pull request. */
  head_repository: z.object({ full_name: z.string().nullish() }).loose().nullish().catch(null),
  /** The pull requests whose head this run checked (empty for a fork's pull request). */
  pull_requests: z
    .array(z.object({ number: z.number() }).loose())
    .nullish()
    .catch(null),
});
export type RunData = z.output<typeof runSchema>;

export const runListSchema = z.object({ workflow_runs: z.array(runSchema) });

export const jobListSchema = z.object({
  jobs: z.array(z.object({ name: z.string(), conclusion: z.string().nullish(), html_url: z.string().nullish() })),
});

export const deploymentListSchema = z.array(
  z.object({
    id: z.number(),
    sha: z.string().nullish(),
    ref: z.string().nullish(),
    environment: z.string().nullish(),
    updated_at: z.string(),
    created_at: z.string(),
  }),
);

export type DeploymentListItem = z.output<typeof deploymentListSchema>[number];

export const deploymentStatusListSchema = z.array(
  z.object({
    id: z.number(),
    state: z.string(),
    description: z.string().nullish(),
    environment: z.string().nullish(),
    log_url: z.string().nullish(),
    target_url: z.string().nullish(),
    environment_url: z.string().nullish(),
    creator: userSchema,
    created_at: z.string(),
  }),
);
export type DeploymentStatusData = z.output<typeof deploymentStatusListSchema>[number];

/** GET /repos/{o}/{r}/actions/runs/{id}/pending_deployments: who may approve (fields GitHub may leave out optional). */
export const pendingDeploymentsSchema = z.array(
  z.object({
    environment: z.object({ id: z.number().nullish(), name: z.string().nullish() }).loose(),
    /** The environment's wait timer in minutes (0: none). */
    wait_timer: z.number().nullish(),
    reviewers: z
      .array(
        z.object({
          type: z.string().nullish(),
          reviewer: z.object({ login: z.string().nullish(), slug: z.string().nullish() }).loose().nullish(),
        }),
      )
      .nullish(),
  }),
);

/** GET /orgs/{org}/teams/{slug}/members. */
export const teamMembersSchema = z.array(z.object({ login: z.string() }).loose());

/** GET /repos/{o}/{r}/pulls/{n}/reviews/{id}: what a review card shows. */
export const reviewSchema = z.object({
  id: z.number(),
  state: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
});
export type ReviewData = z.output<typeof reviewSchema>;

export const createdIssueSchema = z.object({ number: z.number(), html_url: z.string() });
