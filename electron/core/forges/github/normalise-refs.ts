import { z } from 'zod';
import type { CommitSummary } from '../../events/forge-event.js';
import { firstLine, plural } from './event-base.js';
import type { FeedEntry } from './feed-entry.js';
import type { CommitData } from './schemas.js';
import { feedEvent, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';

const ZERO = /^0+$/;
/** Commit lines kept on a push card (the newest ones); totalCommits says how many there were. */
const MAX_COMMITS = 20;

const pushPayload = z.object({
  ref: z.string(),
  head: z.string(),
  before: z.string(),
  size: z.number().nullish(),
});

export function commitSummary(commit: CommitData, fallbackUrl: string): CommitSummary {
  return {
    sha: commit.sha,
    title: firstLine(commit.commit.message),
    author: commit.author?.login ?? commit.commit.author?.name ?? 'unknown',
    url: commit.html_url ?? `${fallbackUrl}/commit/${commit.sha}`,
  };
}

/** PushEvent (thin: ref, head, before) → `commits`, with the commits read from compare. Tag pushes, deletions and empty pushes are skipped. */
export async function normalisePush(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = pushPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('PushEvent without ref/head/before');
  const { ref, head, before } = parsed.data;
  if (!ref.startsWith('refs/heads/')) return skip(`push to ${ref} is not a branch push`);
  const branch = ref.slice('refs/heads/'.length);
  if (ZERO.test(head)) return skip(`push deleting ${branch}`);
  if (head === before) return skip(`push to ${branch} without new commits`);
  const newBranch = ZERO.test(before);
  // A push nobody's branch filter wants is reported without reading its commits (it will be filtered anyway).
  const hydrate = (await ctx.branchWanted?.(branch, { defaultBranch: ctx.defaultBranch ?? null })) ?? true;
  const base = !hydrate ? null : newBranch ? await ctx.hydrator.defaultBranch() : before;
  const comparison = base ? await ctx.hydrator.compare(base, head) : null;
  const repoUrl = ctx.repo.repoUrl;
  if (comparison?.total_commits === 0) return skip(`push to ${branch} without new commits`);
  // Without a comparison (history rewritten, no access) the push is still reported, just without its commit list.
  const total = comparison?.total_commits ?? parsed.data.size ?? null;
  const commits = (comparison?.commits ?? []).slice(-MAX_COMMITS).map((commit) => commitSummary(commit, repoUrl));
  const compareUrl = newBranch
    ? (comparison?.html_url ?? null)
    : `${repoUrl}/compare/${before.slice(0, 12)}...${head.slice(0, 12)}`;
  return feedEvent(ctx, entry, {
    event: 'commits',
    action: 'pushed',
    title: total === null ? `New commits pushed to ${branch}` : `${plural(total, 'new commit')} pushed to ${branch}`,
    url: compareUrl ?? `${repoUrl}/commit/${head}`,
    branch,
    details: {
      kind: 'push',
      commits,
      totalCommits: total ?? commits.length,
      compareUrl,
      before: newBranch ? null : before,
      after: head,
    },
  });
}

const refPayload = z.object({ ref: z.string().nullish(), ref_type: z.string() });

/** CreateEvent / DeleteEvent → `tags` (created) or `branches` (created, deleted). */
export function normaliseRef(ctx: NormaliseContext, entry: FeedEntry, action: 'created' | 'deleted'): Normalised {
  const parsed = refPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed(`${entry.type} without ref_type`);
  const { ref, ref_type: refType } = parsed.data;
  if (refType !== 'branch' && refType !== 'tag') return skip(`${entry.type} for a ${refType}`);
  if (!ref) return malformed(`${entry.type} without a ref name`);
  if (refType === 'tag' && action === 'deleted') return skip('tag deletions are not notified');
  const repoUrl = ctx.repo.repoUrl;
  const url =
    refType === 'tag'
      ? `${repoUrl}/releases/tag/${encodeURIComponent(ref)}`
      : action === 'created'
        ? `${repoUrl}/tree/${encodeURIComponent(ref)}`
        : `${repoUrl}/branches`;
  return feedEvent(ctx, entry, {
    event: refType === 'tag' ? 'tags' : 'branches',
    action,
    title: `${refType === 'tag' ? 'Tag' : 'Branch'} ${ref} ${action}`,
    url,
    branch: refType === 'branch' ? ref : null,
    details: { kind: 'ref', refType, ref },
  });
}
