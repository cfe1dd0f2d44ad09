import { createHash } from 'node:crypto';
import type {
  CommitAccount,
  FakeAction,
  FakeCommit,
  FakeEvent,
  FakeNotification,
  FakeRepo,
  FakeUser,
} from './world-types.js';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface WorldOptions {
  now: () => number;
  eventLagMs: number;
  defaultActor: string;
}

/** Core state of the fake: repos, users, the event store and the action log. Mutators live in *-actions.ts. */
export class World {
  readonly repos = new Map<string, FakeRepo>();
  readonly users = new Map<string, FakeUser>();
  /** Owners that are user accounts (lower-case); every other owner of a repository is an organisation. */
  readonly userAccounts = new Set<string>();
  /** Organisations that enforce SAML SSO the token was not authorised for: their listings answer 403. */
  readonly ssoRequired = new Set<string>();
  /** Old lower-case full names of renamed or transferred repositories → repository id (GitHub redirects them). */
  readonly redirects = new Map<string, number>();
  /** Every event ever recorded, oldest first. Feeds apply lag, retention and the 300 cap when reading. */
  readonly events: FakeEvent[] = [];
  readonly actions: FakeAction[] = [];
  /** Every user's inbox threads (`GET /notifications`). */
  readonly notifications: FakeNotification[] = [];
  /** Team members by `org/slug` (lower case). */
  readonly teams = new Map<string, string[]>();
  eventLagMs: number;
  /** API base (with prefix) and web base of the running server; set once it listens. */
  readonly urls = { api: '', web: '' };
  readonly defaultActor: string;
  readonly now: () => number;
  /** When the fake started: the Last-Modified of an inbox that never had a notification. */
  readonly startedAt: number;
  private counter = 1000;
  private eventCounter = 40_000_000_000;
  private shaCounter = 0;
  private commitSeq = 0;

  constructor(options: WorldOptions) {
    this.now = options.now;
    this.startedAt = options.now();
    this.eventLagMs = options.eventLagMs;
    this.defaultActor = options.defaultActor;
  }

  nextId(): number {
    return ++this.counter;
  }

  user(login: string): FakeUser {
    let user = this.users.get(login.toLowerCase());
    if (!user) {
      user = { id: this.nextId(), login, name: null };
      this.users.set(login.toLowerCase(), user);
    }
    return user;
  }

  /** The repository now at `fullName`, or the one that was there before a rename or transfer (GitHub redirects). */
  findRepo(fullName: string): FakeRepo | undefined {
    const found = this.repos.get(fullName.toLowerCase());
    if (found) return found;
    const id = this.redirects.get(fullName.toLowerCase());
    return id === undefined ? undefined : [...this.repos.values()].find((r) => r.id === id);
  }

  /** `Organization` or `User`, as GitHub's user objects say; null for an owner that does not exist. */
  ownerKind(login: string): 'Organization' | 'User' | null {
    const lower = login.toLowerCase();
    if (this.userAccounts.has(lower)) return 'User';
    if ([...this.repos.values()].some((r) => r.owner.toLowerCase() === lower)) return 'Organization';
    return this.users.has(lower) ? 'User' : null;
  }

  repo(fullName: string): FakeRepo {
    const repo = this.findRepo(fullName);
    if (!repo) throw new Error(`GitHub fake: no repo ${fullName}; call createRepo first`);
    return repo;
  }

  newSha(): string {
    return createHash('sha1').update(`fake-commit-${++this.shaCounter}`).digest('hex');
  }

  addCommit(
    repo: FakeRepo,
    message: string,
    author: string,
    parents: string[],
    account: CommitAccount = 'linked',
  ): FakeCommit {
    const commit: FakeCommit = {
      sha: this.newSha(),
      message,
      author,
      account,
      parents,
      seq: ++this.commitSeq,
      at: this.now(),
    };
    repo.commits.set(commit.sha, commit);
    return commit;
  }

  /** Records a feed event; returns its id as the API spells it (a string). */
  emit(repo: FakeRepo, type: string, actor: string, payload: Record<string, unknown>): string {
    const createdAt = this.now();
    const event: FakeEvent = {
      id: ++this.eventCounter,
      type,
      actor,
      repoId: repo.id,
      repoName: repo.fullName,
      owner: repo.owner,
      public: !repo.private,
      payload,
      createdAt,
      visibleAt: createdAt + this.eventLagMs,
    };
    this.user(actor);
    this.events.push(event);
    return String(event.id);
  }

  log(type: string, repo: FakeRepo, eventIds: string[], ref: string | number | null = null): FakeAction {
    const action: FakeAction = {
      seq: this.actions.length + 1,
      type,
      repo: repo.fullName,
      at: this.now(),
      eventIds,
      ref,
    };
    this.actions.push(action);
    return action;
  }
}
