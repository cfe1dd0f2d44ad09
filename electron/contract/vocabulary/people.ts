import { z } from 'zod/mini';

/**
 * The people vocabulary of docs/cli-and-config.md §4, shared by config import, the contract, the engine and the UI:
 * Slack user IDs, the six notify reasons and what a DM says for each, clock times, time zones, quiet hours, digest
 * days and a subscription's actor filter. Written with zod/mini: the renderer bundles it. No engine import.
 */

/** `U…` (or `W…` on Enterprise Grid): what `slack` and `commandUsers` hold. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const slackUserIdSchema = z
  .string()
  .check(z.regex(SLACK_USER_ID, 'a Slack user ID looks like U0123ABCD (Slack: profile → ⋮ → Copy member ID)'));

export const NOTIFY_REASONS = [
  'review_requested',
  'mentioned',
  'assigned',
  'my_pulls_reviewed',
  'my_pulls_merged',
  'my_pipelines_failed',
] as const;
export type NotifyReason = (typeof NOTIFY_REASONS)[number];
export const notifyReasonSchema = z.enum(NOTIFY_REASONS, {
  error: (issue) => `unknown notify reason ${JSON.stringify(issue.input)}; use one of ${NOTIFY_REASONS.join(', ')}`,
});

/** How the People screen and `/forgebell me` name each reason. */
export const REASON_LABELS: Readonly<Record<NotifyReason, string>> = {
  review_requested: 'Review requested from me',
  mentioned: 'Mentioned (@me)',
  assigned: 'Assigned to me',
  my_pulls_reviewed: 'My pull/merge requests reviewed',
  my_pulls_merged: 'My pull/merge requests merged or closed',
  my_pipelines_failed: 'My pipelines failed',
};

/** Why a DM was sent, as its first line says it. */
export const REASON_SENTENCES: Readonly<Record<NotifyReason, string>> = {
  review_requested: 'You were asked to review',
  mentioned: 'You were mentioned',
  assigned: 'You were assigned',
  my_pulls_reviewed: 'Your pull/merge request was reviewed',
  my_pulls_merged: 'Your pull/merge request was merged or closed',
  my_pipelines_failed: 'Your pipeline failed',
};

export function isNotifyReason(value: string): value is NotifyReason {
  return (NOTIFY_REASONS as readonly string[]).includes(value);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 24-hour. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const clockTimeSchema = z.string().check(z.regex(CLOCK_TIME, 'write the time as HH:MM (24-hour), e.g. 08:30'));

/** Minutes since midnight of a valid `HH:MM`. */
export function clockMinutes(value: string): number {
  const [h, m] = value.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Null when `zone` is an IANA time zone this runtime knows (Intl resolves it, DST rules included), else what to write.
 * `UTC` is always valid.
 */
export function timeZoneProblem(zone: string): string | null {
  if (zone.trim() === '') return 'the time zone must not be empty (an IANA name such as Europe/Berlin, or UTC)';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return null;
  } catch {
    return `unknown time zone "${zone}": use an IANA name such as Europe/Berlin, America/New_York or UTC`;
  }
}

export const timeZoneSchema = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = timeZoneProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

export const quietHoursSchema = z
  .strictObject({
    from: clockTimeSchema,
    to: clockTimeSchema,
    weekends: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.from === value.to)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: '"from" and "to" are the same time: quiet hours need a start and a different end',
          input: value,
        });
    }),
  );
export type QuietHours = z.output<typeof quietHoursSchema>;

/** `people[].digest` (docs/cli-and-config.md §5): the personal review-queue DM; the schema only, the digest is #15's. */
export const personalDigestSchema = z.strictObject({
  at: clockTimeSchema,
  days: z._default(z.array(z.enum(WEEKDAYS)).check(z.minLength(1, 'list at least one day')), [
    'mon',
    'tue',
    'wed',
    'thu',
    'fri',
  ]),
});

/** A repository of a digest: `<account-id>:<path>`, the path as in subscriptions (`owner/*`-style patterns allowed). */
export const digestRepoSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]*:[^\s/]+(\/[^\s/]+)+$/,
      'write a repository as <account-id>:<path>, e.g. github:octo-org/api',
    ),
  );

/** `digests[]` (docs/cli-and-config.md §5): a channel's review-queue message at a local time on some days. */
export const channelDigestSchema = z.strictObject({
  channel: z.string().check(
    z.minLength(1, 'channel must not be empty'),
    z.refine((v) => !v.startsWith('#'), 'write the channel name without "#"'),
  ),
  at: clockTimeSchema,
  days: z._default(z.array(z.enum(WEEKDAYS)).check(z.minLength(1, 'list at least one day')), [
    'mon',
    'tue',
    'wed',
    'thu',
    'fri',
  ]),
  timeZone: z._default(timeZoneSchema, 'UTC'),
  repos: z._default(z.array(digestRepoSchema), []),
  ignoreDrafts: z._default(z.boolean(), true),
  staleAfterDays: z._default(
    z.number().check(z.int('a whole number of working days'), z.minimum(1, 'at least 1 working day')),
    2,
  ),
});
export type ChannelDigest = z.output<typeof channelDigestSchema>;

/** The word in `actors.only` that stands for every person's login on the subscription's account. */
export const PEOPLE_WORD = '@people';

const actorPattern = z.string().check(
  z.minLength(1, 'an actor entry must not be empty'),
  z.superRefine((value, ctx) => {
    if (/\s/.test(value.trim()))
      ctx.addIssue({ code: 'custom', message: 'a login or glob cannot contain spaces', input: value });
    else if (value.startsWith('@') && value !== PEOPLE_WORD)
      ctx.addIssue({
        code: 'custom',
        message: `write logins without "@" ("${value.slice(1)}"); "${PEOPLE_WORD}" is the only word with one`,
        input: value,
      });
  }),
);

/** A subscription's actor filter (docs/cli-and-config.md §4 "Actors"). */
export const actorsSchema = z.strictObject({
  bots: z._default(z.boolean(), true),
  exclude: z._default(z.array(actorPattern), []),
  only: z._default(z.array(actorPattern), []),
});
export type ActorFilter = z.output<typeof actorsSchema>;
export const DEFAULT_ACTORS: ActorFilter = { bots: true, exclude: [], only: [] };

/** A forge login as a person's `accounts` value: no spaces, no leading "@". */
export const loginSchema = z
  .string()
  .check(
    z.minLength(1, 'the login must not be empty'),
    z.regex(/^[^\s@][^\s]*$/, 'write the forge login without "@" and without spaces'),
  );
