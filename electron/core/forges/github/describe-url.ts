import type { ForgeEvent } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import type { Logger } from '../../runtime/logger.js';
import { githubEvent, type RepoContext } from './event-base.js';
import type { GitHubClient, RequestCounter } from './client.js';
import { parseGitHubLink } from './web-links.js';
import { commitSchema, issueSchema, pullSchema, runSchema } from './schemas.js';
import { commitSummary } from './normalise-refs.js';
import { runEvent } from './run-events.js';
import { issueEvent, pullEvent, pullState } from './subject-events.js';
import { repoApiPath } from './web-urls.js';
import { readFailedJobs } from './pipelines-poll.js';

interface DescribeArgs {
  client: GitHubClient;
  accountId: string;
  webUrl: string;
  logger: Logger;
}

interface Target {
  args: DescribeArgs;
  ctx: RepoContext;
  repoPath: string;
  idBase: string;
  counter: RequestCounter;
}

const EPOCH = new Date(0).toISOString();

/** Link preview: reads the issue, pull request, commit or run behind a URL on this host. Null when not understood or not found. */
export async function describeGitHubUrl(args: DescribeArgs, url: string): Promise<ForgeEvent | null> {
  const link = parseGitHubLink(url, args.webUrl);
  if (!link) return null;
  const target: Target = {
    args,
    ctx: { accountId: args.accountId, repo: link.repo, repoUrl: `${args.webUrl}/${link.repo}`, webUrl: args.webUrl },
    repoPath: repoApiPath(link.repo),
    idBase: `${args.accountId}:gh-link:${link.repo}`,
    counter: { total: 0, billable: 0 },
  };
  try {
    switch (link.kind) {
      case 'issue':
        return (await describeIssue(target, link.number)) ?? (await describePull(target, link.number));
      case 'pull':
        return await describePull(target, link.number);
      case 'commit':
        return await describeCommit(target, link.sha);
      case 'run':
        return await describeRun(target, link.runId);
    }
  } catch (error) {
    if (error instanceof ForgeError && unreadable(error)) {
      args.logger.debug('github: link preview target not readable', {
        url,
        code: error.code,
        status: error.details.status,
      });
      return null;
    }
    throw error;
  }
}

/**
 * Failures that mean "nothing to preview" for this one link: gone (404, 410), hidden (403), not a commit (422), or
 * an answer whose shape GitHub's description does not allow (logged by the caller; a preview is never worth an error).
 */
function unreadable(error: ForgeError): boolean {
  const status = error.details.status;
  if (error.code === 'not_found' || error.code === 'forbidden' || status === 410 || status === 422) return true;
  return error.code === 'bad_response' && status !== undefined && status >= 200 && status < 300;
}

/** Null when the number is a pull request (issues URLs redirect to pulls on GitHub). */
async function describeIssue(t: Target, number: number): Promise<ForgeEvent | null> {
  const issue = (
    await t.args.client.get(`${t.repoPath}/issues/${number}`, issueSchema, {
      counter: t.counter,
      what: `issue #${number}`,
    })
  ).data;
  if (!issue || issue.pull_request) return null;
  const action = issue.state === 'closed' ? 'closed' : 'opened';
  return issueEvent(t.ctx, issue, {
    id: `${t.idBase}:issue:${number}`,
    action,
    actor: issue.user?.login ?? 'unknown',
    createdAt: issue.updated_at ?? EPOCH,
  });
}

async function describePull(t: Target, number: number): Promise<ForgeEvent | null> {
  const pull = (
    await t.args.client.get(`${t.repoPath}/pulls/${number}`, pullSchema, {
      counter: t.counter,
      what: `pull request #${number}`,
    })
  ).data;
  if (!pull) return null;
  const state = pullState(pull);
  const action = state === 'merged' || state === 'closed' ? state : 'opened';
  return pullEvent(t.ctx, pull, {
    id: `${t.idBase}:pull:${number}`,
    action,
    actor: pull.user?.login ?? 'unknown',
    createdAt: pull.updated_at ?? EPOCH,
  });
}

async function describeCommit(t: Target, sha: string): Promise<ForgeEvent | null> {
  const commit = (
    await t.args.client.get(`${t.repoPath}/commits/${sha}`, commitSchema, { counter: t.counter, what: `commit ${sha}` })
  ).data;
  if (!commit) return null;
  const summary = commitSummary(commit, t.ctx.repoUrl);
  return githubEvent(t.ctx, {
    id: `${t.idBase}:commit:${commit.sha}`,
    event: 'commits',
    action: 'pushed',
    title: summary.title,
    url: summary.url,
    actor: summary.author,
    createdAt: commit.commit.author?.date ?? commit.commit.committer?.date ?? EPOCH,
    details: { kind: 'push', commits: [summary], totalCommits: 1, compareUrl: null, before: null, after: commit.sha },
  });
}

async function describeRun(t: Target, runId: number): Promise<ForgeEvent | null> {
  const { client, logger } = t.args;
  const run = (
    await client.get(`${t.repoPath}/actions/runs/${runId}`, runSchema, {
      counter: t.counter,
      what: `workflow run ${runId}`,
    })
  ).data;
  if (!run) return null;
  const failed = run.status === 'completed' && run.conclusion !== 'success';
  const failedJobs = failed
    ? await readFailedJobs({ client, repoPath: t.repoPath, counter: t.counter, logger }, run.id)
    : [];
  return runEvent(t.ctx, run, failedJobs, `${t.idBase}:run:${run.id}`);
}
