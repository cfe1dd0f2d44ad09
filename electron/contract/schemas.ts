import { z } from 'zod/mini';
import { EVENT_NAMES, eventNameSchema } from './vocabulary/event-names.js';
import { FIX_PLACES } from './vocabulary/delivery-errors.js';
import { DESTINATION_KINDS, type FeedFate, feedFateSchema } from './vocabulary/feed-fates.js';
import { forgeSchema } from './vocabulary/forges.js';
import { branchesSchema, labelsSchema, storedBranchesSchema } from './vocabulary/subscription-filters.js';
import {
  actorsSchema,
  channelDigestSchema,
  loginSchema,
  NOTIFY_REASONS,
  notifyReasonSchema,
  quietHoursSchema,
  slackUserIdSchema,
  timeZoneSchema,
} from './vocabulary/people.js';

/**
 * Data shapes that cross between engine and UI. No secret ever appears here:
 * tokens are write-only (set through a method, reported back as `tokenSet: true`).
 * Written with zod/mini: the UI validates every push with these, at a fraction of full zod's size.
 */

export const slackConnectionState = z.enum(['disabled', 'connecting', 'connected', 'reconnecting', 'failed']);

export const slackStatusSchema = z.object({
  mode: z.enum(['bot', 'webhook', 'none']),
  socket: slackConnectionState,
  socketError: z.nullable(z.string()),
  team: z.nullable(z.string()),
  botUser: z.nullable(z.string()),
  error: z.nullable(z.string()),
});

export const accountStatusSchema = z.object({
  id: z.string(),
  forge: forgeSchema,
  apiUrl: z.string(),
  login: z.nullable(z.string()),
  state: z.enum(['unknown', 'ok', 'degraded', 'error']),
  error: z.nullable(z.string()),
  rateLimit: z.nullable(
    z.object({
      limit: z.nullable(z.number()),
      remaining: z.nullable(z.number()),
      resetAt: z.nullable(z.string()),
    }),
  ),
  lastPollAt: z.nullable(z.string()),
  /** How the account is read right now, in a sentence (GraphQL batching, organisation feeds in use…), if known. */
  reading: z.optional(z.nullable(z.string())),
});

/** An error nobody caught in the engine's process (`forgebell serve`), as shown in Diagnostics. Redacted. */
export const processFaultSchema = z.object({
  at: z.string(),
  kind: z.enum(['unhandledRejection', 'uncaughtException']),
  message: z.string(),
  /** True when it made the process stop (going on would have been unsafe). */
  fatal: z.boolean(),
});

/** A stored secret the engine could not open (wrong key, sealed by the other shell): treated as missing until fixed. */
export const unreadableSecretSchema = z.object({
  /** Which secret: `slack.botToken`, `accounts.<id>.token`, `proxy.url`… */
  field: z.string(),
  /** What happened and what to do, in a sentence or two. */
  message: z.string(),
});

/** Deliveries that failed for the same cause (error code), with what to do: one "Retry all (N)" each. */
export const failureGroupSchema = z.object({
  /** Slack's error code (`invalid_auth`, `channel_not_found`…); null when the cause is unknown. */
  code: z.nullable(z.string()),
  count: z.number(),
  reason: z.string(),
  fix: z.nullable(z.string()),
  fixAt: z.nullable(z.enum(FIX_PLACES)),
  /** The channels (or people) they were for. */
  targets: z.array(z.string()),
});

/** A channel a subscription posts to that does not work: missing, archived, or without the bot. */
export const channelProblemSchema = z.object({ channel: z.string(), problem: z.string(), fix: z.string() });

