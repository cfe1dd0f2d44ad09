import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { ForgeEvent, RepoInfo } from '../events/forge-event.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { ForgePeople } from './forge-people.js';
import type { ReviewQueueSource } from '../queue/queue-source.js';

/** Opaque per-repository poll position, JSON-serialisable, persisted by the engine with the events it produced. */
export type RepoCursor = Record<string, unknown>;

export interface PollRequest {
  repo: string;
  /** The forge's id of the repository when known (pattern subscriptions): feeds that name it otherwise are matched by it. */
  repoId?: string;
  /** Null on the first poll of a subscription. */
  cursor: RepoCursor | null;
  /** Events created before this instant are history: never returned (a new subscription starts from "now"). */
  since: Date;
  /** Union of the event names the repo's enabled subscriptions want; adapters skip endpoints nobody needs. */
  wanted: ReadonlySet<EventName>;
  /**
   * Whether any subscription could want commits on this branch. Adapters may skip the costly hydration of
   * pushes to other branches (the event is still returned, so the feed shows why it was filtered).
   */
  branchWanted?: BranchWanted;
  /**
   * Set when `pipelines` is in `wanted` only for people (no subscription posts pipelines to a channel): whether a
   * login is someone a failed run could be DMed to. Adapters may then read runs only where such a person lately
   * pushed, and skip what only a channel card shows (a failed run's jobs).
   */
  pipelinesFor?: (login: string) => boolean;
}

/** `known.defaultBranch`: the default branch if the adapter learned it on the way (null: ask the forge if needed). */
export type BranchWanted = (branch: string, known: { defaultBranch: string | null }) => boolean | Promise<boolean>;

export interface PollResult {
  events: ForgeEvent[];
  cursor: RepoCursor;
  /** The repository's default branch, when the poll learned it (saves the engine a lookup for branch filters). */
  defaultBranch?: string | null;
  /** Forge-imposed minimum interval (GitHub X-Poll-Interval), seconds. */
  minIntervalSeconds?: number;
  /** Human-readable warnings (e.g. "events older than 30 days could not be recovered"). */
  warnings: string[];
  /** Requests made and how many cost budget (non-304), for status and benchmarks. */
  requests: { total: number; billable: number };
}

export interface WhoAmI {
  login: string;
  name: string | null;
  scopes: string[] | null;
}

export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  resetAt: string | null;
}

export interface BranchInfo {
  defaultBranch: string | null;
  protectedBranches: string[];
  /** False when only the default branch was asked for (protectedBranches is then empty, not "none"). */
  protectedKnown?: boolean;
}

/** One forge-specific line for `doctor` and the account form (server version, token scopes the forge cannot list). */
export interface AccessCheck {
  label: string;
  ok: boolean;
  message: string;
  fix: string | null;
}

/** One repository of an owner as the forge lists it, for pattern subscriptions (docs/cli-and-config.md §6). */
export interface OwnerRepo {
  /** The forge's own id: it stays the same when the repository is renamed or moved. */
  id: string;
  /** owner/name or group/subgroup/project, as the forge spells it now. */
  path: string;
  archived: boolean;
  defaultBranch: string | null;
}

export interface OwnerListing {
  /** Every repository of the owner the token can see (archived ones included, flagged). */
  repos: OwnerRepo[];
  /** Something to know about the listing that is not a failure (private repositories left out: a scope is missing). */
  warning: string | null;
}

export interface CreatedIssue {
  number: number;
  url: string;
}

export interface ForgeAdapter {
  readonly kind: ForgeKind;
  readonly accountId: string;
  /** Web base (https://github.com, https://gitlab.example.com), for URL parsing and unfurls. */
  readonly webUrl: string;
  whoami(): Promise<WhoAmI>;
  /**
   * Optional: the newest event-feed number of the repository right now (ForgeEvent.seq), taken when a subscription is
   * created so events stamped in its first second can be told apart (before or after it). Null when unknown.
   */
  feedPosition?(repo: string): Promise<number | null>;
  /** Validates that the repo exists and the token can read it; throws ForgeError otherwise. */
  resolveRepo(repo: string): Promise<RepoInfo>;
  /** The default branch and, unless `need.protectedBranches` is false, the protected ones. */
  branches(repo: string, need?: { protectedBranches: boolean }): Promise<BranchInfo>;
  /**
   * Optional: called with all of a cycle's requests before their `poll` calls, so an adapter can read lists first
   * and batch what they need (GitHub: one GraphQL request for the cycle's pull requests and pushes).
   */
  prepareCycle?(requests: readonly PollRequest[]): Promise<void>;
  poll(request: PollRequest): Promise<PollResult>;
  rateLimit(): RateLimitInfo;
  /** Optional: how the account is being read right now, in a sentence for Diagnostics (null: nothing to say). */
  readingSummary?(): string | null;
  setIssueState(repo: string, number: number, kind: 'issue' | 'pull', state: 'closed' | 'open'): Promise<void>;
  createIssue(repo: string, title: string, body: string): Promise<CreatedIssue>;
  /** Fetch one issue/PR/MR/commit/pipeline for a link preview; null when the URL is not understood. */
  describeUrl(url: string): Promise<ForgeEvent | null>;
  /** Optional: checks beyond whoami that only this forge can answer (Gitea: the server version, each scope by probing). */
  checkAccess?(): Promise<AccessCheck[]>;
  /** Repositories the token can see, for the UI's picker (optional). */
  listRepos?(search?: string): Promise<string[]>;
  /** Optional: who may read what, user search and existence (the personal layer; docs/cli-and-config.md §4). */
  readonly people?: ForgePeople;
  /**
   * Optional: every repository of an organisation, user or group (`subgroups`: a GitLab group's subgroups too), for
   * pattern subscriptions. Complete or a ForgeError: a partial list would drop repositories that are still there. An
   * owner the token cannot list is a ForgeError whose message says what to change (the scope to add).
   */
  listOwnerRepos?(owner: string, options: { subgroups: boolean }): Promise<OwnerListing>;
  /** Optional: owners whose feeds showed a repository created, made public or moved in since the last call. */
  takeOwnerHints?(): string[];
  /** Optional: the open pull/merge requests and assigned issues for the review queue (docs/cli-and-config.md §5). */
  readonly queue?: ReviewQueueSource;
}
