import { z } from 'zod';
import { apiUrlProblem } from '../../contract/vocabulary/api-url.js';
import { DEFAULT_EVENTS, eventNameSchema, type EventName } from '../../contract/vocabulary/event-names.js';
import {
  FORGES,
  FORGE_LABELS,
  type ForgeKind,
  availableEvents,
  unavailableEventReason,
} from '../../contract/vocabulary/forges.js';
import { formatJsonPath } from '../../contract/vocabulary/json-path.js';
import { excludeGlobProblem, isRepoPattern, repoPatternProblem } from '../../contract/vocabulary/repo-pattern.js';
import { branchesSchema, labelsSchema } from '../../contract/vocabulary/subscription-filters.js';
import {
  actorsSchema,
  channelDigestSchema,
  DEFAULT_ACTORS,
  loginSchema,
  NOTIFY_REASONS,
  notifyReasonSchema,
  personalDigestSchema,
  quietHoursSchema,
  slackUserIdSchema,
  timeZoneSchema,
} from '../../contract/vocabulary/people.js';
import { repoPathProblem } from '../forges/repo-path.js';

/**
 * Config file version 1, exactly as in docs/cli-and-config.md §2.
 * Unknown keys are rejected (strict objects) so typos surface with their JSON path.
 * The vocabulary it shares with the contract and the UI (event names, forges, filters) lives in electron/contract.
 */

const httpUrl = z
  .string()
  .url('must be an http(s) URL')
  .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://');

