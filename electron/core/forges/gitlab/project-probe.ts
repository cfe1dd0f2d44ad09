import { z } from 'zod';
import type { GitLabClient, Meter } from './client.js';
import type { GitLabCursor } from './cursor.js';
import type { GitLabRelease } from './schemas.js';

/**
 * GitLab's GraphQL `projects(fullPaths:)` accepts at most 50 paths; with the fields below a query scores about 75 of the
 * 250 complexity points GitLab allows an authenticated request.
 */
const PROJECTS_PER_QUERY = 50;
/** Environments looked at per project; a project with more reads its deployments over REST every cycle. */
const ENVIRONMENTS = 20;
const RELEASES = 5;
const WATCHED = ['running', 'success', 'failed', 'canceled'] as const;

/** What one project's releases and deployments look like now. */
export interface ProjectProbe {
  /** The newest releases, shaped like REST's (pollReleases takes them instead of reading `/releases`). */
  releases: GitLabRelease[];
  /** Each environment's last deployment per reported status; null when the project has too many environments. */
  deployments: { signature: string; latestAt: number } | null;
}

const deployment = z
  .object({ iid: z.string().nullish(), status: z.string().nullish(), updatedAt: z.string().nullish() })
  .nullish();
const answerSchema = z.object({
  data: z
    .object({
      projects: z
        .object({
          nodes: z.array(
            z
              .object({
                fullPath: z.string(),
                releases: z
                  .object({
                    nodes: z.array(
                      z
                        .object({
                          tagName: z.string().nullish(),
                          name: z.string().nullish(),
                          description: z.string().nullish(),
                          createdAt: z.string().nullish(),
                          releasedAt: z.string().nullish(),
                          upcomingRelease: z.boolean().nullish(),
                          author: z.object({ username: z.string() }).nullish(),
                          links: z.object({ selfUrl: z.string().nullish() }).nullish(),
                        })
                        .nullable(),
                    ),
                  })
                  .nullish(),
                environments: z
                  .object({
                    nodes: z.array(
                      z
                        .object({
                          name: z.string(),
                          running: deployment,
                          success: deployment,
                          failed: deployment,
                          canceled: deployment,
                        })
                        .nullable(),
                    ),
                    pageInfo: z.object({ hasNextPage: z.boolean() }),
                  })
                  .nullish(),
              })
              .nullable(),
          ),
        })
        .nullish(),
    })
    .nullish(),
  errors: z.array(z.object({ message: z.string() })).nullish(),
});

const QUERY = /* GraphQL */ `
  query ForgebellProjects($paths: [String!], $first: Int) {
    projects(fullPaths: $paths, first: $first) {
      nodes {
        fullPath
        releases(first: ${RELEASES}, sort: CREATED_DESC) {
          nodes { tagName name description createdAt releasedAt upcomingRelease author { username } links { selfUrl } }
        }
        environments(first: ${ENVIRONMENTS}) {
          nodes {
            name
            ${WATCHED.map((status) => `${status}: lastDeployment(status: ${status.toUpperCase()}) { iid status updatedAt }`).join(' ')}
          }
          pageInfo { hasNextPage }
        }
      }
    }
  }
`;

export const PROJECT_PROBE_QUERY = QUERY;

/** GraphQL answered, but not usefully (no `projects(fullPaths:)` before GitLab 16.6, GraphQL disabled …). */
export class GitLabGraphqlUnusable extends Error {}

/**
 * Releases and deployments are in no events feed: instead of two REST requests per project and cycle, one GraphQL
 * request reads the newest releases and each environment's last deployment (per reported status) of 50 projects. A
 * project's REST deployments are read only when those moved. Projects the answer does not cover are absent.
 */
export async function probeProjects(
  client: GitLabClient,
  graphqlUrl: string,
  paths: readonly string[],
  meter: Meter,
): Promise<Map<string, ProjectProbe>> {
  const probes = new Map<string, ProjectProbe>();
  for (let start = 0; start < paths.length; start += PROJECTS_PER_QUERY) {
    const chunk = paths.slice(start, start + PROJECTS_PER_QUERY);
    const answer = await client.graphql(
      graphqlUrl,
      { query: QUERY, variables: { paths: chunk, first: chunk.length } },
      answerSchema,
      meter,
    );
    const nodes = answer.data?.projects?.nodes;
    if (!nodes) throw new GitLabGraphqlUnusable(answer.errors?.[0]?.message ?? 'no data');
    for (const node of nodes) {
      if (!node) continue;
      const releases = (node.releases?.nodes ?? []).flatMap((r): GitLabRelease[] =>
        r?.tagName && r.createdAt
          ? [
              {
                tag_name: r.tagName,
                name: r.name ?? null,
                description: r.description ?? null,
                created_at: r.createdAt,
                released_at: r.releasedAt ?? null,
                upcoming_release: r.upcomingRelease ?? null,
                author: r.author ? { username: r.author.username } : null,
                _links: { self: r.links?.selfUrl ?? null },
              },
            ]
          : [],
      );
      let latestAt = 0;
      const parts: string[] = [];
      for (const env of node.environments?.nodes ?? []) {
        if (!env) continue;
        for (const status of WATCHED) {
          const d = env[status];
          if (!d) continue;
          latestAt = Math.max(latestAt, Date.parse(d.updatedAt ?? '') || 0);
          parts.push(`${env.name}:${status}:${d.iid ?? '?'}@${d.updatedAt ?? ''}`);
        }
      }
      const complete =
        node.environments !== null && node.environments !== undefined && !node.environments.pageInfo.hasNextPage;
      probes.set(node.fullPath.toLowerCase(), {
        releases,
        deployments: complete ? { signature: parts.sort().join('|'), latestAt } : null,
      });
    }
  }
  return probes;
}

/**
 * Whether a project reads its REST deployments this cycle: when the probe could not tell (no entry, too many
 * environments), when they moved since the last cycle, or on the first probe when anything happened since `since`.
 */
export function projectDeploymentsMoved(probe: ProjectProbe | undefined, cursor: GitLabCursor, since: number): boolean {
  const seen = probe?.deployments;
  if (!seen) return true;
  const stored = cursor.deploymentsProbe;
  return stored === undefined ? seen.latestAt >= since : stored !== seen.signature;
}
