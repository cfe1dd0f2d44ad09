import { commitJson, projectWebUrl } from './render.js';
import { commitsBetween } from './repo-actions.js';
import {
  badRequest,
  json,
  list,
  notFound,
  route,
  stringParam,
  timeParam,
  withProject,
  type Route,
  type RouteContext,
} from './router.js';
import type { FakeCommit, FakeProject } from './world-types.js';

/** Branches (with `protected` / `default`), protected branches, tags, commits and compare. */
export function repositoryRoutes(): Route[] {
  return [
    route('GET', 'projects/:id/repository/branches', (ctx) =>
      withProject(ctx, (p) => {
        const search = stringParam(ctx, 'search') ?? '';
        const names = [...p.branches.keys()].filter((n) => n.includes(search)).sort();
        return list(ctx, names, (name) => branchJson(ctx, p, name));
      }),
    ),
    route('GET', 'projects/:id/repository/branches/:branch', (ctx) =>
      withProject(ctx, (p) =>
        p.branches.has(ctx.params.branch ?? '')
          ? json(branchJson(ctx, p, ctx.params.branch ?? ''))
          : notFound('Branch'),
      ),
    ),
    route('GET', 'projects/:id/protected_branches', (ctx) =>
      withProject(ctx, (p) =>
        list(ctx, p.protectedBranches, (name) => ({
          id: p.protectedBranches.indexOf(name) + 1,
          name,
          push_access_levels: [{ access_level: 40, access_level_description: 'Maintainers' }],
          merge_access_levels: [{ access_level: 40, access_level_description: 'Maintainers' }],
          allow_force_push: false,
        })),
      ),
    ),
    route('GET', 'projects/:id/repository/tags', (ctx) =>
      withProject(ctx, (p) =>
        list(ctx, [...p.tags.keys()].sort().reverse(), (name) => {
          const commit = p.commits.get(p.tags.get(name) ?? '');
          const release = p.releases.find((r) => r.tagName === name);
          return {
            name,
            message: null,
            target: commit?.sha ?? null,
            commit: commit ? commitJson(ctx.base, p, commit) : null,
            release: release ? { tag_name: name, description: release.description } : null,
            protected: false,
          };
        }),
      ),
    ),
    route('GET', 'projects/:id/repository/commits', (ctx) =>
      withProject(ctx, (p) => {
        const head = resolveRef(p, stringParam(ctx, 'ref_name') ?? p.defaultBranch);
        if (!head) return notFound('Ref');
        const since = timeParam(ctx, 'since');
        const until = timeParam(ctx, 'until');
        if (since === 'invalid' || until === 'invalid') return badRequest('since / until is invalid');
        const commits = commitsBetween(p, null, head)
          .reverse()
          .filter(
            (c) =>
              (since === null || Date.parse(c.createdAt) >= since) &&
              (until === null || Date.parse(c.createdAt) <= until),
          );
        // GitLab does not count commits: no x-total / x-total-pages.
        return list(ctx, commits, (c) => commitJson(ctx.base, p, c), { counted: false });
      }),
    ),
    route('GET', 'projects/:id/repository/commits/:sha', (ctx) =>
      withProject(ctx, (p) => {
        const sha = resolveRef(p, ctx.params.sha ?? '');
        const commit = sha ? p.commits.get(sha) : undefined;
        return commit ? json(commitJson(ctx.base, p, commit)) : notFound('Commit');
      }),
    ),
    route('GET', 'projects/:id/repository/compare', (ctx) =>
      withProject(ctx, (p) => {
        const fromRef = stringParam(ctx, 'from');
        const toRef = stringParam(ctx, 'to');
        if (!fromRef || !toRef) return badRequest('from, to are missing');
        const from = resolveRef(p, fromRef);
        const to = resolveRef(p, toRef);
        if (!from || !to) return notFound('Ref');
        const commits: FakeCommit[] = from === to ? [] : commitsBetween(p, from, to);
        return json({
          commit: commits.length > 0 ? commitJson(ctx.base, p, commits[commits.length - 1] as FakeCommit) : null,
          commits: commits.map((c) => commitJson(ctx.base, p, c)),
          diffs: [],
          compare_timeout: false,
          compare_same_ref: from === to,
          web_url: `${projectWebUrl(ctx.base, p)}/-/compare/${from}...${to}`,
        });
      }),
    ),
  ];
}

/** Branch name, tag name, full sha or a unique sha prefix (≥ 7 characters). */
export function resolveRef(project: FakeProject, ref: string): string | null {
  const named = project.branches.get(ref) ?? project.tags.get(ref);
  if (named) return named;
  if (project.commits.has(ref)) return ref;
  if (/^[0-9a-f]{7,39}$/.test(ref)) {
    const matches = [...project.commits.keys()].filter((sha) => sha.startsWith(ref));
    if (matches.length === 1) return matches[0] ?? null;
  }
  return null;
}

function branchJson(ctx: RouteContext, project: FakeProject, name: string): Record<string, unknown> {
  const commit = project.commits.get(project.branches.get(name) ?? '');
  const isProtected = project.protectedBranches.some((pattern) => globMatch(pattern, name));
  return {
    name,
    merged: false,
    protected: isProtected,
    default: name === project.defaultBranch,
    developers_can_push: !isProtected,
    developers_can_merge: !isProtected,
    can_push: true,
    web_url: `${projectWebUrl(ctx.base, project)}/-/tree/${encodeURIComponent(name)}`,
    commit: commit ? commitJson(ctx.base, project, commit) : null,
  };
}

/** GitLab protected-branch wildcards: `*` matches any run of characters. */
function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(name);
}
