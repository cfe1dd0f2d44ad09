import { compareCommits, historyOf, resolveRef } from './commit-graph.js';
import { HttpError } from './http-error.js';
import { renderCommit, renderRelease, renderRepo, renderUser } from './render.js';
import { canSee, ok, paged, repoFrom, type Route, type RouteContext, type RouteResult } from './router.js';
import type { FakeCommit, FakeRepo } from './world-types.js';

/** `sort` (created, updated, pushed, full_name) and `direction` of GitHub's repository lists. */
function sortRepos(ctx: RouteContext, repos: FakeRepo[], defaultSort: string): FakeRepo[] {
  const sort = ctx.query.get('sort') ?? defaultSort;
  const key = (r: FakeRepo): number | string =>
    sort === 'full_name'
      ? r.fullName.toLowerCase()
      : sort === 'updated'
        ? r.updatedAt
        : sort === 'pushed'
          ? r.pushedAt
          : r.createdAt * 1e6 + r.id;
  const direction = ctx.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const sorted = [...repos].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return direction === 'desc' ? sorted.reverse() : sorted;
}

function listRepos(ctx: RouteContext, repos: FakeRepo[], defaultSort: string): RouteResult {
  return paged(
    ctx,
    sortRepos(ctx, repos, defaultSort).map((repo) => renderRepo(ctx.world, repo)),
  );
}

function ownerObject(ctx: RouteContext, login: string, kind: 'Organization' | 'User'): Record<string, unknown> {
  const user = renderUser(ctx.world, login);
  return kind === 'User'
    ? { ...user, type: 'User' }
    : {
        ...user,
        type: 'Organization',
        url: `${ctx.world.urls.api}/orgs/${login}`,
        repos_url: `${ctx.world.urls.api}/orgs/${login}/repos`,
      };
}

/** SAML SSO enforced and the token not authorised for it: GitHub's 403 with the X-GitHub-SSO header. */
function ssoRefusal(ctx: RouteContext, org: string): RouteResult | null {
  if (!ctx.world.ssoRequired.has(org.toLowerCase())) return null;
  return {
    status: 403,
    body: {
      message:
        'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
      documentation_url:
        'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
    },
    headers: { 'x-github-sso': `required; url=${ctx.world.urls.web}/orgs/${org}/sso?authorization_request=fake` },
  };
}

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/user$/,
    handle: (ctx) => ok({ ...renderUser(ctx.world, ctx.token.login), name: ctx.token.name ?? null }),
  },
  {
    // Repositories the token's user can reach (own, collaborator, organisation member); affiliation=owner: own only.
    method: 'GET',
    pattern: /^\/user\/repos$/,
    handle: (ctx) => {
      const affiliation = ctx.query.get('affiliation') ?? 'owner,collaborator,organization_member';
      const me = ctx.token.login.toLowerCase();
      const repos = [...ctx.world.repos.values()].filter(
        (repo) => canSee(ctx.token, repo) && (affiliation !== 'owner' || repo.owner.toLowerCase() === me),
      );
      return listRepos(ctx, repos, 'full_name');
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/,
    handle: (ctx) => {
      const login = ctx.params[0] as string;
      const kind = ctx.world.ownerKind(login);
      if (!kind) throw new HttpError(404, 'Not Found');
      return ok(ownerObject(ctx, login, kind));
    },
  },
  {
    method: 'GET',
    pattern: /^\/orgs\/([^/]+)$/,
    handle: (ctx) => {
      const org = ctx.params[0] as string;
      if (ctx.world.ownerKind(org) !== 'Organization') throw new HttpError(404, 'Not Found');
      return ok(ownerObject(ctx, org, 'Organization'));
    },
  },
  {
    // Every repository of the organisation the token can see (archived ones included, flagged); private ones need `repo`.
    method: 'GET',
    pattern: /^\/orgs\/([^/]+)\/repos$/,
    handle: (ctx) => {
      const org = ctx.params[0] as string;
      if (ctx.world.ownerKind(org) !== 'Organization') throw new HttpError(404, 'Not Found');
      const refused = ssoRefusal(ctx, org);
      if (refused) return refused;
      const type = ctx.query.get('type') ?? 'all';
      const repos = [...ctx.world.repos.values()].filter(
        (repo) =>
          repo.owner.toLowerCase() === org.toLowerCase() &&
          canSee(ctx.token, repo) &&
          (type === 'all' || type === 'sources' || type === 'member' || (type === 'public') === !repo.private),
      );
      return listRepos(ctx, repos, 'created');
    },
  },
  {
    // A user's public repositories (their private ones only through /user/repos, for themselves).
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/repos$/,
    handle: (ctx) => {
      const login = ctx.params[0] as string;
      if (!ctx.world.ownerKind(login)) throw new HttpError(404, 'Not Found');
      const repos = [...ctx.world.repos.values()].filter(
        (repo) => repo.owner.toLowerCase() === login.toLowerCase() && !repo.private,
      );
      return listRepos(ctx, repos, 'full_name');
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
