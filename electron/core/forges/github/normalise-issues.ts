import { z } from 'zod';
import type { FeedEntry } from './feed-entry.js';
import { hasNamelessLabels, issueSchema } from './schemas.js';
import { feedSeq, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';
import { issueEvent } from './subject-events.js';

/** `assigned` is read for personal notifications only (never posted to a channel: filters.ts). */
const ACTIONS = new Set(['opened', 'closed', 'reopened', 'assigned']);

const issuesPayload = z.object({
  action: z.string(),
  issue: z.object({ number: z.number() }).and(z.record(z.string(), z.unknown())),
  /** Who was just assigned (`assigned`); the thinned Events API may leave it out. */
  assignee: z
    .object({ login: z.string() })
    .nullish()
    .catch(null)
    .transform((user) => user?.login ?? null)
    .optional(),
});

/** IssuesEvent opened/closed/reopened → `issues`, with the issue's current labels and state. */
export async function normaliseIssue(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = issuesPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('IssuesEvent without action/issue number');
  const { action, issue } = parsed.data;
  if (!ACTIONS.has(action)) return skip(`issue action ${action} is not notified`);
  // Unlike push and pull request events, IssuesEvent still carries the whole issue (labels and state as of the
  // event): read the issue only when the payload is incomplete (labels filter events: a label without its name
  // counts as incomplete), which saves a request per issue event.
  const carried = hasNamelessLabels(issue.labels) ? undefined : issueSchema.safeParse(issue).data;
  const data = carried ?? (await ctx.hydrator.issue(issue.number));
  if (!data) return skip(`issue #${issue.number} could not be read`);
  const event = issueEvent(ctx.repo, data, {
    id: `${ctx.repo.accountId}:gh:${entry.id}`,
    action,
    actor: entry.actor.login,
    createdAt: entry.created_at,
    ...feedSeq(entry),
  });
  const target = action === 'assigned' ? parsed.data.assignee : null;
  if (target) event.involved = { ...event.involved, targets: [target] };
  return event;
}