export const statusSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'serve']),
  slack: slackStatusSchema,
  accounts: z.array(accountStatusSchema),
  subscriptions: z.object({ total: z.number(), enabled: z.number() }),
  paused: z.nullable(z.object({ until: z.nullable(z.string()), mode: z.enum(['hold', 'drop']) })),
  outbox: z.object({ pending: z.number(), failed: z.number() }),
  /** What is failed right now, grouped by cause (the counter's breakdown). */
  failures: z.optional(z.array(failureGroupSchema)),
  unread: z.number(),
  /** A problem of the engine itself (a full disk, a database error) in a sentence with what to do; null when all is well. */
  problem: z.optional(z.nullable(z.string())),
  /** People (docs/cli-and-config.md §4): how many, signed in on at least one account, with a problem (DM refused, inbox). */
  people: z.optional(z.object({ total: z.number(), signedIn: z.number(), problems: z.number() })),
  /**
   * What waits for the owner (the tray's and the feed's "For you" count): from the review queue (docs/cli-and-config.md
   * §5) — reviews asked of them, their open pull/merge requests, their assigned issues — once it has been read; until
   * then their personal notifications not yet looked at. Null without an owner.
   */
  forYou: z.optional(z.nullable(z.number())),
  /** Stored secrets that could not be opened; they count as not set until re-entered or the right key is given. */
  unreadableSecrets: z.optional(z.array(unreadableSecretSchema)),
  /** Errors nobody caught in this process (serve): how many so far and the last few. */
  processFaults: z.optional(z.object({ total: z.number(), recent: z.array(processFaultSchema) })),
});

/** What a pattern subscription (`owner/*`, `group/**`: docs/cli-and-config.md §6) covers right now. */
export const patternStateSchema = z.object({
  /** "every repository of octo-org". */
  description: z.string(),
  /** Repositories followed now (archived and excluded ones left out); null until the forge was first listed. */
  members: z.nullable(z.number()),
  listedAt: z.nullable(z.string()),
  /** A sentence when something needs attention: it matches nothing, the forge refused the listing (and why). */
  warning: z.nullable(z.string()),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  account: z.string(),
  forge: z.nullable(forgeSchema),
  /** One repository, or a pattern (`owner/*`, `group/*`, `group/**`). */
  repo: z.string(),
  /** Globs of repositories a pattern leaves out. */
  excludeRepos: z.optional(z.array(z.string())),
  /** Set for pattern subscriptions. */
  pattern: z.optional(z.nullable(patternStateSchema)),
  enabled: z.boolean(),
  events: z.array(eventNameSchema),
  channel: z.nullable(z.string()),
  channels: z.partialRecord(eventNameSchema, z.string()),
  branches: storedBranchesSchema,
  labels: labelsSchema,
  onlyBrokenPipelines: z.boolean(),
  drafts: z.boolean(),
  threads: z.boolean(),
  mentions: z.boolean(),
  reactions: z.boolean(),
  actors: actorsSchema,
  createdAt: z.string(),
  lastEventAt: z.nullable(z.string()),
  error: z.nullable(z.string()),
  /** Channels it posts to that do not work (checked when saved, at start, and by deliveries): only it is broken. */
  channelProblems: z.optional(z.array(channelProblemSchema)),
});

export const subscriptionInputSchema = z.object({
  account: z.string().check(z.minLength(1)),
  repo: z.string().check(z.minLength(1)),
  excludeRepos: z.optional(z.array(z.string().check(z.minLength(1)))),
  enabled: z.optional(z.boolean()),
  events: z.optional(z.array(eventNameSchema)),
  channel: z.optional(z.nullable(z.string().check(z.minLength(1)))),
  channels: z.optional(z.partialRecord(eventNameSchema, z.string().check(z.minLength(1)))),
  branches: z.optional(branchesSchema),
  labels: z.optional(labelsSchema),
  onlyBrokenPipelines: z.optional(z.boolean()),
  drafts: z.optional(z.boolean()),
  threads: z.optional(z.boolean()),
  mentions: z.optional(z.boolean()),
  reactions: z.optional(z.boolean()),
  actors: z.optional(actorsSchema),
});

/** What a feed row is about: one of the event names, or `repository` (a pattern subscription's membership changed). */
export const FEED_EVENTS = [...EVENT_NAMES, 'repository'] as const;
export const feedEventSchema = z.enum(FEED_EVENTS);

