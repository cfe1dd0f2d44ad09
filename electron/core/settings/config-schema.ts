import { z } from 'zod';
import { apiUrlProblem } from '../../contract/vocabulary/api-url.js';
import { DEFAULT_EVENTS, eventNameSchema, type EventName } from '../../contract/vocabulary/event-names.js';
import { FORGES, FORGE_LABELS, availableEvents, unavailableEventReason } from '../../contract/vocabulary/forges.js';
import { formatJsonPath } from '../../contract/vocabulary/json-path.js';
import { branchesSchema, labelsSchema } from '../../contract/vocabulary/subscription-filters.js';

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
      .refine(
        (v) => /^[^\s/]+(\/[^\s/]+)+$/.test(v),
        'must be owner/name (GitHub, Gitea) or group/subgroup/project (GitLab)',
      ),
    enabled: z.boolean().default(true),
    events: z.array(eventNameSchema).default(defaultEventList),
    channel: channelRef.nullable().optional(),
    channels: z.partialRecord(eventNameSchema, channelRef).default({}),
    branches: z._default(branchesSchema, 'default'),
    labels: z._default(labelsSchema, { include: [], exclude: [], match: 'any' }),
    onlyBrokenPipelines: z.boolean().default(true),
    drafts: z.boolean().default(false),
    threads: z.boolean().default(true),
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
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.accounts.forEach((a, i) => {
      if (ids.has(a.id))
        ctx.addIssue({ code: 'custom', path: ['accounts', i, 'id'], message: `duplicate account id "${a.id}"` });
      ids.add(a.id);
    });
    const keys = new Set<string>();
    cfg.subscriptions.forEach((s, i) => {
      const forge = cfg.accounts.find((a) => a.id === s.account)?.forge;
      if (forge) {
        // Events the account's forge cannot produce are refused where they are asked for (events and channels).
        if (!defaultedEvents.has(s.events))
          s.events.forEach((name, j) => {
            const reason = unavailableEventReason(forge, name);
            if (reason)
              ctx.addIssue({
                code: 'custom',
                path: ['subscriptions', i, 'events', j],
                message: `"${name}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}`,
              });
          });
        for (const name of Object.keys(s.channels)) {
          const reason = unavailableEventReason(forge, name);
          if (reason)
            ctx.addIssue({
              code: 'custom',
              path: ['subscriptions', i, 'channels', name],
              message: `"${name}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}`,
            });
        }
      }
      if (!ids.has(s.account)) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', i, 'account'],
          message: `no account with id "${s.account}" in accounts[]`,
        });
      }
      const channel = s.channel ?? cfg.slack.defaultChannel;
      if (!channel && !cfg.slack.webhookUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', i, 'channel'],
          message: 'no channel and no slack.defaultChannel to fall back to',
        });
      }
      const key = `${s.account}\u0000${s.repo.toLowerCase()}\u0000${channel ?? ''}`;
      if (keys.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', i],
          message: 'duplicate subscription (same account, repo and channel)',
        });
      keys.add(key);
    });
  })
  .transform((cfg) => ({
    ...cfg,
    subscriptions: cfg.subscriptions.map((s) => {
      const forge = cfg.accounts.find((a) => a.id === s.account)?.forge;
      return forge && defaultedEvents.has(s.events) ? { ...s, events: availableEvents(forge, s.events) } : s;
    }),
  }));

export type ConfigFileInput = z.input<typeof configFileSchema>;
export type ConfigFile = z.output<typeof configFileSchema>;
export type AccountFile = z.output<typeof accountFileSchema>;

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
