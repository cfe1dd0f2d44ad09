import type { CommitChecks } from './commit-watch.js';
import type { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { Logger } from '../../runtime/logger.js';
import type { ConditionalCache } from './conditional-cache.js';
import type { GitHubClient, RequestCounter } from './client.js';
import {
  compareSchema,
  issueSchema,
  pullSchema,
  repoSchema,
  reviewSchema,
  type CompareData,
  type IssueData,
  type PullData,
  type ReviewData,
} from './schemas.js';

/** What normalisers ask for to fill in thin payloads. */
export interface HydrationSource {
  issue(number: number): Promise<IssueData | null>;
  pull(number: number): Promise<PullData | null>;
  compare(base: string, head: string): Promise<CompareData | null>;
  defaultBranch(): Promise<string | null>;
  /** A review of a pull request, for a thinned review payload without its state. */
  review(pull: number, id: number): Promise<ReviewData | null>;
}

/** Answers fetched ahead of time (one batched GraphQL request for a whole poll cycle), keyed like the REST paths. */
export interface Prefetched {
  issues: Map<number, IssueData>;
  pulls: Map<number, PullData>;
  /** Keyed by compareKey(base, head). */
  compares: Map<string, CompareData>;
  /** The repository's default branch, read along with the pushes (undefined: not read). */
  defaultBranch?: string | null;
  /** Watched commits' check suites, by CheckTarget.key (see commit-watch.ts). */
  checks: Map<string, CommitChecks>;
}

export function compareKey(base: string, head: string): string {
  return `${base}...${head}`;
}

export function emptyPrefetched(): Prefetched {
  return { issues: new Map(), pulls: new Map(), compares: new Map(), checks: new Map() };
}

/**
 * Fills in what the thin events payloads leave out (current title, state, labels, draft, merged; pushed commits).
 * One instance per poll: answers are cached so several events about one PR cost one request; prefetched answers
 * (GraphQL) cost none. Whatever the prefetch could not answer is read over REST.
 * A subject that is gone (404/403/422) or has an unexpected shape yields null and a log line; every other failure
 * propagates so the poll is retried (and auth problems reach the user).
 */
export class Hydrator implements HydrationSource {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repoPath: string,
    private readonly counter: RequestCounter,
    private readonly logger: Logger,
    private readonly prefetched: Prefetched = emptyPrefetched(),
    /** The adapter's ETag cache: the repository (for its default branch) is then usually a free 304. */
    private readonly conditional?: ConditionalCache,
  ) {}

  issue(number: number): Promise<IssueData | null> {
    const known = this.prefetched.issues.get(number);
    return known ? Promise.resolve(known) : this.fetch(`/issues/${number}`, issueSchema, `issue #${number}`);
  }

  pull(number: number): Promise<PullData | null> {
    const known = this.prefetched.pulls.get(number);
    return known ? Promise.resolve(known) : this.fetch(`/pulls/${number}`, pullSchema, `pull request #${number}`);
  }

  compare(base: string, head: string): Promise<CompareData | null> {
    const known = this.prefetched.compares.get(compareKey(base, head));
    if (known) return Promise.resolve(known);
    return this.fetch(
      `/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`,
      compareSchema,
      `comparison ${base.slice(0, 12)}...${head.slice(0, 12)}`,
    );
  }

  async defaultBranch(): Promise<string | null> {
    if (this.prefetched.defaultBranch !== undefined) return this.prefetched.defaultBranch;
    return (await this.fetch('', repoSchema, 'repository'))?.default_branch ?? null;
  }

  review(pull: number, id: number): Promise<ReviewData | null> {
    return this.fetch(`/pulls/${pull}/reviews/${id}`, reviewSchema, `review ${id} of pull request #${pull}`);
  }

  private fetch<S extends z.ZodType>(suffix: string, schema: S, what: string): Promise<z.output<S> | null> {
    let pending = this.cache.get(suffix) as Promise<z.output<S> | null> | undefined;
    if (!pending) {
      const options = { counter: this.counter, what };
      const request =
        suffix === '' && this.conditional
          ? this.conditional.get(this.repoPath, schema, options)
          : this.client.get(this.repoPath + suffix, schema, options).then((result) => result.data);
      pending = request.catch((error: unknown) => {
        if (error instanceof ForgeError && isPermanentFor(error)) {
          this.logger.info(`github: could not read ${what}; using what the event carries`, {
            path: this.repoPath + suffix,
            code: error.code,
          });
          return null;
        }
        throw error;
      });
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
