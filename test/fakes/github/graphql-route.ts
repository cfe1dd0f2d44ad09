import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type SelectionSetNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { createGitHubSchema, queryRoot } from './graphql-schema.js';
import type { RateLimiter } from './rate-limiter.js';
import type { TokenInfo } from './router.js';
import type { World } from './world.js';

const DOCS = 'https://docs.github.com/graphql';
/**
 * What a query costs on GitHub's GraphQL rate limit: every connection counts the requests needed to fill it (the
 * product of the `first`/`last` of the connections it is nested in), summed, divided by 100, rounded, at least 1
 * (docs.github.com "Rate limits and node limits for the GraphQL API").
 */
export function queryCost(document: DocumentNode, variables: Record<string, unknown> | undefined): number {
  const amount = (field: FieldNode): number | null => {
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      if (arg.value.kind === Kind.INT) return Number(arg.value.value);
      if (arg.value.kind === Kind.VARIABLE) {
        const value = variables?.[arg.value.name.value];
        if (typeof value === 'number') return value;
      }
    }
    return null;
  };
  const fragments = new Map<string, SelectionSetNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def.selectionSet);
  let requests = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const n = amount(selection);
        if (n === null) walk(selection.selectionSet, multiplier);
        else {
          requests += multiplier;
          walk(selection.selectionSet, multiplier * n);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, multiplier);
      else walk(fragments.get(selection.name.value), multiplier);
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) walk(def.selectionSet, 1);
  return Math.max(1, Math.round(requests / 100));
}

export interface GraphqlHttpResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** How the server counts the request in its stats. */
  outcome: 'billable' | 'unauthorized' | 'rateLimited' | 'rejected';
  /** Points the request spent from the caller's GraphQL budget (billable answers). */
  points?: number;
}

export interface GraphqlEndpoint {
  /** Absolute path on the fake's origin: /graphql (github.com) or /api/graphql (GHES). */
  readonly path: string;
  /** Every query document received (valid or not), oldest first: tests check them against GitHub's real schema. */
  readonly received: string[];
  handle(method: string, rawBody: string, authorization: string): Promise<GraphqlHttpResult>;
}

export interface GraphqlEndpointOptions {
  world: World;
  tokens: Record<string, TokenInfo>;
  limiter: RateLimiter;
  /** The REST prefix: '' on github.com, '/api/v3' on GHES. */
  prefix: string;
}

/** github.com serves GraphQL at /graphql; GHES at /api/graphql, beside (not under) the REST prefix /api/v3. */
export function graphqlPathFor(prefix: string): string {
  return `${prefix.replace(/\/v3$/, '')}/graphql`;
}

interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function json(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  outcome: GraphqlHttpResult['outcome'],
): GraphqlHttpResult {
  return { status, body: JSON.stringify(body), headers, outcome };
}

/** GitHub's error shape: type, path, extensions, locations, message (type lifted out of extensions). */
function formatError(error: GraphQLError): Record<string, unknown> {
  const { type, ...extensions } = error.extensions;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: error.message,
  };
}

function formatResult(result: ExecutionResult): Record<string, unknown> {
  return {
    ...('data' in result ? { data: result.data ?? null } : {}),
    ...(result.errors && result.errors.length > 0 ? { errors: result.errors.map(formatError) } : {}),
  };
}

/** Reads the POST body; a string is a GraphQL answer with errors, null means the JSON itself is broken. */
function readRequest(rawBody: string): GraphqlRequest | string | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody) as unknown;
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'A query attribute must be specified and must be a string.';
  const record = body as Record<string, unknown>;
  if (typeof record.query !== 'string') return 'A query attribute must be specified and must be a string.';
  let variables = record.variables;
  if (typeof variables === 'string' && variables.trim() !== '') {
    try {
      variables = JSON.parse(variables) as unknown;
    } catch {
      return 'Variables are invalid JSON.';
    }
  }
  if (
    variables !== undefined &&
    variables !== null &&
    variables !== '' &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return 'Variables are invalid JSON.';
  return {
    query: record.query,
    variables: typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : undefined,
    operationName:
      typeof record.operationName === 'string' && record.operationName !== '' ? record.operationName : undefined,
  };
}

/** POST /graphql: auth, the separate `graphql` rate-limit bucket, parse, validate, execute against the schema subset. */
export function createGraphqlEndpoint(options: GraphqlEndpointOptions): GraphqlEndpoint {
  const schema: GraphQLSchema = createGitHubSchema();
  const { world, tokens, limiter } = options;

  async function run(request: GraphqlRequest, token: TokenInfo): Promise<Record<string, unknown>> {
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [formatError(error)] };
      throw error;
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return { errors: invalid.map(formatError) };
    // A valid query costs what it asks for (one point was charged on arrival).
    const cost = queryCost(document, request.variables);
    if (cost > 1) limiter.consume(token.login, 'graphql', cost - 1);
    const rateLimit = () => {
      const s = limiter.snapshot(token.login, 'graphql');
      return { cost, limit: s.limit, remaining: s.remaining, used: s.used, resetAtMs: s.reset * 1000 };
    };
    const result = await execute({
      schema,
      document,
      rootValue: queryRoot({ world, token, rateLimit }),
      variableValues: request.variables,
      operationName: request.operationName,
    });
    return formatResult(result);
  }

  const received: string[] = [];
  return {
    path: graphqlPathFor(options.prefix),
    received,
    async handle(method, rawBody, authorization) {
      if (method !== 'POST') return json(404, { message: 'Not Found', documentation_url: DOCS }, {}, 'rejected');
      const secret = authorization.replace(/^(Bearer|token)\s+/i, '').trim();
      const token = tokens[secret];
      if (!token) {
        const body = secret
          ? { message: 'Bad credentials', documentation_url: DOCS }
          : {
              message: 'This endpoint requires you to be authenticated.',
              documentation_url: `${DOCS}/guides/forming-calls-with-graphql#authenticating-with-graphql`,
            };
        return json(401, body, {}, 'unauthorized');
      }
      const common: Record<string, string> = {
        'x-github-media-type': 'github.v4; format=json',
        'cache-control': 'no-cache',
        ...(Array.isArray(token.scopes)
          ? { 'x-oauth-scopes': token.scopes.join(', '), 'x-accepted-oauth-scopes': 'repo' }
          : {}),
      };
      if (limiter.exhausted(token.login, 'graphql')) {
        const body = {
          errors: [
            { type: 'RATE_LIMITED', message: `API rate limit exceeded for user ID ${world.user(token.login).id}.` },
          ],
        };
        return json(200, body, { ...common, ...limiter.headers(token.login, 'graphql') }, 'rateLimited');
      }
      const request = readRequest(rawBody);
      if (request === null)
        return json(400, { message: 'Problems parsing JSON', documentation_url: DOCS }, common, 'rejected');
      const usedBefore = limiter.snapshot(token.login, 'graphql').used;
      limiter.consume(token.login, 'graphql', 1);
      if (typeof request !== 'string') received.push(request.query);
      const answer = typeof request === 'string' ? { errors: [{ message: request }] } : await run(request, token);
      const points = Math.max(1, limiter.snapshot(token.login, 'graphql').used - usedBefore);
      return { ...json(200, answer, { ...common, ...limiter.headers(token.login, 'graphql') }, 'billable'), points };
    },
  };
}
