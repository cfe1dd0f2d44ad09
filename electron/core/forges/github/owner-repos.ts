import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { OwnerListing, OwnerRepo } from '../forge-adapter.js';
import type { ConditionalCache } from './conditional-cache.js';
import { nextLink } from './client.js';
import { listedRepoSchema, ownerSchema } from './schemas.js';

const MAX_PAGES = 100;
/**
 * A page of a repository list, reduced to what is used (the cache keeps each page with its ETag: 100 repositories'
 * full JSON would be half a megabyte a page). An entry that cannot be read is null.
 */
const listSchema = z.array(listedRepoSchema.nullable().catch(null));

export interface OwnerReposDeps {
  conditional: ConditionalCache;
  logger: Logger;
  /** The token's login and its classic scopes (null: a fine-grained token, which has no scope header). */
  whoami(): Promise<{ login: string; scopes: string[] | null }>;
  host: string;
}

/**
 * Every repository of a GitHub organisation or user, for `owner/*` subscriptions (docs/cli-and-config.md §6). Each page
 * is revalidated with If-None-Match, so an unchanged listing costs free 304s. An organisation: `/orgs/{org}/repos`
 * (private repositories the token can read included); the token's own user: `/user/repos?affiliation=owner`; another
 * user: `/users/{user}/repos` (public only, as GitHub shows them). Archived repositories are listed, flagged.
 */
export async function listGitHubOwnerRepos(deps: OwnerReposDeps, owner: string): Promise<OwnerListing> {
  const me = await deps.whoami();
  const path = await listingPath(deps, owner, me.login);
  const repos: OwnerRepo[] = [];
  let url: string | null = path;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    let result: { data: z.output<typeof listSchema>; headers: Headers };
    try {
      result = await deps.conditional.getWithHeaders(url, listSchema, {
        query:
          page === 0
            ? { per_page: 100, ...(path.startsWith('/user/') ? { affiliation: 'owner' } : { type: 'all' }) }
            : undefined,
        what: `repository list of ${owner}`,
      });
    } catch (error) {
      throw explain(error, owner, deps.host);
    }
    for (const entry of result.data) {
      if (!entry) {
        deps.logger.warn('github: skipped an unreadable entry of a repository list', { owner });
        continue;
      }
      repos.push({
        id: String(entry.id),
        path: entry.full_name,
        archived: entry.archived === true,
        defaultBranch: entry.default_branch ?? null,
      });
    }
    url = nextLink(result.headers);
    if (url && page === MAX_PAGES - 1)
      throw new ForgeError(
        'bad_response',
        `${owner} has more than ${MAX_PAGES * 100} repositories; Forgebell lists at most ${MAX_PAGES * 100}.`,
      );
  }
  const warning =
    me.scopes !== null && !me.scopes.includes('repo')
      ? `Private repositories of ${owner} are left out: the token lacks the "repo" scope. Add it to follow them too.`
      : null;
  return { repos, warning };
}

async function listingPath(deps: OwnerReposDeps, owner: string, login: string): Promise<string> {
  if (owner.toLowerCase() === login.toLowerCase()) return '/user/repos';
  let kind: string | null | undefined;
  try {
    kind = (await deps.conditional.get(`/users/${encodeURIComponent(owner)}`, ownerSchema, { what: `owner ${owner}` }))
      ?.type;
  } catch (error) {
    throw explain(error, owner, deps.host);
  }
  return kind === 'Organization'
    ? `/orgs/${encodeURIComponent(owner)}/repos`
    : `/users/${encodeURIComponent(owner)}/repos`;
}

const PICKER_PAGES = 20;
const PICKER_TTL_MS = 120_000;

/**
 * The repositories the token can reach (own, collaborator, organisation member), for the app's repository picker:
 * listed once (pages revalidated with If-None-Match, free when unchanged) and kept two minutes, so typing in the
 * search box filters locally instead of listing again on every keystroke.
 */
export class AccessibleRepos {
  private cached: { at: number; repos: Promise<string[]> } | null = null;

  constructor(
    private readonly conditional: ConditionalCache,
    private readonly clock: { now(): number },
  ) {}

  async search(text?: string): Promise<string[]> {
    if (!this.cached || this.clock.now() - this.cached.at > PICKER_TTL_MS) {
      const repos = this.list();
      this.cached = { at: this.clock.now(), repos };
      repos.catch(() => (this.cached = null));
    }
    const q = (text ?? '').trim().toLowerCase();
    return (await this.cached.repos).filter((repo) => q === '' || repo.toLowerCase().includes(q));
  }

  private async list(): Promise<string[]> {
    const repos: string[] = [];
    let url: string | null = '/user/repos';
    for (let page = 0; url && page < PICKER_PAGES; page++) {
      const result: { data: z.output<typeof listSchema>; headers: Headers } = await this.conditional.getWithHeaders(
        url,
        listSchema,
        { query: page === 0 ? { per_page: 100, sort: 'full_name' } : undefined, what: 'repository list' },
      );
      for (const entry of result.data) if (entry && entry.archived !== true) repos.push(entry.full_name);
      url = nextLink(result.headers);
    }
    return repos;
  }
}

/** A listing failure in words that say what to change. */
function explain(error: unknown, owner: string, host: string): unknown {
  if (!(error instanceof ForgeError)) return error;
  if (error.code === 'not_found')
    return new ForgeError(
      'not_found',
      `There is no organisation or user "${owner}" on ${host}, or the token cannot see it. Check the spelling.`,
      error.details,
    );
  if (error.code === 'forbidden')
    return new ForgeError(
      'missing_scope',
      `${host} refused to list the repositories of ${owner}: ${/SAML/i.test(error.message) ? `the organisation enforces SAML single sign-on; authorise the token for ${owner} (GitHub → Settings → Tokens → Configure SSO)` : `give the token access to ${owner} (a classic token needs the "repo" and "read:org" scopes; a fine-grained one must be granted ${owner} with "Metadata: read")`}.`,
      error.details,
    );
  return error;
}
