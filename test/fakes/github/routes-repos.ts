import { compareCommits, historyOf, resolveRef } from './commit-graph.js';
import { HttpError } from './http-error.js';
import { renderCommit, renderRelease, renderRepo, renderUser } from './render.js';
import { canSee, ok, paged, repoFrom, type Route } from './router.js';
import type { FakeCommit } from './world-types.js';

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/user$/,
    handle: (ctx) => ok({ ...renderUser(ctx.world, ctx.token.login), name: ctx.token.name ?? null }),
  },
  {
    method: 'GET',
    pattern: /^\/user\/repos$/,
    handle: (ctx) => {
      const repos = [...ctx.world.repos.values()]
        .filter((repo) => canSee(ctx.token, repo))
        .sort((a, b) => a.fullName.localeCompare(b.fullName));
      return paged(
        ctx,
        repos.map((repo) => renderRepo(ctx.world, repo)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
    handle: (ctx) => ok(renderRepo(ctx.world, repoFrom(ctx))),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/branches$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const onlyProtected = ctx.query.get('protected') === 'true';
      const branches = [...repo.branches.entries()]
        .filter(([name]) => !onlyProtected || repo.protectedBranches.has(name))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => ({
          name,
          commit: { sha, url: `${ctx.world.urls.api}/repos/${repo.fullName}/commits/${sha}` },
          protected: repo.protectedBranches.has(name),
        }));
      return paged(ctx, branches);
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const spec = ctx.params[2] as string;
      const [baseRef, headRef] = spec.includes('...') ? spec.split('...') : spec.split('..');
      const base = baseRef ? resolveRef(repo, baseRef) : null;
      const head = headRef ? resolveRef(repo, headRef) : null;
      if (!base || !head) throw new HttpError(404, 'Not Found');
      const { ahead, behindBy } = compareCommits(repo, base, head);
      const status =
        ahead.length === 0 ? (behindBy === 0 ? 'identical' : 'behind') : behindBy === 0 ? 'ahead' : 'diverged';
      return ok({
        url: `${ctx.world.urls.api}/repos/${repo.fullName}/compare/${spec}`,
        html_url: `${ctx.world.urls.web}/${repo.fullName}/compare/${spec}`,
        permalink_url: `${ctx.world.urls.web}/${repo.fullName}/compare/${base.slice(0, 7)}...${head.slice(0, 7)}`,
        base_commit: renderCommit(ctx.world, repo, repo.commits.get(base) as FakeCommit),
        status,
        ahead_by: ahead.length,
        behind_by: behindBy,
        total_commits: ahead.length,
        commits: ahead.slice(0, 250).map((commit) => renderCommit(ctx.world, repo, commit)),
        files: [],
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const ref = ctx.query.get('sha') ?? repo.defaultBranch;
      const head = resolveRef(repo, ref);
      if (!head) throw new HttpError(404, `No commit found for SHA: ${ref}`);
      const since = ctx.query.get('since');
      const until = ctx.query.get('until');
      const commits = historyOf(repo, head).filter(
        (c) => (since === null || c.at >= Date.parse(since)) && (until === null || c.at <= Date.parse(until)),
      );
      return paged(
        ctx,
        commits.map((commit) => renderCommit(ctx.world, repo, commit)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const sha = resolveRef(repo, ctx.params[2] as string);
      const commit = sha ? repo.commits.get(sha) : undefined;
      if (!commit) throw new HttpError(422, `No commit found for SHA: ${ctx.params[2]}`);
      return ok({
        ...renderCommit(ctx.world, repo, commit),
        stats: { total: 1, additions: 1, deletions: 0 },
        files: [],
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      return paged(
        ctx,
        [...repo.releases].reverse().map((release) => renderRelease(ctx.world, repo, release)),
      );
    },
  },
];
