/**
 * The fake Gitea's world: users, repositories, issues and pull requests (one numbering), comments, branches and
 * commits, releases, wiki pages, Actions runs and the `action` table behind the activity feeds. Like Gitea, every
 * action is written once per receiver (the actor, the owning organisation, each watcher), each row with its own id.
 */

export interface FakeUser {
  id: number;
  login: string;
  fullName: string;
  isOrg: boolean;
}

export interface FakeCommit {
  sha: string;
  message: string;
  author: string;
  at: number;
}

export interface FakeRepo {
  id: number;
  owner: FakeUser;
  name: string;
  defaultBranch: string;
  private: boolean;
  archived: boolean;
  /** User ids watching the repository (Gitea writes each of them a copy of every action). */
  watchers: number[];
  branches: Map<string, { commits: FakeCommit[]; protected: boolean }>;
  /** Merge styles the repository allows (Gitea's repository settings → Pull requests) and the default one. */
  mergeStyles: { merge: boolean; rebase: boolean; rebaseMerge: boolean; squash: boolean; fastForwardOnly: boolean };
  defaultMergeStyle: string;
  /** Branch protection per branch: approvals needed, required status contexts, who may merge (null: writers). */
  protections: Map<string, { requiredApprovals: number; statusChecks: string[]; mergers: string[] | null }>;
  /** Collaborators and their permission (`read`, `write`, `admin`); others have none on a private repository. */
  collaborators: Map<string, string>;
  /** Logins with write access besides the owner (null: everyone with a token may write, the fake's default). */
  writers: string[] | null;
  tags: Map<string, string>;
  wiki: Map<string, { sha: string; author: string; at: number; message: string }>;
}

export interface FakeItem {
  repoId: number;
  number: number;
  isPull: boolean;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  author: FakeUser;
  createdAt: number;
  head: string | null;
  base: string | null;
  /** Assignees' logins. */
  assignees?: string[];
  /** Logins asked for a review (a pull request's `requested_reviewers`). */
  reviewers?: string[];
  /** The head conflicts with the base branch (`mergeable: false`). */
  conflicts?: boolean;
  /** The merge style scheduled for when the checks succeed (`merge_when_checks_succeed`), if any. */
  autoMerge?: string;
}

/** A submitted pull request review (`GET/POST /pulls/{index}/reviews`). */
export interface FakeReview {
  id: number;
  repoId: number;
  number: number;
  state: 'APPROVED' | 'REQUEST_CHANGES' | 'COMMENT';
  body: string;
  author: FakeUser;
  at: number;
  dismissed: boolean;
}

/** A commit status (`/commits/{ref}/status`), as Actions or an outside CI reports it. */
export interface FakeStatus {
  id: number;
  repoId: number;
  sha: string;
  context: string;
  status: 'pending' | 'success' | 'error' | 'failure' | 'warning';
  at: number;
}

export interface FakeComment {
  id: number;
  repoId: number;
  number: number;
  body: string;
  author: FakeUser;
  at: number;
}

export interface FakeRelease {
  id: number;
  repoId: number;
  tag: string;
  name: string;
  body: string;
  author: FakeUser;
  at: number;
}

export interface FakeJob {
  id: number;
  name: string;
  status: 'waiting' | 'running' | 'success' | 'failure' | 'cancelled' | 'skipped';
}

export interface FakeRun {
  id: number;
  repoId: number;
  /** The run's number within the repository (its web URL uses it). */
  index: number;
  title: string;
  branch: string;
  sha: string;
  actor: FakeUser;
  createdAt: number;
  startedAt: number;
  updatedAt: number;
  jobs: FakeJob[];
}

/** One row of Gitea's `action` table. */
export interface FakeActionRow {
  id: number;
  userId: number;
  opType: string;
  actUserId: number;
  repoId: number;
  commentId: number;
  refName: string;
  content: string;
  createdUnix: number;
}

export class World {
  users = new Map<string, FakeUser>();
  repos = new Map<string, FakeRepo>();
  items: FakeItem[] = [];
  comments: FakeComment[] = [];
  releases: FakeRelease[] = [];
  runs: FakeRun[] = [];
  rows: FakeActionRow[] = [];
  reviews: FakeReview[] = [];
  statuses: FakeStatus[] = [];
  private ids = { user: 1, repo: 1, row: 1, comment: 1, release: 1, run: 1, job: 1, sha: 1, review: 1, status: 1 };

  constructor(
    readonly now: () => number,
    readonly me: FakeUser,
  ) {
    this.users.set(me.login, me);
  }

  user(login: string, isOrg = false): FakeUser {
    let user = this.users.get(login);
    if (!user) {
      user = { id: ++this.ids.user + 100, login, fullName: login, isOrg };
      this.users.set(login, user);
    }
    return user;
  }

  repo(path: string): FakeRepo {
    const repo = this.repos.get(path.toLowerCase());
    if (!repo) throw new Error(`fake gitea: no repository ${path}`);
    return repo;
  }

  nextId(kind: keyof World['ids']): number {
    return this.ids[kind]++;
  }

  sha(): string {
    return (this.ids.sha++).toString(16).padStart(8, '0').repeat(5);
  }

  item(repo: FakeRepo, number: number): FakeItem | undefined {
    return this.items.find((i) => i.repoId === repo.id && i.number === number);
  }

  nextNumber(repo: FakeRepo): number {
    return this.items.filter((i) => i.repoId === repo.id).reduce((max, i) => Math.max(max, i.number), 0) + 1;
  }

  /** Gitea's NotifyWatchers: the actor's row first, then the organisation's, then one per watcher who is not the actor. */
  notify(
    repo: FakeRepo,
    actor: FakeUser,
    opType: string,
    extra: { content?: string; refName?: string; commentId?: number } = {},
  ): void {
    const createdUnix = Math.floor(this.now() / 1000);
    const base = {
      opType,
      actUserId: actor.id,
      repoId: repo.id,
      commentId: extra.commentId ?? 0,
      refName: extra.refName ?? '',
      content: extra.content ?? '',
      createdUnix,
    };
    const receivers = [actor.id];
    if (repo.owner.isOrg && repo.owner.id !== actor.id) receivers.push(repo.owner.id);
    for (const watcher of repo.watchers) if (watcher !== actor.id) receivers.push(watcher);
    for (const userId of receivers) this.rows.push({ id: this.ids.row++, userId, ...base });
  }
}
