import { z } from 'zod';
import { FORGES } from './forges.js';
import {
  doctorCheckSchema,
  feedItemSchema,
  feedQuerySchema,
  logLineSchema,
  redactedSettingsSchema,
  statusSchema,
  subscriptionInputSchema,
  subscriptionSchema,
  verifyResultSchema,
} from './schemas.js';

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const id = z.object({ id: z.string().min(1) }).strict();

/**
 * The one contract between engine and UI. Each method has a params and a result schema;
 * both transports (Electron IPC, the `serve` loopback WebSocket) are generated from this map.
 */
export const methods = {
  'status.get': { params: empty, result: statusSchema },
  'settings.get': { params: empty, result: redactedSettingsSchema },
  'settings.update': {
    params: z
      .object({
        pollIntervalSeconds: z.number().int().min(1).optional(),
        proxy: z.object({ mode: z.enum(['system', 'manual', 'none']), url: z.string().url().nullable() }).optional(),
        desktop: z
          .object({
            notifications: z.boolean().optional(),
            theme: z.enum(['system', 'light', 'dark']).optional(),
            launchAtLogin: z.boolean().optional(),
          })
          .optional(),
      })
      .strict(),
    result: redactedSettingsSchema,
  },
  'slack.verify': {
    params: z
      .object({ botToken: z.string().optional(), appToken: z.string().optional(), webhookUrl: z.string().optional() })
      .strict(),
    result: verifyResultSchema,
  },
  'slack.save': {
    params: z
      .object({
        botToken: z.string().nullable().optional(),
        appToken: z.string().nullable().optional(),
        webhookUrl: z.string().nullable().optional(),
        defaultChannel: z.string().nullable().optional(),
        username: z.string().nullable().optional(),
        iconUrl: z.string().nullable().optional(),
        apiUrl: z.string().url().optional(),
      })
      .strict(),
    result: verifyResultSchema,
  },
  'slack.manifest': {
    params: empty,
    result: z.object({ yaml: z.string(), json: z.string(), createUrl: z.string() }),
  },
  'slack.channels': {
    params: empty,
    result: z.object({
      channels: z.array(z.object({ id: z.string(), name: z.string() })),
      error: z.string().nullable(),
    }),
  },
  'accounts.verify': {
    params: z
      .object({
        forge: z.enum(FORGES),
        apiUrl: z.string().url(),
        token: z.string().min(1),
        caFile: z.string().nullable().optional(),
      })
      .strict(),
    result: verifyResultSchema,
  },
  'accounts.save': {
    params: z
      .object({
        id: z
          .string()
          .min(1)
          .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
        forge: z.enum(FORGES),
        apiUrl: z.string().url(),
        token: z.string().min(1).optional(),
        caFile: z.string().nullable().optional(),
      })
      .strict(),
    result: verifyResultSchema,
  },
  'accounts.remove': { params: id, result: ok },
  /** GitHub OAuth device flow: the engine polls GitHub and saves the account itself; the token never reaches the UI. */
  'accounts.deviceFlowStart': {
    params: z
      .object({
        id: z
          .string()
          .min(1)
          .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
        apiUrl: z.string().url(),
        clientId: z.string().min(1),
        scopes: z.string().optional(),
        caFile: z.string().nullable().optional(),
      })
      .strict(),
    result: z.object({
      flowId: z.string(),
      userCode: z.string(),
      verificationUri: z.string(),
      expiresAt: z.string(),
      intervalSeconds: z.number(),
    }),
  },
  'accounts.deviceFlowStatus': {
    params: z.object({ flowId: z.string().min(1) }).strict(),
    result: z.object({
      state: z.enum(['pending', 'authorized', 'denied', 'expired', 'failed']),
      message: z.string(),
      verify: verifyResultSchema.nullable(),
    }),
  },
  'accounts.repos': {
    params: z.object({ account: z.string(), search: z.string().max(200).optional() }).strict(),
    result: z.object({ repos: z.array(z.string()), error: z.string().nullable() }),
  },
  'subscriptions.list': { params: empty, result: z.array(subscriptionSchema) },
  'subscriptions.add': { params: subscriptionInputSchema, result: subscriptionSchema },
  'subscriptions.update': {
    params: z.object({ id: z.string(), patch: subscriptionInputSchema.partial() }).strict(),
    result: subscriptionSchema,
  },
  'subscriptions.remove': { params: id, result: ok },
  'subscriptions.setEnabled': {
    params: z.object({ id: z.string(), enabled: z.boolean() }).strict(),
    result: subscriptionSchema,
  },
  'subscriptions.test': { params: id, result: z.object({ feedId: z.number() }) },
  'feed.page': { params: feedQuerySchema, result: z.object({ items: z.array(feedItemSchema), total: z.number() }) },
  'feed.retry': { params: z.object({ id: z.number().int() }).strict(), result: ok },
  'feed.markRead': { params: empty, result: ok },
  'pairing.start': {
    params: empty,
    result: z.object({ code: z.string(), expiresAt: z.string(), command: z.string() }),
  },
  'pairing.status': { params: empty, result: z.object({ paired: z.array(z.string()) }) },
  'engine.pollNow': { params: empty, result: ok },
  'engine.pause': {
    params: z
      .object({ until: z.string().datetime().nullable(), mode: z.enum(['hold', 'drop']).default('hold') })
      .strict(),
    result: ok,
  },
  'engine.resume': { params: empty, result: ok },
  'doctor.run': { params: empty, result: z.array(doctorCheckSchema) },
  /** The config file (spec §2) with every secret replaced by null, as `forgebell export` prints it. */
  'config.export': { params: empty, result: z.object({ json: z.string() }) },
  /** Loads a config file like `forgebell import`; a null secret keeps the stored one. Invalid: invalid_params with JSON paths. */
  'config.import': {
    params: z.object({ json: z.string().max(2_000_000) }).strict(),
    result: z.object({ summary: z.string() }),
  },
  'logs.recent': { params: empty, result: z.array(logLineSchema) },
} as const;

/** Events the engine pushes to the UI (no polling from the UI). */
export const pushEvents = {
  status: statusSchema,
  'feed.item': feedItemSchema,
  subscriptions: z.array(subscriptionSchema),
  log: logLineSchema,
  'pairing.paired': z.object({ userId: z.string() }),
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type PushEventName = keyof typeof pushEvents;
export type PushPayload<E extends PushEventName> = z.output<(typeof pushEvents)[E]>;

/** What the engine implements; the transports call it after validating params. */
export type ApiHandlers = { [M in MethodName]: (params: ParsedParams<M>) => Promise<Result<M>> };

/** What the UI calls; the same on both transports. */
export interface ForgebellApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends PushEventName>(event: E, listener: (payload: PushPayload<E>) => void): () => void;
}

export { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, IPC_READY_CHANNEL } from './channels.js';

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methods, value);
}
