import { createHash } from 'node:crypto';
import type { FakeAction, FakeEvent, FakeProject, FakeTodo, FakeUser } from './world-types.js';

type Counter =
  | 'project'
  | 'event'
  | 'issue'
  | 'mr'
  | 'note'
  | 'pipeline'
  | 'job'
  | 'deployment'
  | 'environment'
  | 'user'
  | 'sha'
  | 'wiki'
  | 'todo';

/**
 * The shared state of the fake GitLab: projects, users, the events feed and the action log.
 * Mutators (repo-, issue-, ci-mutators) change it; the router only reads it.
 */
export class World {
  readonly projects: FakeProject[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly actions: FakeAction[] = [];
  readonly todos: FakeTodo[] = [];
  /** People's own tokens (personal access or OAuth): token → user and scopes. The configured token is `me`'s. */
  readonly personalTokens = new Map<string, { user: FakeUser; scopes: string[] }>();
  /** Every request that changes something (not GET), with the username of the token that made it. */
  readonly writes: { method: string; path: string; username: string }[] = [];
  /** Bot users (project and group access tokens): `/users` reports `bot: true`. */
  readonly bots = new Set<string>();
  readonly me: FakeUser;
  /** Old lower-case full paths of renamed or transferred projects → project id (GitLab's redirect routes). */
  readonly redirects = new Map<string, number>();
  /** Groups made without a project (a project's path makes its groups exist too). */
  readonly groups = new Set<string>();
  private readonly counters = new Map<Counter, number>();

  constructor(
    readonly now: () => number,
    username: string,
    name: string,
  ) {
    this.me = this.user(username, name);
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  next(counter: Counter): number {
    const value = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, value);
    return value;
  }

  /** Deterministic 40-hex commit id. */
  sha(): string {
    return createHash('sha1')
      .update(`fake-gitlab-commit-${this.next('sha')}`)
      .digest('hex');
  }

  user(username?: string, name?: string): FakeUser {
    if (username === undefined) return this.me;
    const existing = this.users.get(username);
    if (existing) return existing;
    const created: FakeUser = {
      id: this.next('user'),
      username,
      name: name ?? username.replace(/[._-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    };
    this.users.set(username, created);
    return created;
  }

  /** Numeric id or full path (case-insensitive), as GitLab accepts for `:id`. */
  findProject(ref: string | number): FakeProject | undefined {
    const text = String(ref);
    if (/^\d+$/.test(text)) return this.projects.find((p) => p.id === Number(text));
    const found = this.projects.find((p) => p.path.toLowerCase() === text.toLowerCase());
    if (found) return found;
    const moved = this.redirects.get(text.toLowerCase());
    return moved === undefined ? undefined : this.projects.find((p) => p.id === moved);
  }

  /** Full paths of every group (the namespaces of the projects, their parents, and groups made empty). */
  groupPaths(): string[] {
    const paths = new Set(this.groups);
    for (const project of this.projects) {
      const parts = project.path.split('/');
      for (let i = 1; i < parts.length; i++) paths.add(parts.slice(0, i).join('/'));
    }
    return [...paths];
  }

  /** A group by numeric id (its position in a stable order) or full path, case-insensitive. */
  findGroup(ref: string): { id: number; path: string } | undefined {
    const all = this.groupPaths().sort();
    if (/^\d+$/.test(ref)) {
      const path = all.find((p) => groupId(p) === Number(ref));
      return path ? { id: Number(ref), path } : undefined;
    }
    const path = all.find((p) => p.toLowerCase() === ref.toLowerCase());
    return path ? { id: groupId(path), path } : undefined;
  }

  project(ref: string | number): FakeProject {
    const project = this.findProject(ref);
    if (!project) throw new Error(`fake GitLab: no project ${String(ref)}`);
    return project;
  }

  addEvent(
    project: FakeProject,
    event: Omit<FakeEvent, 'id' | 'projectId' | 'createdAt' | 'pushData' | 'note' | 'wikiPage'> &
      Partial<Pick<FakeEvent, 'pushData' | 'note' | 'wikiPage'>>,
  ): FakeEvent {
    const row: FakeEvent = {
      pushData: null,
      note: null,
      wikiPage: null,
      ...event,
      id: this.next('event'),
      projectId: project.id,
      createdAt: this.iso(),
    };
    project.events.push(row);
    // GitLab moves last_activity_at at most once an hour (Event::RESET_PROJECT_ACTIVITY_INTERVAL).
    if (Date.parse(row.createdAt) - Date.parse(project.lastActivityAt) >= 3_600_000)
      project.lastActivityAt = row.createdAt;
    return row;
  }

  log(kind: string, project: FakeProject, eventId: number | null, ref: FakeAction['ref']): FakeAction {
    const action: FakeAction = {
      seq: this.actions.length + 1,
      kind,
      project: project.path,
      at: this.now(),
      wallAt: Date.now(),
      eventId,
      ref,
    };
    this.actions.push(action);
    return action;
  }
}

/** A stable numeric id for a group path (the fake has no group table). */
export function groupId(path: string): number {
  let hash = 7;
  for (const ch of path.toLowerCase()) hash = (hash * 31 + ch.charCodeAt(0)) % 900_000;
  return 100_000 + hash;
}
