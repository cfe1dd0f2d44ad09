import {
  buildSchema,
  execute,
  GraphQLError,
  type GraphQLSchema,
  parse,
  validate,
  Kind,
  type DocumentNode,
  type FieldNode,
  type SelectionSetNode,
} from 'graphql';
import { projectWebUrl } from './render.js';
import { ISSUABLES_SDL, issuableFields, MAX_PAGE, page, PROJECT_ISSUABLE_FIELDS } from './graphql-issuables.js';
import type { World } from './world.js';
import type { FakeDeployment, FakeProject } from './world-types.js';

/**
 * GitLab's GraphQL endpoint (`POST /api/graphql`), the subset Forgebell reads: several projects by full path in one
 * request (or one by one, `project(fullPath:)`, aliased), with their newest releases, each environment's last deployment
 * per status, and their merge requests and issues (graphql-issuables.ts). Names and types follow
 * GitLab's GraphQL reference (docs.gitlab.com/api/graphql/reference). Documents are validated against this schema,
 * and each query's complexity is scored as GitLab does and refused above its limit for authenticated requests (250):
 * every field adds 1; a field with a resolver adds 1 more (and 1 for `sort`, 5 for `search`); a connection's score is
 * multiplied by (1 + page size × 1%) — "loading 100 items doubles the original complexity" — except when it is asked
 * for by iids. Only tokens the fake knows are let in (the main token and every personal or OAuth token).
 */
export const GITLAB_GRAPHQL_SDL = /* GraphQL */ `
  "Time represented in ISO 8601."
  scalar Time

  type Query {
    projects(
      fullPaths: [String!]
      membership: Boolean
      search: String
      sort: String
      first: Int
      after: String
    ): ProjectConnection
    project(fullPath: ID!): Project
    queryComplexity: QueryComplexity
  }

  type QueryComplexity {
    limit: Int
    score: Int
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type ProjectConnection {
    count: Int!
    nodes: [Project]
    pageInfo: PageInfo!
  }

  type Project {
    id: ID!
    fullPath: ID!
    name: String!
    archived: Boolean
    lastActivityAt: Time
    webUrl: String
    releases(first: Int, after: String, sort: ReleaseSort): ReleaseConnection
    environments(first: Int, after: String, name: String, search: String, states: [String!]): EnvironmentConnection
    ${PROJECT_ISSUABLE_FIELDS}
  }

  enum ReleaseSort {
    CREATED_DESC
    CREATED_ASC
    RELEASED_AT_DESC
    RELEASED_AT_ASC
  }

  type ReleaseConnection {
    count: Int!
    nodes: [Release]
    pageInfo: PageInfo!
  }

  type UserCore {
    username: String!
    name: String!
  }

  type ReleaseLinks {
    selfUrl: String
  }

  type Release {
    tagName: String
    name: String
    description: String
    createdAt: Time
    releasedAt: Time
    upcomingRelease: Boolean
    author: UserCore
    links: ReleaseLinks
  }

  type EnvironmentConnection {
    nodes: [Environment]
    pageInfo: PageInfo!
  }

  enum DeploymentStatus {
    CREATED
    RUNNING
    SUCCESS
    FAILED
    CANCELED
    SKIPPED
    BLOCKED
  }

  type Environment {
    id: ID!
    name: String!
    lastDeployment(status: DeploymentStatus!): Deployment
  }

  type Deployment {
    id: ID
    iid: String
    ref: String
    status: DeploymentStatus
    createdAt: Time
    updatedAt: Time
    finishedAt: Time
  }

  ${ISSUABLES_SDL}
`;

/** Fields resolved by a resolver on GitLab (they add 1 to the complexity; connections scale with their page size). */
const RESOLVED = new Set([
  'projects',
  'project',
  'releases',
  'environments',
  'lastDeployment',
  'mergeRequests',
  'issues',
]);
const CONNECTIONS = new Set([
  'projects',
  'releases',
  'environments',
  'mergeRequests',
  'issues',
  'reviewers',
  'approvedBy',
  'assignees',
]);
export const MAX_COMPLEXITY = 250;

/** GitLab's static complexity score of a document (see the module comment). */
export function complexityOf(document: DocumentNode, variables: Record<string, unknown>): number {
  const valueOf = (field: FieldNode, name: string): unknown => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (arg.value.kind === Kind.VARIABLE) return variables[arg.value.name.value];
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    return arg.value.kind === Kind.NULL ? undefined : true;
  };
  const score = (set: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += score(selection.selectionSet);
        continue;
      }
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
      const name = selection.name.value;
      let complexity = 1 + score(selection.selectionSet);
      if (RESOLVED.has(name)) {
        complexity += 1;
        if (valueOf(selection, 'sort') !== undefined) complexity += 1;
        if (valueOf(selection, 'search') !== undefined) complexity += 5;
      }
      if (CONNECTIONS.has(name) && valueOf(selection, 'iids') === undefined) {
        const first = valueOf(selection, 'first');
        const limit = Math.min(MAX_PAGE, typeof first === 'number' ? first : MAX_PAGE);
        complexity += complexity * limit * 0.01;
      }
      total += Math.floor(complexity);
    }
    return total;
  };
  return document.definitions.reduce(
    (sum, d) => sum + (d.kind === Kind.OPERATION_DEFINITION ? score(d.selectionSet) : 0),
    0,
  );
}

type Node = Record<string, unknown>;

