import { z } from 'zod';
import { branchesSchema, eventNameSchema, labelsSchema } from '../core/settings/config-schema.js';
import { FORGES } from './forges.js';

/**
 * Data shapes that cross between engine and UI. No secret ever appears here:
 * tokens are write-only (set through a method, reported back as `tokenSet: true`).
 */

export const slackConnectionState = z.enum(['disabled', 'connecting', 'connected', 'reconnecting', 'failed']);

export const slackStatusSchema = z.object({
  mode: z.enum(['bot', 'webhook', 'none']),
  socket: slackConnectionState,
  socketError: z.string().nullable(),
  team: z.string().nullable(),
  botUser: z.string().nullable(),
  error: z.string().nullable(),
});

export const accountStatusSchema = z.object({
  id: z.string(),
  forge: z.enum(FORGES),
  apiUrl: z.string(),
  login: z.string().nullable(),
  state: z.enum(['unknown', 'ok', 'degraded', 'error']),
  error: z.string().nullable(),
  rateLimit: z
    .object({ limit: z.number().nullable(), remaining: z.number().nullable(), resetAt: z.string().nullable() })
    .nullable(),
  lastPollAt: z.string().nullable(),
  /** How the account is read right now, in a sentence (GraphQL batching, organisation feeds in use…), when the forge says. */
  reading: z.string().nullable().optional(),
});

export const statusSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'serve']),
  slack: slackStatusSchema,
  accounts: z.array(accountStatusSchema),
  subscriptions: z.object({ total: z.number(), enabled: z.number() }),
  paused: z.object({ until: z.string().nullable(), mode: z.enum(['hold', 'drop']) }).nullable(),
  outbox: z.object({ pending: z.number(), failed: z.number() }),
  unread: z.number(),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  account: z.string(),
  forge: z.enum(FORGES).nullable(),
  repo: z.string(),
  enabled: z.boolean(),
  events: z.array(eventNameSchema),
  channel: z.string().nullable(),
  channels: z.partialRecord(eventNameSchema, z.string()),
  branches: branchesSchema,
  labels: labelsSchema,
  onlyBrokenPipelines: z.boolean(),
  drafts: z.boolean(),
  threads: z.boolean(),
  createdAt: z.string(),
  lastEventAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const subscriptionInputSchema = z.object({
  account: z.string().min(1),
  repo: z.string().min(1),
  enabled: z.boolean().optional(),
  events: z.array(eventNameSchema).optional(),
  channel: z.string().min(1).nullable().optional(),
  channels: z.partialRecord(eventNameSchema, z.string().min(1)).optional(),
  branches: branchesSchema.optional(),
  labels: labelsSchema.optional(),
  onlyBrokenPipelines: z.boolean().optional(),
  drafts: z.boolean().optional(),
  threads: z.boolean().optional(),
});

export const feedFateSchema = z.enum(['delivered', 'filtered', 'queued', 'retrying', 'failed', 'paused', 'dropped']);

export const feedItemSchema = z.object({
  id: z.number(),
  eventId: z.string(),
  subscriptionId: z.string().nullable(),
  event: eventNameSchema,
  action: z.string(),
  forge: z.enum(FORGES),
  repo: z.string(),
  actor: z.string(),
  summary: z.string(),
  url: z.string(),
  createdAt: z.string(),
  fate: feedFateSchema,
  reason: z.string().nullable(),
  channel: z.string().nullable(),
  slackLink: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

export const feedQuerySchema = z.object({
  beforeId: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  repo: z.string().optional(),
  event: eventNameSchema.optional(),
  fate: feedFateSchema.optional(),
  text: z.string().max(200).optional(),
});

export const verifyResultSchema = z.object({
  ok: z.boolean(),
  summary: z.string(),
  details: z.array(z.object({ ok: z.boolean(), label: z.string(), message: z.string() })),
});

export const doctorCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string(),
  fix: z.string().nullable(),
});

export const redactedSettingsSchema = z.object({
  pollIntervalSeconds: z.number(),
  slack: z.object({
    botTokenSet: z.boolean(),
    appTokenSet: z.boolean(),
    webhookUrlSet: z.boolean(),
    apiUrl: z.string(),
    defaultChannel: z.string().nullable(),
    username: z.string().nullable(),
    iconUrl: z.string().nullable(),
    commandUsers: z.array(z.string()),
  }),
  accounts: z.array(
    z.object({
      id: z.string(),
      forge: z.enum(FORGES),
      apiUrl: z.string(),
      tokenSet: z.boolean(),
      caFile: z.string().nullable(),
    }),
  ),
  proxy: z.object({ mode: z.enum(['system', 'manual', 'none']), url: z.string().nullable() }),
  desktop: z.object({
    notifications: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    launchAtLogin: z.boolean(),
  }),
});

export const logLineSchema = z.object({
  time: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

export type Status = z.infer<typeof statusSchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;
export type FeedItem = z.infer<typeof feedItemSchema>;
export type FeedQuery = z.input<typeof feedQuerySchema>;
export type FeedFate = z.infer<typeof feedFateSchema>;
export type VerifyResult = z.infer<typeof verifyResultSchema>;
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;
export type RedactedSettings = z.infer<typeof redactedSettingsSchema>;
export type LogLineDto = z.infer<typeof logLineSchema>;
