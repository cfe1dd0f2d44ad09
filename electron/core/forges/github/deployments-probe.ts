import { z } from 'zod';
import type { GitHubClient, RequestCounter } from './client.js';
import type { GitHubCursor } from './cursor.js';
import { GraphqlUnusable } from './graphql-hydration.js';
import type { DeploymentListItem } from './schemas.js';

/** Repositories per GraphQL request: one `deployments(first: 5)` connection each, about a point per request. */
const REPOS_PER_QUERY = 100;
/** The newest deployments compared per repository; an older one still in progress is watched over REST anyway. */
const NEWEST = 5;
const TIMEOUT_MS = 15_000;

/** What one repository's newest deployments look like now: compared with last cycle's to tell whether anything moved. */
export interface DeploymentsProbe {
  signature: string;
  /** Newest creation or status time among them (ms), 0 when the repository has no deployment. */
  latestAt: number;
  /** The newest deployments as REST's list shows them (so a repository whose deployments moved skips that list). */
  listed: DeploymentListItem[];
}

const answerSchema = z.object({
  data: z
    .record(
      z.string(),
      z
        .object({
          deployments: z.object({
            nodes: z
              .array(
                z
                  .object({
                    databaseId: z.number().nullish(),
                    createdAt: z.string(),
                    updatedAt: z.string(),
                    environment: z.string().nullish(),
                    commitOid: z.string().nullish(),
                    ref: z.object({ name: z.string() }).nullish(),
                    latestStatus: z.object({ state: z.string(), createdAt: z.string() }).nullish(),
                  })
                  .nullable(),
              )
              .nullish(),
          }),
        })
        .nullable(),
    )
    .nullish(),
  errors: z.array(z.object({ message: z.string(), type: z.string().nullish() })).nullish(),
});

/**
 * Deployments are in no events feed, and reading every repository's deployment list each cycle costs one request per
 * repository (free 304s, but GitHub's secondary limit counts them: 1,000 repositories would exceed it). Instead one
 * GraphQL request looks at the newest deployments of 100 repositories at once; only the repositories whose
 * deployments moved (or that still have one in progress) read their REST deployments and statuses, as before.
 * Repositories the answer does not cover (an error, no access) are absent from the result: they read over REST.
 */
export async function probeDeployments(
  client: GitHubClient,
  repos: readonly string[],
  counter: RequestCounter,
): Promise<Map<string, DeploymentsProbe>> {
  const probes = new Map<string, DeploymentsProbe>();
  for (let start = 0; start < repos.length; start += REPOS_PER_QUERY) {
    const chunk = repos.slice(start, start + REPOS_PER_QUERY);
    const variables: Record<string, string> = {};
    const declarations: string[] = [];
    const fields: string[] = [];
    chunk.forEach((repo, i) => {
      const [owner, name] = repo.split('/') as [string, string];
      variables[`o${i}`] = owner;
      variables[`n${i}`] = name;
      declarations.push(`$o${i}: String!`, `$n${i}: String!`);
      fields.push(
        `r${i}: repository(owner: $o${i}, name: $n${i}) { deployments(first: ${NEWEST}, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { databaseId createdAt updatedAt environment commitOid ref { name } latestStatus { state createdAt } } } }`,
      );
    });
    const query = `query ForgebellDeployments(${declarations.join(', ')}) { ${fields.join(' ')} }`;
    const answer = await client.graphql(query, variables, answerSchema, {
      counter,
      what: 'deployments overview',
      timeoutMs: TIMEOUT_MS,
    });
    if (!answer.data) throw new GraphqlUnusable(answer.errors?.[0]?.message ?? 'no data');
    chunk.forEach((repo, i) => {
      const nodes = answer.data?.[`r${i}`]?.deployments.nodes;
      if (!nodes) return;
      let latestAt = 0;
      const listed: DeploymentListItem[] = [];
      const parts = nodes.flatMap((n) => {
        if (!n) return [];
        latestAt = Math.max(latestAt, Date.parse(n.updatedAt) || 0, Date.parse(n.latestStatus?.createdAt ?? '') || 0);
        if (typeof n.databaseId === 'number')
          listed.push({
            id: n.databaseId,
            sha: n.commitOid ?? null,
            ref: n.ref?.name ?? null,
            environment: n.environment ?? null,
            updated_at: n.updatedAt,
            created_at: n.createdAt,
          });
        return [
          `${n.databaseId ?? '?'}@${n.updatedAt}:${n.latestStatus?.state ?? ''}@${n.latestStatus?.createdAt ?? ''}`,
        ];
      });
      // A deployment without a database id cannot be read over REST: the repository then reads its REST list.
      probes.set(repo.toLowerCase(), {
        signature: parts.join('|'),
        latestAt,
        listed: listed.length === parts.length ? listed : [],
      });
    });
  }
  return probes;
}

/**
 * Whether a repository reads its REST deployments this cycle: when the probe could not look (no entry), when one of
 * its deployments is still in progress, when its newest deployments changed since the last cycle, or on the first
 * probe when anything happened since the subscription started.
 */
export function deploymentsMoved(
  probe: DeploymentsProbe | undefined,
  cursor: GitHubCursor | null,
  since: Date,
): boolean {
  if (!probe) return true;
  if (Object.values(cursor?.deployments?.watch ?? {}).some((w) => !w.done)) return true;
  const stored = cursor?.deploymentsProbe;
  return stored === undefined ? probe.latestAt >= since.getTime() : stored !== probe.signature;
}
