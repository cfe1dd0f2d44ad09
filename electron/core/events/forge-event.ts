import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';

/** One commit line of a push card. */
export interface CommitSummary {
  sha: string;
  title: string;
  author: string;
  url: string;
}

export interface FailedJob {
  name: string;
  stage: string | null;
  url: string | null;
}

/** Details each message kind needs beyond the common fields. */
export type EventDetails =
  | {
      kind: 'push';
      commits: CommitSummary[];
      totalCommits: number;
      compareUrl: string | null;
      before: string | null;
      after: string | null;
      /** A bulk push to this many branches at once (GitLab): which ones and their commits are not known. */
      refCount?: number;
    }
  /** `count`: a bulk push of this many refs at once (GitLab); `ref` is then '' (the names are not known). */
  | { kind: 'ref'; refType: 'branch' | 'tag'; ref: string; count?: number }
  | { kind: 'issue'; body: string | null }
  | { kind: 'pull'; body: string | null; sourceBranch: string | null; targetBranch: string | null; merged: boolean }
  | { kind: 'review'; state: string; body: string | null }
  | { kind: 'comment'; body: string; on: string }
  | {
      kind: 'pipeline';
      status: string;
      durationSeconds: number | null;
      sha: string | null;
      failedStages: string[];
      failedJobs: FailedJob[];
      name: string | null;
      /** False when the forge is known to have no API to re-run it (a Gitea/Forgejo without the runs list). */
      rerunnable?: boolean;
    }
  | {
      kind: 'deployment';
      environment: string;
      status: string;
      sha: string | null;
      /**
       * Waiting for a required reviewer (GitHub environments with required reviewers: `id` is the workflow run; GitLab
       * protected-environment approvals: `id` is the deployment): what the card's Approve / Reject act on.
       */
      approval?: { id: number };
      /**
       * Waiting only for the environment's wait timer (GitHub: no required reviewers), in minutes: nobody can approve
       * it, so the card says how long it waits instead of offering Approve / Reject.
       */
      waitTimer?: { minutes: number };
    }
  | { kind: 'release'; tag: string; name: string | null; body: string | null }
  | { kind: 'wiki'; pages: { title: string; action: string; url: string }[] }
  | { kind: 'discussion'; body: string | null; category: string | null }
  | { kind: 'none' };

/**
 * Who an event concerns, beyond its actor: read by the card formatter (Slack mentions) and the personal notifier
 * (DMs). Logins as the forge spells them; every field optional (a forge or an event that does not say leaves it out).
 */
export interface Involvement {
  /** The or pull/merge request's author; for a pipeline, who pushed or started it. */
  authors?: string[];
  /** Users asked for a review (pull/merge requests). */
  reviewers?: string[];
  /** Teams asked for a review, `org/slug` (GitHub). */
  reviewerTeams?: string[];
  assignees?: string[];
  /**
   * For `review_requested` / `assigned` actions: who was just requested or assigned, when the forge says so (the
   * thinned Events API may not; the full lists above then stand in).
   */
  targets?: string[];
}

/**
 * The forge-neutral event. Adapters produce it, filters and formatters consume it.
 * `id` is stable across polls and restarts: it is the dedupe key (prefixed by the account id).
 */
export interface ForgeEvent {
  id: string;
  accountId: string;
  forge: ForgeKind;
  /** owner/name or group/subgroup/project, as the user subscribed it. */
  repo: string;
  repoUrl: string;
  event: EventName;
  /**
   * opened, closed, reopened, merged, ready_for_review, approved, unapproved, pushed, created, deleted, published,
   * submitted, commented, failed, success, fixed, …
   */
  action: string;
  /** Threads: `issue:12`, `pull:7`, `mr:3`; null when the event is not about an issue or PR/MR. */
  subjectKey: string | null;
  /**
   * A run or pipeline: the pull/merge requests whose head it checked (`pull:7`, `mr:3`), when the forge says so
   * (GitHub's `pull_requests[]`, empty for forks; GitLab's merge request pipelines). Their thread parents carry its
   * state reaction (`x` when it failed).
   */
  checksFor?: string[];
  number: number | null;
  title: string;
  url: string;
  actor: string;
  /** ISO 8601 time the forge recorded the event. */
  createdAt: string;
  /** Current state of the subject when known: open, closed, merged, draft. */
  state: string | null;
  labels: string[];
  /** Branch the event is about (commits, pipelines, deployments, PR target); null when not branch-bound. */
  branch: string | null;
  draft: boolean;
  confidential: boolean;
  details: EventDetails;
  /**
   * The forge's event-feed number when the event came from a feed whose ids grow with time (GitHub). Orders events
   * within one second (GitHub stamps whole seconds) against a subscription's starting position.
   */
  seq?: number;
  /** Who the event concerns (mentions, personal notifications). */
  involved?: Involvement;
  /** True when the forge marks the actor a bot (GitHub user type `Bot`, GitLab bot users); absent: judged by login. */
  actorBot?: boolean;
  /**
   * True when the event itself says its repository was public when it happened (GitHub's feed `public`): anyone may
   * read it, so a mention needs no read-access check. Absent: not said (private, internal or unknown — ask the forge).
   */
  repoPublic?: boolean;
}

export interface RepoInfo {
  /** Canonical path as the forge spells it. */
  path: string;
  webUrl: string;
  defaultBranch: string | null;
  /**
   * Who can see the repository, as the forge says: `public` (anyone, signed in or not), `internal` (every user of the
   * instance or enterprise), `private`; null or absent when the forge did not say. Only `public` lets a link preview
   * show a repository nobody subscribed in that channel.
   */
  visibility?: 'public' | 'internal' | 'private' | null;
}
