import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { OwnerListing } from '../forge-adapter.js';
import type { GitLabClient } from './client.js';
import { groupSegment } from './web-urls.js';

const MAX_PAGES = 100;

const listedProjectSchema = z.object({
  id: z.number().int(),
  path_with_namespace: z.string(),
  archived: z.boolean().nullish(),
  default_branch: z.string().nullish(),
});

/**
 * Every project of a GitLab group (`group/*`: directly in it; `group/**`: its subgroups too) or of a user's namespace,
 * for pattern subscriptions (docs/cli-and-config.md §6). `with_shared=false`: projects of other groups merely shared
 * with this one are not its projects (GitLab lists them by default). Archived ones are listed, flagged.
 */
export async function listGitLabOwnerRepos(
  client: GitLabClient,
  host: string,
  owner: string,
  subgroups: boolean,
): Promise<OwnerListing> {
  const query = { with_shared: 'false', include_subgroups: subgroups ? 'true' : 'false', order_by: 'id', sort: 'asc' };
  let items: z.infer<typeof listedProjectSchema>[];
  try {
    items = await all(client, `/groups/${groupSegment(owner)}/projects`, query);
  } catch (error) {
    if (!(error instanceof ForgeError) || error.code !== 'not_found' || owner.includes('/') || subgroups)
      throw explain(error, owner, host);
    // Not a group: a user's personal namespace (`alice/*`).
    try {
      items = await all(client, `/users/${encodeURIComponent(owner)}/projects`, { order_by: 'id', sort: 'asc' });
    } catch (second) {
      throw explain(second, owner, host);
    }
  }
  return {
    repos: items.map((p) => ({
      id: String(p.id),
      path: p.path_with_namespace,
      archived: p.archived === true,
      defaultBranch: p.default_branch ?? null,
    })),
    warning: null,
  };
}

async function all(client: GitLabClient, path: string, query: Record<string, string>) {
  const { items, truncated } = await client.list(path, listedProjectSchema, { query, maxPages: MAX_PAGES });
  if (truncated)
    throw new ForgeError('bad_response', `More than ${MAX_PAGES * 100} projects; Forgebell lists at most that many.`);
  return items;
}

function explain(error: unknown, owner: string, host: string): unknown {
  if (!(error instanceof ForgeError)) return error;
  if (error.code === 'not_found')
    return new ForgeError(
      'not_found',
      `There is no group or user "${owner}" on ${host}, or the token cannot see it. Check the spelling (the group's full path).`,
      error.details,
    );
  if (error.code === 'forbidden' || error.code === 'missing_scope')
    return new ForgeError(
      'missing_scope',
      `${host} refused to list the projects of ${owner}: the token needs the "read_api" scope and access to the group.`,
      error.details,
    );
  return error;
}
