import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_GITHUB_TOKEN,
  ManualClock,
  startGitHubFake,
  type GitHubFake,
  type GitHubFakeOptions,
} from './index.js';

const REPO = 'octo-org/hello-world';
const clock = new ManualClock(Date.parse('2025-06-02T09:00:00Z'));
let fake: GitHubFake;

async function start(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  fake = await startGitHubFake({ now: clock.now, ...options });
  fake.createRepo(REPO);
  return fake;
}
afterEach(() => fake.close());

interface GraphqlAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[]; message?: string } | null;
}

async function graphql(
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string | null; url?: string; rawBody?: string } = {},
): Promise<GraphqlAnswer> {
  const token = options.token === undefined ? DEFAULT_GITHUB_TOKEN : options.token;
  const response = await fetch(options.url ?? fake.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: options.rawBody ?? JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json')
    ? (JSON.parse(text) as GraphqlAnswer['json'])
    : null;
  return { status: response.status, headers: response.headers, text, json };
}

async function rest(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${fake.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const PULL_FIELDS = `number title body url state isDraft merged mergedAt closed updatedAt author { login }
  labels(first: 10) { nodes { name color } } headRefName headRefOid baseRefName baseRefOid`;

/** The GraphQL PullRequest a REST pulls/{n} answer implies, field by field. */
function pullFromRest(pull: Record<string, unknown>): Record<string, unknown> {
  const side = (key: 'head' | 'base') => pull[key] as { ref: string; sha: string };
  return {
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    url: pull.html_url,
    state: pull.merged ? 'MERGED' : pull.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: pull.draft,
    merged: pull.merged,
    mergedAt: pull.merged_at,
    closed: pull.state === 'closed',
    updatedAt: pull.updated_at,
    author: { login: (pull.user as { login: string }).login },
    labels: { nodes: (pull.labels as { name: string; color: string }[]).map(({ name, color }) => ({ name, color })) },
    headRefName: side('head').ref,
    headRefOid: side('head').sha,
    baseRefName: side('base').ref,
    baseRefOid: side('base').sha,
  };
}

describe('GitHub fake: GraphQL', () => {
  it('answers pull requests as the REST pulls endpoint does, through open, draft, labels and merge', async () => {
    await start();
    const draft = fake.openPull(REPO, {
      title: 'Draft work',
      body: 'Details',
      head: 'draft',
      draft: true,
      labels: ['wip'],
    });
    const plain = fake.openPull(REPO, { title: 'No body', head: 'plain' });
    fake.labelIssue(REPO, plain.number, ['bug', 'ui']);
    const query = `query($o: String!, $n: String!, $a: Int!, $b: Int!) {
      repository(owner: $o, name: $n) { a: pullRequest(number: $a) { ${PULL_FIELDS} } b: pullRequest(number: $b) { ${PULL_FIELDS} } } }`;
    const variables = { o: 'octo-org', n: 'hello-world', a: draft.number, b: plain.number };

    const open = await graphql(query, variables);
    expect(open.status).toBe(200);
    expect(open.json?.errors).toBeUndefined();
    const repo = open.json?.data?.repository as Record<string, unknown>;
    expect(repo.a).toEqual(pullFromRest(await rest(`/repos/${REPO}/pulls/${draft.number}`)));
    expect(repo.b).toEqual(pullFromRest(await rest(`/repos/${REPO}/pulls/${plain.number}`)));
    expect(repo.a).toMatchObject({
      state: 'OPEN',
      isDraft: true,
      body: 'Details',
      url: `${fake.webUrl}/${REPO}/pull/${draft.number}`,
      labels: { nodes: [{ name: 'wip' }] },
    });
    expect(repo.b).toMatchObject({ body: '', mergedAt: null, labels: { nodes: [{ name: 'bug' }, { name: 'ui' }] } });

    clock.advance(60_000);
    fake.markReady(REPO, draft.number);
    const mergeSha = fake.mergePull(REPO, draft.number);
    fake.closePull(REPO, plain.number);
    const after = (await graphql(query, variables)).json?.data?.repository as Record<string, unknown>;
    expect(after.a).toEqual(pullFromRest(await rest(`/repos/${REPO}/pulls/${draft.number}`)));
    expect(after.b).toEqual(pullFromRest(await rest(`/repos/${REPO}/pulls/${plain.number}`)));
    expect(after.a).toMatchObject({
      state: 'MERGED',
      merged: true,
      isDraft: false,
      closed: true,
      mergedAt: '2025-06-02T09:01:00Z',
    });
    expect(after.b).toMatchObject({ state: 'CLOSED', merged: false });
    const merged = await graphql(
      `{ repository(owner: "octo-org", name: "hello-world") { pullRequest(number: ${draft.number}) { mergeCommit { oid } } } }`,
    );
    expect(merged.json?.data).toEqual({ repository: { pullRequest: { mergeCommit: { oid: mergeSha } } } });
  });

  it('walks commit history and parents after pushes and a merge commit, matching the REST commit', async () => {
    await start();
    const main1 = fake.push(REPO, 'main', ['First line\n\nMore detail', 'second']);
    const pull = fake.openPull(REPO, {
      title: 'Feature',
      head: 'feature',
      commits: [{ message: 'feat one', author: 'mona' }, 'feat two'],
    });
    const main2 = fake.push(REPO, 'main', ['on main meanwhile']);
    const merge = fake.mergePull(REPO, pull.number);
    const feature = fake.world.repo(REPO).branches.get('feature') as string;
    const initial = main1.before;

    const query = `query($o0: String!, $n0: String!, $c0: GitObjectID!) {
      r0: repository(owner: $o0, name: $n0) {
        c0: object(oid: $c0) { ... on Commit { history(first: 30) { totalCount nodes { oid parents(first: 3) { nodes { oid } } messageHeadline url author { name user { login } } } } } }
        head: defaultBranchRef { name target { oid } }
      } }`;
    const answer = await graphql(query, { o0: 'octo-org', n0: 'hello-world', c0: merge });
    expect(answer.json?.errors).toBeUndefined();
    const r0 = answer.json?.data?.r0 as {
      c0: {
        history: {
          totalCount: number;
          nodes: {
            oid: string;
            parents: { nodes: { oid: string }[] };
            messageHeadline: string;
            url: string;
            author: { name: string; user: { login: string } };
          }[];
        };
      };
      head: unknown;
    };
    expect(r0.head).toEqual({ name: 'main', target: { oid: merge } });
    const nodes = r0.c0.history.nodes;
    expect(r0.c0.history.totalCount).toBe(7);
    const featOne = fake.world.repo(REPO).commits.get(feature)?.parents[0];
    expect(nodes.map((n) => n.oid)).toEqual([
      merge,
      main2.head,
      feature,
      featOne,
      main1.shas[1],
      main1.shas[0],
      initial,
    ]);
    expect(nodes.map((n) => n.messageHeadline)).toEqual([
      `Merge pull request #${pull.number} from octo-org/feature`,
      'on main meanwhile',
      'feat two',
      'feat one',
      'second',
      'First line',
      'Initial commit',
    ]);
    expect(nodes[0]?.parents.nodes.map((p) => p.oid)).toEqual([main2.head, feature]);
    expect(nodes.at(-1)?.parents.nodes).toEqual([]);
    expect(nodes[3]?.author).toEqual({ name: 'mona', user: { login: 'mona' } });

    const restCommit = await rest(`/repos/${REPO}/commits/${merge}`);
    expect(nodes[0]?.url).toBe(restCommit.html_url);
    expect((restCommit.parents as { sha: string }[]).map((p) => p.sha)).toEqual(
      nodes[0]?.parents.nodes.map((p) => p.oid),
    );

    // Paging and expressions.
    const paged = await graphql(`
      {
        repository(owner: "octo-org", name: "hello-world") {
          object(expression: "main~1") {
            oid
            ... on Commit {
              history(first: 2) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  oid
                }
              }
            }
          }
        }
      }
    `);
    const page = (
      paged.json?.data?.repository as {
        object: {
          oid: string;
          history: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string };
            nodes: { oid: string }[];
          };
        };
      }
    ).object;
    expect(page.oid).toBe(main2.head);
    expect(page.history).toMatchObject({
      totalCount: 4,
      pageInfo: { hasNextPage: true, endCursor: `${main2.head} 1` },
    });
    const next = await graphql(
      `{ repository(owner: "octo-org", name: "hello-world") { object(oid: "${main2.head}") { ... on Commit { history(first: 5, after: "${page.history.pageInfo.endCursor}") { pageInfo { hasNextPage } nodes { oid } } } } } }`,
    );
    expect(next.json?.data).toEqual({
      repository: {
        object: { history: { pageInfo: { hasNextPage: false }, nodes: [{ oid: main1.shas[0] }, { oid: initial }] } },
      },
    });
  });

  it('returns null with NOT_FOUND errors for a missing repo or pull and keeps the rest of the data', async () => {
    await start({
      tokens: {
        [DEFAULT_GITHUB_TOKEN]: { login: 'octocat', scopes: ['repo'] },
        ghp_public: { login: 'pub', scopes: ['public_repo'] },
      },
    });
    fake.createRepo('octo-org/secret', { private: true });
    const issue = fake.openIssue(REPO, { title: 'An issue', labels: ['bug'] });
    const answer = await graphql(`query {
  gone: repository(owner: "octo-org", name: "gone") { nameWithOwner }
  here: repository(owner: "OCTO-ORG", name: "hello-world") {
    nameWithOwner url
    p7: pullRequest(number: 7) { title }
    i: issue(number: ${issue.number}) { title state url labels(first: 5) { nodes { name } } }
    none: object(oid: "${'f'.repeat(40)}") { oid }
  }
}`);
    expect(answer.status).toBe(200);
    expect(answer.json?.data).toEqual({
      gone: null,
      here: {
        nameWithOwner: REPO,
        url: `${fake.webUrl}/${REPO}`,
        p7: null,
        i: {
          title: 'An issue',
          state: 'OPEN',
          url: `${fake.webUrl}/${REPO}/issues/${issue.number}`,
          labels: { nodes: [{ name: 'bug' }] },
        },
        none: null,
      },
    });
    expect(answer.json?.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['gone'],
        locations: [{ line: 2, column: 3 }],
        message: "Could not resolve to a Repository with the name 'octo-org/gone'.",
      },
      {
        type: 'NOT_FOUND',
        path: ['here', 'p7'],
        locations: [{ line: 5, column: 5 }],
        message: 'Could not resolve to a PullRequest with the number of 7.',
      },
    ]);
    // An issue number is not a pull request, and private repos stay hidden from tokens without the repo scope.
    const notPull = await graphql(
      `{ repository(owner: "octo-org", name: "hello-world") { pullRequest(number: ${issue.number}) { title } } }`,
    );
    expect(notPull.json?.errors?.[0]).toMatchObject({
      type: 'NOT_FOUND',
      message: `Could not resolve to a PullRequest with the number of ${issue.number}.`,
    });
    const secret = '{ repository(owner: "octo-org", name: "secret") { isPrivate } }';
    expect((await graphql(secret)).json).toEqual({ data: { repository: { isPrivate: true } } });
    expect((await graphql(secret, undefined, { token: 'ghp_public' })).json).toMatchObject({
      data: { repository: null },
      errors: [{ type: 'NOT_FOUND' }],
    });
  });

  it('rejects bad tokens with 401, and answers syntax, validation and pagination errors as GitHub does', async () => {
    await start();
    const bad = await graphql('{ viewer { login } }', undefined, { token: 'ghp_wrong' });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
    expect((await graphql('{ viewer { login } }', undefined, { token: null })).status).toBe(401);

    const syntax = await graphql('{ viewer { login }');
    expect(syntax.status).toBe(200);
    expect(syntax.json).toEqual({
      errors: [{ message: expect.stringContaining('Syntax Error'), locations: [{ line: 1, column: 19 }] }],
    });
    const invalid = await graphql('{ viewer { nope } }');
    expect(invalid.status).toBe(200);
    expect(invalid.json).not.toHaveProperty('data');
    expect(invalid.json?.errors).toMatchObject([
      { message: expect.stringContaining('nope'), locations: [{ line: 1, column: 12 }] },
    ]);
    expect((await graphql('', undefined, { rawBody: '{"query": ' })).status).toBe(400);

    const sha = fake.world.repo(REPO).branches.get('main') as string;
    const excessive = await graphql(
      `{ repository(owner: "octo-org", name: "hello-world") { object(oid: "${sha}") { ... on Commit { history(first: 101) { nodes { oid } } } } } }`,
    );
    expect(excessive.json?.errors).toMatchObject([
      {
        type: 'EXCESSIVE_PAGINATION',
        message: 'Requesting 101 records on the `history` connection exceeds the `first` limit of 100 records.',
      },
    ]);
    const missing = await graphql(
      `{ repository(owner: "octo-org", name: "hello-world") { object(oid: "${sha}") { ... on Commit { parents { nodes { oid } } history { totalCount } } } } }`,
    );
    expect(missing.json?.errors).toMatchObject([
      {
        type: 'MISSING_PAGINATION_BOUNDARIES',
        message: 'You must provide a `first` or `last` value to properly paginate the `parents` connection.',
      },
    ]);

    const viewer = await graphql('query Me { viewer { login name url } }');
    expect(viewer.json).toEqual({
      data: { viewer: { login: 'octocat', name: 'The Octocat', url: `${fake.webUrl}/octocat` } },
    });
  });

  it('lives at /api/graphql under GHES, and /graphql is not there', async () => {
    await start({ prefix: '/api/v3' });
    expect(fake.graphqlUrl).toBe(`${fake.webUrl}/api/graphql`);
    const answer = await graphql(
      '{ repository(owner: "octo-org", name: "hello-world") { url defaultBranchRef { target { ... on Commit { url } } } } }',
    );
    const sha = fake.world.repo(REPO).branches.get('main') as string;
    expect(answer.json?.data).toEqual({
      repository: {
        url: `${fake.webUrl}/${REPO}`,
        defaultBranchRef: { target: { url: `${fake.webUrl}/${REPO}/commit/${sha}` } },
      },
    });
    expect((await graphql('{ viewer { login } }', undefined, { url: `${fake.webUrl}/graphql` })).status).toBe(404);
    expect((await graphql('{ viewer { login } }', undefined, { url: `${fake.apiUrl}/graphql` })).status).toBe(404);
    expect(fake.stats.byPath['/api/graphql']).toBe(1);
  });

  it('spends a separate graphql rate-limit bucket, reports it, and answers RATE_LIMITED when it is empty', async () => {
    await start({ rateLimit: { limit: 100, graphqlLimit: 3, windowSeconds: 60 } });
    await rest(`/repos/${REPO}`);
    const first = await graphql('{ rateLimit { cost limit remaining used resetAt } }');
    expect(first.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('etag')).toBeNull();
    const resetAt = new Date(Number(first.headers.get('x-ratelimit-reset')) * 1000).toISOString().replace('.000Z', 'Z');
    expect(first.json?.data).toEqual({ rateLimit: { cost: 1, limit: 3, remaining: 2, used: 1, resetAt } });
    const limits = await rest('/rate_limit');
    expect(limits.resources).toMatchObject({
      core: { remaining: 99, used: 1 },
      graphql: { remaining: 2, used: 1, limit: 3 },
    });
    const core = await fetch(`${fake.apiUrl}/repos/${REPO}`, {
      headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
    });
    expect(core.headers.get('x-ratelimit-resource')).toBe('core');
    expect(core.headers.get('x-ratelimit-used')).toBe('2');

    await graphql('{ viewer { login } }');
    await graphql('{ viewer { login } }');
    const limited = await graphql('{ viewer { login } }');
    expect(limited.status).toBe(200);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.json).toEqual({
      errors: [{ type: 'RATE_LIMITED', message: expect.stringContaining('API rate limit exceeded') }],
    });
    expect(fake.stats).toMatchObject({
      graphql: 3,
      rateLimited: 1,
      billable: 5,
      notModified: 0,
      byPath: { '/graphql': 4 },
    });

    fake.setRateLimit({ resource: 'graphql', remaining: 10, limit: 10 });
    expect((await graphql('{ viewer { login } }')).headers.get('x-ratelimit-remaining')).toBe('9');
    clock.advance(61_000);
    expect((await graphql('{ viewer { login } }')).headers.get('x-ratelimit-used')).toBe('1');
  });

  it('injects failures on the graphql path: HTML 502 pages and secondary limits', async () => {
    await start();
    fake.failNext('/graphql', { status: 502, rawBody: '<html><body>Bad gateway</body></html>' });
    fake.secondaryLimit(/\/graphql$/, { retryAfterSeconds: 30 });
    const html = await graphql('{ viewer { login } }');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('Bad gateway');
    const secondary = await graphql('{ viewer { login } }');
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('30');
    expect((await graphql('{ viewer { login } }')).json).toEqual({ data: { viewer: { login: 'octocat' } } });
    expect(fake.stats).toMatchObject({ injected: 2, graphql: 1 });
  });
});
