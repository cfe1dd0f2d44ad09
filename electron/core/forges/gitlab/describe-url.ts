import type { ForgeEvent } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import { commitSchema, issueSchema, mergeRequestSchema } from './schemas.js';
import type { GitLabClient } from './client.js';
import { parseGitLabUrl, projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import { pipelineEvent } from './pipelines-poll.js';
import { issueSubject, mergeRequestSubject, pullDetails } from './subjects.js';

/** Link previews: an issue, merge request, commit or pipeline URL on this GitLab → its current state as a ForgeEvent. */
export async function describeGitLabUrl(
  client: GitLabClient,
  accountId: string,
  webUrl: string,
  url: string,
): Promise<ForgeEvent | null> {
  const parsed = parseGitLabUrl(webUrl, url);
  if (!parsed || parsed.kind === 'project') return null;
  const repo = parsed.project;
  const ctx = { accountId, repo, path: repo, repoUrl: `${webUrl}/${repo}` };
  const base = `/projects/${projectSegment(repo)}`;
  const id = `${accountId}:gl-url:${parsed.kind}:${repo}:${parsed.id}`;
  try {
    switch (parsed.kind) {
      case 'issue': {
        const issue = await client.get(`${base}/issues/${parsed.id}`, issueSchema);
        return buildEvent(ctx, id, issue.author?.username ?? '', issue.created_at, {
          ...issueSubject(issue),
          event: issue.confidential ? 'confidential_issues' : 'issues',
          action: issue.state === 'closed' ? 'closed' : 'opened',
          details: { kind: 'issue', body: issue.description ?? null },
        });
      }
      case 'merge_request': {
        const mr = await client.get(`${base}/merge_requests/${parsed.id}`, mergeRequestSchema);
        return buildEvent(ctx, id, mr.author?.username ?? '', mr.created_at, {
          ...mergeRequestSubject(mr),
          event: 'pulls',
          action: mr.state === 'opened' ? 'opened' : mr.state,
          details: pullDetails(mr, false),
        });
      }
      case 'commit': {
        const commit = await client.get(`${base}/repository/commits/${parsed.id}`, commitSchema);
        const commitUrl = commit.web_url ?? url;
        return buildEvent(ctx, id, commit.author_name ?? '', commit.created_at ?? new Date(0).toISOString(), {
          event: 'commits',
          action: 'pushed',
          title: commit.title,
          url: commitUrl,
          details: {
            kind: 'push',
            commits: [{ sha: commit.id, title: commit.title, author: commit.author_name ?? '', url: commitUrl }],
            totalCommits: 1,
            compareUrl: null,
            before: null,
            after: commit.id,
          },
        });
      }
      case 'pipeline': {
        const event = await pipelineEvent({ ...ctx, client, meter: { total: 0, billable: 0 } }, Number(parsed.id));
        return { ...event, id };
      }
    }
  } catch (error) {
    if (error instanceof ForgeError && unreadable(error)) return null;
    throw error;
  }
}

/**
 * Failures that mean "nothing to preview" for this one link: gone (404, 410), hidden (403), or an answer whose
 * shape GitLab's entities do not allow. A preview is never worth an error; outages and auth failures still are.
 */
function unreadable(error: ForgeError): boolean {
  const status = error.details.status;
  if (error.code === 'not_found' || error.code === 'forbidden' || status === 410) return true;
  return error.code === 'bad_response' && status !== undefined && status >= 200 && status < 300;
}