/** Where the fix for a failed delivery is made: Setup → Slack (tokens, scopes), the subscription, or Diagnostics. */
export const fixPlaceSchema = z.enum(FIX_PLACES);

/** One place an event went (or did not go), with its own fate. */
export const feedDestinationSchema = z.object({
  id: z.number(),
  kind: z.enum(DESTINATION_KINDS),
  /** The channel name or ID (channel), the Slack user ID (dm); null for the desktop. */
  target: z.nullable(z.string()),
  /** The subscription that sent it here or filtered it (a test message names its subscription); null for a DM. */
  subscriptionId: z.nullable(z.string()),
  fate: feedFateSchema,
  /** Why it was filtered, held or failed, in words. */
  reason: z.nullable(z.string()),
  /** What to do about a failure, in words. */
  fix: z.nullable(z.string()),
  fixAt: z.nullable(fixPlaceSchema),
  /** The raw error as the service gave it (`channel_not_found`) and its message: the cause failures are grouped by. */
  errorCode: z.nullable(z.string()),
  error: z.nullable(z.string()),
  slackLink: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.string()),
});

/** One forge event in the feed, with every destination it had. `fate` is derived from theirs (overallFate). */
export const feedItemSchema = z.object({
  id: z.number(),
  eventId: z.string(),
  /** One of the event names, or `repository` (a pattern subscription's membership changed: fate `notice`). */
  event: feedEventSchema,
  action: z.string(),
  forge: forgeSchema,
  repo: z.string(),
  actor: z.string(),
  summary: z.string(),
  url: z.string(),
  createdAt: z.string(),
  fate: feedFateSchema,
  destinations: z.array(feedDestinationSchema),
});

export const feedQuerySchema = z.object({
  beforeId: z.optional(z.int()),
  limit: z._default(z.int().check(z.gte(1), z.lte(1000)), 100),
  repo: z.optional(z.string()),
  event: z.optional(eventNameSchema),
  /** Events with at least one destination of this fate. */
  fate: z.optional(feedFateSchema),
  text: z.optional(z.string().check(z.maxLength(200))),
  /** "For you": only the owner's personal notifications (DMs). */
  forMe: z.optional(z.boolean()),
});

export const verifyResultSchema = z.object({
  ok: z.boolean(),
  summary: z.string(),
  /** One line per check; `optional` marks one not met that only turns a feature off (not a failure). */
  details: z.array(
    z.object({ ok: z.boolean(), label: z.string(), message: z.string(), optional: z.optional(z.boolean()) }),
  ),
});

/** One place `settings.testProxy` tried to reach with a proxy not saved yet. */
export const proxyProbeSchema = z.object({
  /** What the place is: "Slack", or an account id. */
  target: z.string(),
  url: z.string(),
  /** The proxy it went through, or null for a direct connection (no proxy, or on the bypass list). */
  via: z.nullable(z.string()),
  ok: z.boolean(),
  /** What happened, in words: "answered (HTTP 200)" or the cause and fix. */
  message: z.string(),
});

export const doctorCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string(),
  fix: z.nullable(z.string()),
});

