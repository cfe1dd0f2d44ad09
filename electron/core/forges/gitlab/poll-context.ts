import type { GitLabClient, Meter } from './client.js';

/** What the per-endpoint pollers (pipelines, deployments, releases) and link previews need. */
export interface PollContext {
  client: GitLabClient;
  accountId: string;
  /** As subscribed (ForgeEvent.repo). */
  repo: string;
  /** Full project path for API calls. */
  path: string;
  repoUrl: string;
  meter: Meter;
}