function deploymentNode(d: FakeDeployment): Node {
  return {
    id: `gid://gitlab/Deployment/${d.id}`,
    iid: String(d.iid),
    ref: d.ref,
    status: d.status.toUpperCase(),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    finishedAt: d.finishedAt,
  };
}

function projectNode(world: World, base: string, project: FakeProject): Node {
  return {
    id: `gid://gitlab/Project/${project.id}`,
    fullPath: project.path,
    name: project.name,
    archived: project.archived,
    lastActivityAt: project.lastActivityAt,
    webUrl: projectWebUrl(base, project),
    ...issuableFields(base, project),
    releases: (args: Node) => {
      const sort = typeof args.sort === 'string' ? args.sort : 'RELEASED_AT_DESC';
      const key = sort.startsWith('CREATED') ? 'createdAt' : 'releasedAt';
      const sorted = [...project.releases].sort((a, b) => a[key].localeCompare(b[key]));
      if (sort.endsWith('DESC')) sorted.reverse();
      return page(sorted, args, (r) => ({
        tagName: r.tagName,
        name: r.name,
        description: r.description,
        createdAt: r.createdAt,
        releasedAt: r.releasedAt,
        upcomingRelease: Date.parse(r.releasedAt) > world.now(),
        author: { username: r.author.username, name: r.author.name },
        links: { selfUrl: `${projectWebUrl(base, project)}/-/releases/${encodeURIComponent(r.tagName)}` },
      }));
    },
    environments: (args: Node) => {
      const environments = [
        ...new Map(project.deployments.map((d) => [d.environment.id, d.environment] as const)).values(),
      ];
      return page(environments, args, (env) => ({
        id: `gid://gitlab/Environment/${env.id}`,
        name: env.name,
        lastDeployment: (a: Node) => {
          const status = String(a.status).toLowerCase();
          const matching = project.deployments.filter((d) => d.environment.id === env.id && d.status === status);
          // Finished statuses: the one that finished last; upcoming ones: the one created last (as GitLab orders them).
          const last = matching.reduce<FakeDeployment | null>(
            (best, d) => (!best || (d.finishedAt ?? d.createdAt) >= (best.finishedAt ?? best.createdAt) ? d : best),
            null,
          );
          return last ? deploymentNode(last) : null;
        },
      }));
    },
  };
}

export interface GitLabGraphql {
  /** Every document received, oldest first. */
  readonly received: string[];
  /** A lower (or higher) limit, as a self-managed administrator may set; default GitLab's 250. */
  setMaxComplexity(limit: number): void;
  handle(rawBody: string): { status: number; body: unknown };
}

export function createGitLabGraphql(world: World, base: () => string): GitLabGraphql {
  let maxComplexity = MAX_COMPLEXITY;
  const schema: GraphQLSchema = buildSchema(GITLAB_GRAPHQL_SDL);
  const received: string[] = [];
  return {
    received,
    setMaxComplexity: (limit) => void (maxComplexity = limit),
    handle(rawBody) {
      let request: { query?: unknown; variables?: unknown };
      try {
        request = JSON.parse(rawBody) as typeof request;
      } catch {
        return { status: 400, body: { errors: [{ message: 'Invalid JSON' }] } };
      }
      if (typeof request.query !== 'string')
        return { status: 200, body: { errors: [{ message: 'No query string was present' }] } };
      received.push(request.query);
      const variables = (request.variables ?? {}) as Record<string, unknown>;
      let document: DocumentNode;
      try {
        document = parse(request.query);
      } catch (error) {
        return { status: 200, body: { errors: [{ message: (error as Error).message }] } };
      }
      const problems = validate(schema, document);
      // graphql-ruby's wording (GitLab's), not graphql-js's, for a field the server does not have.
      const ruby = (message: string) =>
        message.replace(/^Cannot query field "(\w+)" on type "(\w+)"\..*$/s, "Field '$1' doesn't exist on type '$2'");
      if (problems.length > 0)
        return { status: 200, body: { errors: problems.map((p) => ({ message: ruby(p.message) })) } };
      const complexity = complexityOf(document, variables);
      if (complexity > maxComplexity)
        return {
          status: 200,
          body: {
            errors: [
              { message: `Query has complexity of ${complexity}, which exceeds max complexity of ${maxComplexity}` },
            ],
          },
        };
      const root = {
        projects: (args: Node) => {
          const paths = Array.isArray(args.fullPaths) ? (args.fullPaths as string[]).map((p) => p.toLowerCase()) : null;
          if (paths && paths.length > 50) throw new GraphQLError('You cannot provide more than 50 full paths');
          const projects = world.projects.filter(
            (p) => (paths === null || paths.includes(p.path.toLowerCase())) && (args.membership !== true || p.member),
          );
          return page(projects, args, (p) => projectNode(world, base(), p));
        },
        project: (args: Node) => {
          const path = String(args.fullPath).toLowerCase();
          const found = world.projects.find((p) => p.path.toLowerCase() === path);
          return found ? projectNode(world, base(), found) : null;
        },
        queryComplexity: { limit: maxComplexity, score: complexity },
      };
      const result = execute({ schema, document, rootValue: root, variableValues: variables }) as {
        data?: unknown;
        errors?: readonly GraphQLError[];
      };
      return {
        status: 200,
        body: {
          ...(result.data !== undefined ? { data: result.data } : {}),
          ...(result.errors?.length
            ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) }
            : {}),
        },
      };
    },
  };
}
