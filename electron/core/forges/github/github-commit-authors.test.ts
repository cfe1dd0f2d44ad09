import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import type { CommitInput } from '../../../../test/fakes/github/repo-actions.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { commitSchema } from './schemas.js';

/**
 * A commit whose e-mail matches no GitHub account comes back with `author` (and `committer`) null — or `{}`, the
 * description's empty-object — over REST, and `author.user: null` over GraphQL. One such commit must not cost the
 * push its commit list, gap recovery its commits, or a link preview its answer.
 */

const REPO = 'octo-org/hello-world';
const OTHER = 'octo-org/other';
let h: GitHubHarness;

const MIXED: CommitInput[] = [
  { message: 'Linked author', author: 'octocat' },
  { message: 'Laptop e-mail', author: 'Mona Laptop', account: 'null' },
  { message: 'Bot without account', author: 'ci-bot', account: 'empty' },
];

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO);
  h.fake.createRepo(OTHER);
});
afterEach(() => h.close());

function commitLines(event: ForgeEvent | undefined): { title: string; author: string }[] {
  return event?.details.kind === 'push' ? event.details.commits.map((c) => ({ title: c.title, author: c.author })) : [];
}

const EXPECTED = [
  { title: 'Linked author', author: 'octocat' },
  { title: 'Laptop e-mail', author: 'Mona Laptop' },
  { title: 'Bot without account', author: 'ci-bot' },
];

describe('GitHub: commits whose author has no account', () => {
  it('the fake answers them as GitHub does: author null or {} over REST, user null over GraphQL', async () => {
    const pushed = h.fake.push(REPO, 'main', MIXED);
    const rest = (await (
      await fetch(`${h.fake.apiUrl}/repos/${REPO}/compare/${pushed.before}...${pushed.head}`, {
        headers: { authorization: 'Bearer ghp_forgebellFakeToken000000000000000000' },
      })
    ).json()) as { commits: { author: unknown; committer: unknown }[] };
    expect(rest.commits.map((c) => [c.author === null ? null : typeof c.author, c.committer])).toEqual([
      ['object', expect.objectContaining({ login: 'octocat' })],
      [null, null],
      ['object', {}],
    ]);
  });

  it('a push lists all its commits, read over REST (compare)', async () => {
    await h.poll(REPO, ['commits']);
    h.fake.push(REPO, 'main', MIXED);
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['commits']);
    expect(result.events).toHaveLength(1);
    expect(commitLines(result.events[0])).toEqual(EXPECTED);
    expect(result.events[0]?.details).toMatchObject({ totalCommits: 3 });
  });

  it('a push lists all its commits, read with the batched GraphQL request', async () => {
    await h.pollCycle([REPO, OTHER], ['commits']);
    h.fake.push(REPO, 'main', MIXED);
    h.fake.push(OTHER, 'main', [{ message: 'Elsewhere', author: 'Someone', account: 'null' }]);
    h.clock.advance(60_000);
    h.fake.resetStats();
    const results = await h.pollCycle([REPO, OTHER], ['commits']);
    expect(h.fake.stats.graphql).toBe(1);
    expect(Object.keys(h.fake.stats.byPath).filter((p) => p.includes('/compare/'))).toEqual([]);
    expect(commitLines(results.get(REPO)?.events[0])).toEqual(EXPECTED);
    expect(commitLines(results.get(OTHER)?.events[0])).toEqual([{ title: 'Elsewhere', author: 'Someone' }]);
  });

  it('gap recovery still rebuilds the default branch commits from the commit list', async () => {
    h.clock.advance(1_000);
    h.startNow();
    h.fake.editWiki(REPO, ['Before the gap']);
    await h.poll(REPO, ['commits', 'wiki']);
    h.clock.advance(1_000);
    h.fake.push(REPO, 'main', MIXED);
    for (let i = 0; i < 310; i++) h.fake.editWiki(REPO, [`Page ${i}`]);
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['commits']);
    const recovered = result.events.find((e) => e.id.includes(':gh-gap:commits:'));
    expect(recovered?.title).toBe('3 new commits on main while the events feed overflowed');
    expect(commitLines(recovered)).toEqual(EXPECTED);
    expect(result.warnings[0]).toMatch(/recovered 3 commits on the default branch/);
  });

  it('a link preview of such a commit describes it', async () => {
    const pushed = h.fake.push(REPO, 'main', MIXED);
    for (const sha of pushed.shas.slice(1)) {
      const described = await h.adapter.describeUrl(`${h.fake.webUrl}/${REPO}/commit/${sha}`);
      expect(described).toMatchObject({ event: 'commits', details: { kind: 'push', after: sha } });
    }
    const [empty] = pushed.shas.slice(2);
    expect((await h.adapter.describeUrl(`${h.fake.webUrl}/${REPO}/commit/${empty}`))?.actor).toBe('ci-bot');
  });
});

describe('commitSchema', () => {
  const base = { sha: 'a'.repeat(40), commit: { message: 'm', author: { name: 'N' } } };

  it('reads author null, {}, a user, and a commit without git author, message or committer', () => {
    expect(commitSchema.parse({ ...base, author: null }).author).toBeNull();
    expect(commitSchema.parse({ ...base, author: {} }).author).toBeNull();
    expect(commitSchema.parse({ ...base, author: { login: 'mona' }, committer: {} }).author).toEqual({ login: 'mona' });
    expect(commitSchema.parse({ sha: 'b', commit: { author: null, committer: null } })).toMatchObject({
      commit: { message: '', author: null },
      author: null,
    });
  });
});