export const redactedSettingsSchema = z.object({
  pollIntervalSeconds: z.number(),
  /** Days the feed and delivered messages are kept. */
  retentionDays: z.number(),
  slack: z.object({
    botTokenSet: z.boolean(),
    appTokenSet: z.boolean(),
    webhookUrlSet: z.boolean(),
    apiUrl: z.string(),
    defaultChannel: z.nullable(z.string()),
    username: z.nullable(z.string()),
    iconUrl: z.nullable(z.string()),
    commandUsers: z.array(z.string()),
  }),
  accounts: z.array(
    z.object({
      id: z.string(),
      forge: forgeSchema,
      apiUrl: z.string(),
      tokenSet: z.boolean(),
      caFile: z.nullable(z.string()),
      /** The OAuth app `/forgebell signin` uses (not a secret). */
      clientId: z.optional(z.nullable(z.string())),
    }),
  ),
  /** The person who runs this Forgebell (a Slack user ID), or null. */
  owner: z.optional(z.nullable(z.string())),
  /** The manual proxy URL without its password (a secret, never sent to the UI); `passwordSet` says one is stored. */
  proxy: z.object({
    mode: z.enum(['system', 'manual', 'none']),
    url: z.nullable(z.string()),
    passwordSet: z.boolean(),
    /** Hosts that skip the manual proxy, NO_PROXY style. */
    noProxy: z.nullable(z.string()),
  }),
  desktop: z.object({
    notifications: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    launchAtLogin: z.boolean(),
  }),
});

/** One account as a person's row on the People screen shows it. */
export const personAccountSchema = z.object({
  account: z.string(),
  forge: forgeSchema,
  login: z.nullable(z.string()),
  /** A token of theirs is stored (from /forgebell signin, the app or a file). */
  signedIn: z.boolean(),
  /**
   * Their inbox: read, or why not (a fine-grained token, a refused token, an error). `backedOffSeconds`: a busy inbox
   * whose news all come from subscribed repositories is read this often instead of every poll interval (null: every
   * poll interval).
   */
  inbox: z.nullable(
    z.object({
      state: z.enum(['reading', 'ok', 'unavailable', 'error']),
      message: z.nullable(z.string()),
      backedOffSeconds: z.nullable(z.number()),
    }),
  ),
  /** The login does not exist on the forge (checked with the account's token; null when unknown or not checked). */
  loginProblem: z.nullable(z.string()),
});

/** A person as the People screen shows them: never a token. */
export const personViewSchema = z.object({
  slack: z.string(),
  /** Their Slack display and real name, when Slack says. */
  name: z.nullable(z.string()),
  realName: z.nullable(z.string()),
  accounts: z.array(personAccountSchema),
  notify: z.array(z.enum(NOTIFY_REASONS)),
  timeZone: z.string(),
  quietHours: z.nullable(z.object({ from: z.string(), to: z.string(), weekends: z.boolean() })),
  /** The last DM Slack refused for good, with what to do; null when DMs get through. */
  dmProblem: z.nullable(z.string()),
  /** The person who runs this Forgebell (desktop notifications, "For you", the tray count). */
  owner: z.boolean(),
});

/** What the People screen saves (add or edit; `previous` renames the Slack user of an existing person). */
export const personInputSchema = z.strictObject({
  slack: slackUserIdSchema,
  previous: z.optional(z.string()),
  accounts: z.record(z.string(), loginSchema),
  notify: z.array(notifyReasonSchema),
  timeZone: timeZoneSchema,
  quietHours: z.nullable(quietHoursSchema),
});

/** A personal notification of the owner (docs/cli-and-config.md §4): the desktop shows it as an OS notification. */
export const personalNoticeSchema = z.object({
  reason: z.enum(NOTIFY_REASONS),
  title: z.string(),
  body: z.string(),
  url: z.nullable(z.string()),
  /** When set, the feed row it belongs to. */
  feedId: z.nullable(z.number()),
});

/** One account's requests minute by minute over the last hour, against its forge's limits (Diagnostics' chart). */
export const requestBudgetSchema = z.object({
  account: z.string(),
  forge: forgeSchema,
  /** Oldest first, one per minute of the last hour (zeros included). `requests` counts 304s too. */
  minutes: z.array(z.object({ at: z.string(), requests: z.number(), notModified: z.number() })),
  /**
   * The forge's budget as it last reported it: GitHub's primary budget per hour (304s are free), GitLab's requests per
   * minute. `window` says which; null values when the forge did not say.
   */
  limit: z.nullable(z.number()),
  remaining: z.nullable(z.number()),
  resetAt: z.nullable(z.string()),
  window: z.enum(['hour', 'minute']),
  /** The most requests a minute Forgebell allows itself (GitHub's secondary limit is 900, 304s included); null: none. */
  perMinuteCap: z.nullable(z.number()),
});

