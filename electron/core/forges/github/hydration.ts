import type { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { Logger } from '../../runtime/logger.js';
import type { GitHubClient, RequestCounter } from './github-client.js';
import { compareSchema, issueSchema, pullSchema, repoSchema, type CompareData, type IssueData, type PullData } from './github-schemas.js';

/**
 * Fills in what the thin events payloads leave out (current title, state, labels, draft, merged; pushed commits).
 * One instance per poll: answers are cached so several events about one PR cost one request.
 * A subject that is gone (404/403/422) or has an unexpected shape yields null and a log line; every other failure
 * propagates so the poll is retried (and auth problems reach the user).
 */
export class Hydrator {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repoPath: string,
    private readonly counter: RequestCounter,
    private readonly logger: Logger,
  ) {}

  issue(number: number): Promise<IssueData | null> {
    return this.fetch(`/issues/${number}`, issueSchema, `issue #${number}`);
  }

  pull(number: number): Promise<PullData | null> {
    return this.fetch(`/pulls/${number}`, pullSchema, `pull request #${number}`);
  }

  compare(base: string, head: string): Promise<CompareData | null> {
    return this.fetch(`/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`, compareSchema, `comparison ${base.slice(0, 12)}...${head.slice(0, 12)}`);
  }

  async defaultBranch(): Promise<string | null> {
    return (await this.fetch('', repoSchema, 'repository'))?.default_branch ?? null;
  }

  private fetch<S extends z.ZodType>(suffix: string, schema: S, what: string): Promise<z.output<S> | null> {
    let pending = this.cache.get(suffix) as Promise<z.output<S> | null> | undefined;
    if (!pending) {
      pending = this.client.get(this.repoPath + suffix, schema, { counter: this.counter, what }).then(
        (result) => result.data,
        (error: unknown) => {
          if (error instanceof ForgeError && isPermanentFor(error)) {
            this.logger.info(`github: could not read ${what}; using what the event carries`, { path: this.repoPath + suffix, code: error.code });
            return null;
          }
          throw error;
        },
      );
      this.cache.set(suffix, pending);
    }
    return pending;
  }
}

/** Failures that retrying will not fix for this one subject. */
function isPermanentFor(error: ForgeError): boolean {
  const status = error.details.status;
  if (error.code === 'not_found' || error.code === 'forbidden' || status === 410 || status === 422) return true;
  return error.code === 'bad_response' && status !== undefined && status >= 200 && status < 300;
}