/** A URL that receives a token: https, or http only on loopback (docs/cli-and-config.md §8). */
const apiUrl = httpUrl.superRefine((value, ctx) => {
  const problem = apiUrlProblem(value);
  if (problem && /^https?:\/\//i.test(value)) ctx.addIssue({ code: 'custom', message: problem });
});

const channelRef = z
  .string()
  .min(1, 'channel must not be empty')
  .refine((v) => !v.startsWith('#'), 'write the channel name without "#"');

/**
 * Event lists that came from the default (the file left `events` out). Those are narrowed to what the account's forge
 * can produce (a Gitea subscription without `events` gets no `deployments`); a list the file spells out is checked.
 */
const defaultedEvents = new WeakSet<readonly string[]>();
function defaultEventList(): EventName[] {
  const list = [...DEFAULT_EVENTS];
  defaultedEvents.add(list);
  return list;
}

export const subscriptionFileSchema = z
  .object({
    account: z.string().min(1),
    repo: z
      .string()
      .min(1)
      .superRefine((v, ctx) => {
        // A pattern (docs/cli-and-config.md §6): its shape here, what the account's forge allows below.
        const problem = isRepoPattern(v)
          ? repoPatternProblem(v, null)
          : repoPathProblem(v) === null
            ? null
            : `must be owner/name (GitHub, Gitea) or group/subgroup/project (GitLab), or a pattern such as owner/* (§6): ${repoPathProblem(v)}`;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    /** Globs of repositories a pattern subscription leaves out (docs/cli-and-config.md §6). */
    excludeRepos: z
      .array(
        z.string().superRefine((v, ctx) => {
          const problem = excludeGlobProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .optional(),
    enabled: z.boolean().default(true),
    events: z.array(eventNameSchema).default(defaultEventList),
    channel: channelRef.nullable().optional(),
    channels: z.partialRecord(eventNameSchema, channelRef).default({}),
    branches: z._default(branchesSchema, 'default'),
    labels: z._default(labelsSchema, { include: [], exclude: [], match: 'any' }),
    onlyBrokenPipelines: z.boolean().default(true),
    drafts: z.boolean().default(false),
    threads: z.boolean().default(true),
    /** §4: forge users who are people appear as Slack mentions on this subscription's cards. */
    mentions: z.boolean().default(true),
    /** §4: thread parents carry one reaction for the item's state (approved, merged, closed, checks failed). */
    reactions: z.boolean().default(true),
    /** §4 "Actors": bots, exclude, only (logins, globs, "@people"). */
    actors: z._default(actorsSchema, DEFAULT_ACTORS),
  })
  .strict();

/**
 * One person (docs/cli-and-config.md §4): a Slack user, their login per account, their own tokens (secrets, exported
 * as null; a null or a missing key on import keeps the stored one — a sign-in belongs to the person), what they are
 * notified about, their time zone, quiet hours and personal digest.
 */
export const personFileSchema = z
  .object({
    slack: slackUserIdSchema,
    accounts: z.record(z.string(), loginSchema).default({}),
    tokens: z.record(z.string(), z.string().min(1, 'a token must not be empty').nullable()).default({}),
    notify: z.array(notifyReasonSchema).default(() => [...NOTIFY_REASONS]),
    timeZone: z._default(timeZoneSchema, 'UTC'),
    quietHours: z._default(z.nullable(quietHoursSchema), null),
    digest: z._default(z.nullable(personalDigestSchema), null),
  })
  .strict();

export const accountFileSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        'use letters, digits, "-", "_" or "." (it is used as <account-id>:<path>)',
      ),
    forge: z.enum(FORGES),
    apiUrl,
    token: z.string().min(1, 'token must not be empty').nullable(),
    caFile: z.string().min(1).nullable().default(null),
    /**
     * The OAuth app's client ID `/forgebell signin` uses (GitHub/GHES: an OAuth app with device flow enabled;
     * GitLab ≥ 17.2: an OAuth application with the device authorization grant). Public, not a secret.
     */
    clientId: z.string().min(1).nullable().optional(),
  })
  .strict();

export const slackFileSchema = z
  .object({
    botToken: z
      .string()
      .startsWith('xoxb-', 'a bot token starts with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)')
      .nullable()
      .default(null),
    appToken: z
      .string()
      .startsWith('xapp-', 'an app-level token starts with "xapp-" (Basic Information → App-Level Tokens)')
      .nullable()
      .default(null),
    webhookUrl: httpUrl.nullable().default(null),
    apiUrl: apiUrl.default('https://slack.com/api/'),
    defaultChannel: channelRef.nullable().default(null),
    username: z.string().min(1).nullable().default('Forgebell'),
    iconUrl: httpUrl.nullable().default(null),
    commandUsers: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user ID looks like U0123ABCD')).default([]),
  })
  .strict();

export const configFileSchema = z
  .object({
    version: z.literal(1, { error: 'only config version 1 is supported' }),
    pollIntervalSeconds: z.number().int('must be a whole number of seconds').min(1, 'minimum is 1 second').default(60),
    /** Days the feed and delivered messages are kept (spec §8). */
    retentionDays: z.number().int('must be a whole number of days').min(1, 'minimum is 1 day').default(30),
    slack: slackFileSchema.default({
      botToken: null,
      appToken: null,
      webhookUrl: null,
      apiUrl: 'https://slack.com/api/',
      defaultChannel: null,
      username: 'Forgebell',
      iconUrl: null,
      commandUsers: [],
    }),
    accounts: z.array(accountFileSchema).default([]),
    subscriptions: z.array(subscriptionFileSchema).default([]),
    people: z.array(personFileSchema).default([]),
    /** §5: channel digests of the review queue. */
    digests: z.array(channelDigestSchema).default([]),
  })
  .strict()
  // Runs even when other parts of the file are wrong, so every problem is listed at once.
  .superRefine((cfg, ctx) => peopleProblems(cfg, ctx), { when: () => true })
  .superRefine((cfg, ctx) => digestProblems(cfg, ctx), { when: () => true })
  .superRefine((cfg, ctx) => {
    for (const p of crossFieldProblems(cfg)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  })
  .transform((cfg) => ({
    ...cfg,
    subscriptions: cfg.subscriptions.map((s) => {
      const forge = cfg.accounts.find((a) => a.id === s.account)?.forge;
      return forge && defaultedEvents.has(s.events) ? { ...s, events: availableEvents(forge, s.events) } : s;
    }),
  }));

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * People refer to accounts by id; one Slack user is one person; one login on one account is one person (two people
 * claiming it would make every mention and DM ambiguous). Reads the file defensively: it runs even when other parts
 * failed their own checks.
 */
function peopleProblems(cfg: unknown, ctx: z.RefinementCtx): void {
  const file = record(cfg);
  const accounts = Array.isArray(file.accounts) ? file.accounts : [];
  const accountIds = new Set(accounts.map((a) => record(a).id).filter((id) => typeof id === 'string'));
  const bySlack = new Map<string, number>();
  const byLogin = new Map<string, number>();
  (Array.isArray(file.people) ? file.people : []).forEach((entry, i) => {
    const person = record(entry);
    if (typeof person.slack === 'string') {
      const twin = bySlack.get(person.slack);
      if (twin !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'slack'],
          message: `Slack user ${person.slack} is already people[${twin}]: one entry per person`,
        });
      else bySlack.set(person.slack, i);
    }
    for (const [field, ids] of [
      ['accounts', Object.keys(record(person.accounts))],
      ['tokens', Object.keys(record(person.tokens))],
    ] as const)
      for (const id of ids)
        if (!accountIds.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['people', i, field, id],
            message: `no account with id "${id}" in accounts[]`,
          });
    for (const [account, login] of Object.entries(record(person.accounts))) {
      if (typeof login !== 'string') continue;
      const key = `${account}\u0000${login.toLowerCase()}`;
      const other = byLogin.get(key);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'accounts', account],
          message: `login "${login}" on account ${account} is already claimed by people[${other}]: a login belongs to one person`,
        });
      else byLogin.set(key, i);
    }
  });
}

