import { z } from 'zod';

/** Lenient shapes of the GitHub REST answers Forgebell reads: only the fields it uses, unknown keys ignored. */

export const userSchema = z.object({ login: z.string() }).nullish();

export const labelsSchema = z
  .array(z.union([z.string(), z.object({ name: z.string() })]))
  .nullish()
  .transform((labels) => (labels ?? []).map((label) => (typeof label === 'string' ? label : label.name)));

export const whoamiSchema = z.object({ login: z.string(), name: z.string().nullish() });

export const repoSchema = z.object({
  full_name: z.string(),
  html_url: z.string(),
  default_branch: z.string().nullish(),
});

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
});
export type PullData = z.output<typeof pullSchema>;

export const commitSchema = z.object({
  sha: z.string(),
  html_url: z.string().nullish(),
  commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string().nullish(), date: z.string().nullish() }).nullish(),
  }),
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

export const createdIssueSchema = z.object({ number: z.number(), html_url: z.string() });