/** What a config import would add, change and remove (shown, and asked, before anything changes). */
export const importPlanSchema = z.object({
  accounts: z.object({ added: z.array(z.string()), updated: z.array(z.string()), removed: z.array(z.string()) }),
  subscriptions: z.object({
    added: z.array(z.string()),
    updated: z.array(z.string()),
    unchanged: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  settings: z.array(z.string()),
  forgotten: z.array(z.string()),
});

export const logLineSchema = z.object({
  time: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

export type Status = z.infer<typeof statusSchema>;
export type ProcessFault = z.infer<typeof processFaultSchema>;
export type UnreadableSecret = z.infer<typeof unreadableSecretSchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type PatternState = z.infer<typeof patternStateSchema>;
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;
export type FeedItem = z.infer<typeof feedItemSchema>;
export type FeedQuery = z.input<typeof feedQuerySchema>;
export type FeedEvent = z.infer<typeof feedEventSchema>;
export type FeedDestination = z.infer<typeof feedDestinationSchema>;
export type FixPlace = z.infer<typeof fixPlaceSchema>;
export type FailureGroup = z.infer<typeof failureGroupSchema>;
export type ChannelProblem = z.infer<typeof channelProblemSchema>;
export type { FeedFate };
export { feedFateSchema };
export type VerifyResult = z.infer<typeof verifyResultSchema>;
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;
export type ProxyProbe = z.infer<typeof proxyProbeSchema>;
export type RedactedSettings = z.infer<typeof redactedSettingsSchema>;
export type LogLineDto = z.infer<typeof logLineSchema>;
export type PersonalNoticeDto = z.infer<typeof personalNoticeSchema>;
export type PersonView = z.infer<typeof personViewSchema>;
export type PersonAccount = z.infer<typeof personAccountSchema>;
export type PersonInput = z.input<typeof personInputSchema>;
export type RequestBudget = z.infer<typeof requestBudgetSchema>;

/** A channel digest (docs/cli-and-config.md §5) as the Digests screen shows it: the entry, its key and its runs. */
export const digestViewSchema = z.object({
  /** Stable while channel and repositories stay the same: how the screen names it to edit, remove or send. */
  key: z.string(),
  digest: channelDigestSchema,
  /** When it posts next (ISO), null when it has no day in the next week. */
  nextAt: z.nullable(z.string()),
  /** The last scheduled run since Forgebell started: queued, or waiting (a forge's limit) and why. */
  lastRun: z.nullable(
    z.object({ state: z.enum(['queued', 'waiting']), day: z.string(), message: z.string(), at: z.string() }),
  ),
});

/**
 * One Block Kit block of a digest as it would post, flattened for reading: its mrkdwn/plain texts in order and its
 * buttons' links. `json` in the preview is the exact payload.
 */
export const previewBlockSchema = z.object({
  type: z.string(),
  texts: z.array(z.string()),
  links: z.array(z.object({ text: z.string(), url: z.string() })),
});

export const digestPreviewSchema = z.object({
  /** The notification text Slack shows (and what screen readers and the fallback get). */
  text: z.string(),
  blocks: z.array(previewBlockSchema),
  /** The message exactly as it would be posted (text and blocks), pretty-printed. */
  json: z.string(),
  /** Repositories it covers now (subscriptions, patterns' members) and what could not be read. */
  repositories: z.number(),
  /** Why it would wait instead of posting (a forge's limit), null when it would post. */
  waits: z.nullable(z.string()),
});
export type DigestView = z.infer<typeof digestViewSchema>;
export type DigestPreview = z.infer<typeof digestPreviewSchema>;
export type PreviewBlock = z.infer<typeof previewBlockSchema>;
export type ImportPlan = z.infer<typeof importPlanSchema>;