/** A digest's repositories name accounts by id: each must exist. */
function digestProblems(cfg: unknown, ctx: z.RefinementCtx): void {
  const file = record(cfg);
  const accounts = Array.isArray(file.accounts) ? file.accounts : [];
  const accountIds = new Set(accounts.map((a) => record(a).id).filter((id) => typeof id === 'string'));
  (Array.isArray(file.digests) ? file.digests : []).forEach((entry, i) => {
    const repos = record(entry).repos;
    (Array.isArray(repos) ? repos : []).forEach((repo, j) => {
      if (typeof repo !== 'string' || !repo.includes(':')) return;
      const account = repo.slice(0, repo.indexOf(':'));
      if (!accountIds.has(account))
        ctx.addIssue({
          code: 'custom',
          path: ['digests', i, 'repos', j],
          message: `no account with id "${account}" in accounts[]`,
        });
    });
  });
}

export type ConfigFileInput = z.input<typeof configFileSchema>;
export type ConfigFile = z.output<typeof configFileSchema>;
export type AccountFile = z.output<typeof accountFileSchema>;
export type PersonFile = z.output<typeof personFileSchema>;

export interface ConfigProblem {
  path: string;
  message: string;
}

export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatJsonPath([...issue.path, key]),
          message: 'unknown key (check the spelling against the config format)',
        }))
      : [{ path: formatJsonPath(issue.path), message: issue.message }],
  );
}

/** The part of a config file the cross-field rules read; loose, so they also run on a file that fails elsewhere. */
interface LooseConfig {
  slack?: { defaultChannel?: unknown; webhookUrl?: unknown } | null;
  accounts?: unknown;
  subscriptions?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The rules across fields (duplicate account ids, subscriptions naming a missing account, duplicate subscriptions, no
 * channel to fall back to, events the account's forge cannot produce). They run on the parsed file, and on the raw
 * JSON when other fields fail, so that every problem is reported in one round, not after the rest are fixed.
 */
export function crossFieldProblems(cfg: LooseConfig): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const accounts = Array.isArray(cfg.accounts) ? cfg.accounts : [];
  const subscriptions = Array.isArray(cfg.subscriptions) ? cfg.subscriptions : [];
  const slack = isRecord(cfg.slack) ? cfg.slack : {};
  const forges = new Map<string, ForgeKind>();
  const ids = new Set<string>();
  accounts.forEach((a: unknown, i) => {
    if (!isRecord(a) || typeof a.id !== 'string') return;
    if (ids.has(a.id)) out.push({ path: ['accounts', i, 'id'], message: `duplicate account id "${a.id}"` });
    ids.add(a.id);
    if (typeof a.forge === 'string' && (FORGES as readonly string[]).includes(a.forge))
      forges.set(a.id, a.forge as ForgeKind);
  });
  const keys = new Set<string>();
  subscriptions.forEach((s: unknown, i) => {
    if (!isRecord(s)) return;
    const account = typeof s.account === 'string' ? s.account : null;
    const forge = account ? forges.get(account) : undefined;
    if (typeof s.repo === 'string' && isRepoPattern(s.repo)) {
      const problem = forge ? repoPatternProblem(s.repo, forge) : null;
      if (problem) out.push({ path: ['subscriptions', i, 'repo'], message: problem });
    } else if (Array.isArray(s.excludeRepos) && s.excludeRepos.length > 0) {
      out.push({
        path: ['subscriptions', i, 'excludeRepos'],
        message: 'excludeRepos is for pattern subscriptions (owner/*, group/**); this one names a single repository',
      });
    }
    if (forge) {
      // Events the account's forge cannot produce are refused where they are asked for (events and channels).
      if (Array.isArray(s.events) && !defaultedEvents.has(s.events))
        s.events.forEach((name: unknown, j) => {
          const reason = typeof name === 'string' ? unavailableEventReason(forge, name) : null;
          if (reason)
            out.push({
              path: ['subscriptions', i, 'events', j],
              message: `"${String(name)}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}`,
            });
        });
      for (const name of isRecord(s.channels) ? Object.keys(s.channels) : []) {
        const reason = unavailableEventReason(forge, name);
        if (reason)
          out.push({
            path: ['subscriptions', i, 'channels', name],
            message: `"${name}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}`,
          });
      }
    }
    if (account !== null && !ids.has(account))
      out.push({ path: ['subscriptions', i, 'account'], message: `no account with id "${account}" in accounts[]` });
    const channel =
      typeof s.channel === 'string'
        ? s.channel
        : typeof slack.defaultChannel === 'string'
          ? slack.defaultChannel
          : null;
    if (!channel && !slack.webhookUrl)
      out.push({
        path: ['subscriptions', i, 'channel'],
        message: 'no channel and no slack.defaultChannel to fall back to',
      });
    if (typeof s.repo !== 'string' || account === null) return;
    const key = `${account}\u0000${s.repo.toLowerCase()}\u0000${channel ?? ''}`;
    if (keys.has(key))
      out.push({ path: ['subscriptions', i], message: 'duplicate subscription (same account, repo and channel)' });
    keys.add(key);
  });
  return out;
}
