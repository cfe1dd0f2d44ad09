import type { ForgeEvent } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import type { GiteaClient } from './client.js';
import { buildEvent } from './normalise-feed-event.js';
import { commitSchema, issueSchema, pullSchema } from './schemas.js';
import { issueSubject, pullDetails, pullSubject } from './subjects.js';
import { parseGiteaUrl, repoApiPath } from './web-urls.js';

/** Link previews: an issue, pull request or commit URL on this Gitea/Forgejo → its current state as a ForgeEvent. */
export async function describeGiteaUrl(
  client: GiteaClient,
  accountId: string,
  webUrl: string,
  url: string,
): Promise<ForgeEvent | null> {
  const parsed = parseGiteaUrl(webUrl, url);
  if (!parsed || parsed.kind === 'repo' || parsed.kind === 'run') return null;
  const ctx = { accountId, repo: parsed.repo, repoUrl: `${webUrl}/${parsed.repo}` };
  const base = repoApiPath(parsed.repo);
  const id = `${accountId}:gt-url:${parsed.kind}:${parsed.repo}:${parsed.id}`;
  try {
    switch (parsed.kind) {
      case 'issue': {
        const issue = await client.get(`${base}/issues/${parsed.id}`, issueSchema);
        // /issues/N answers for pull requests too: show those as pull requests.
        if (issue.pull_request) return describePull(client, ctx, base, id, parsed.id);
        return buildEvent(ctx, id, issue.user?.login ?? '', issue.created_at, {
          ...issueSubject(issue),
          event: 'issues',
          action: issue.state === 'closed' ? 'closed' : 'opened',
          details: { kind: 'issue', body: issue.body ?? null },
        });
      }
      case 'pull':
        return await describePull(client, ctx, base, id, parsed.id);
      case 'commit': {
        const commit = await client.get(`${base}/git/commits/${parsed.id}`, commitSchema);
        const title = commit.commit?.message?.split('\n', 1)[0]?.trim() ?? commit.sha.slice(0, 10);
        const commitUrl = commit.html_url ?? url;
        const author = commit.author?.login ?? commit.commit?.author?.name ?? '';
        return buildEvent(ctx, id, author, commit.commit?.author?.date ?? commit.created ?? new Date(0).toISOString(), {
          event: 'commits',
          action: 'pushed',
          title,
          url: commitUrl,
          details: {
            kind: 'push',
            commits: [{ sha: commit.sha, title, author, url: commitUrl }],
            totalCommits: 1,
            compareUrl: null,
            before: null,
            after: commit.sha,
          },
        });
      }
    }
  } catch (error) {
    if (error instanceof ForgeError && error.code === 'not_found') return null;
    throw error;
  }
}

async function describePull(
  client: GiteaClient,
  ctx: { accountId: string; repo: string; repoUrl: string },
  base: string,
  id: string,
  number: string,
): Promise<ForgeEvent> {
  const pull = await client.get(`${base}/pulls/${number}`, pullSchema);
  const subject = pullSubject(pull);
  return buildEvent(ctx, id, pull.user?.login ?? '', pull.created_at, {
    ...subject,
    event: 'pulls',
    action: subject.state === 'merged' ? 'merged' : subject.state === 'closed' ? 'closed' : 'opened',
    details: pullDetails(pull, false),
  });
}
