import { z } from 'zod/mini';
import { apiUrlProblem } from './vocabulary/api-url.js';
import type { pushEvents } from './push-events.js';
import {
  digestPreviewSchema,
  digestViewSchema,
  doctorCheckSchema,
  proxyProbeSchema,
  feedItemSchema,
  feedQuerySchema,
  importPlanSchema,
  logLineSchema,
  personInputSchema,
  personViewSchema,
  redactedSettingsSchema,
  requestBudgetSchema,
  statusSchema,
  subscriptionInputSchema,
  subscriptionSchema,
  verifyResultSchema,
} from './schemas.js';
import { forgeSchema } from './vocabulary/forges.js';
import { channelDigestSchema } from './vocabulary/people.js';

const empty = z.strictObject({});
/** An API base URL that will receive a token: https, or http on loopback only (docs/cli-and-config.md §8). */
const apiUrlSchema = z.url().check(
  z.superRefine((value, ctx) => {
    const problem = apiUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);
const ok = z.object({ ok: z.literal(true) });
const id = z.strictObject({ id: z.string().check(z.minLength(1)) });
const accountId = z.string().check(z.minLength(1), z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/));

/**
 * The one contract between engine and UI. Each method has a params and a result schema;
 * both transports (Electron IPC, the `serve` loopback WebSocket) are generated from this map.
 * The engine validates params and results with it (contract/dispatch.ts); the UI imports only its types.
 */
export const methods = {
  'status.get': { params: empty, result: statusSchema },
  'settings.get': { params: empty, result: redactedSettingsSchema },
  'settings.update': {
    params: z.strictObject({
      pollIntervalSeconds: z.optional(z.int().check(z.gte(1))),
      retentionDays: z.optional(z.int().check(z.gte(1))),
      proxy: z.optional(
        z.object({
          mode: z.enum(['system', 'manual', 'none']),
          /** Without a password, for the same proxy and user, the stored password is kept. */
          url: z.nullable(z.url()),
          forgetPassword: z.optional(z.boolean()),
          noProxy: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
        }),
      ),
      desktop: z.optional(
        z.object({
          notifications: z.optional(z.boolean()),
          theme: z.optional(z.enum(['system', 'light', 'dark'])),
          launchAtLogin: z.optional(z.boolean()),
        }),
      ),
    }),
    result: redactedSettingsSchema,
  },
  /**
   * Tries proxy settings before they are saved: Slack's API and every forge account, each through the proxy it would
   * use (or directly, when bypassed). Any HTTP answer counts as reached; nothing is changed.
   */
  'settings.testProxy': {
    params: z.strictObject({
      mode: z.enum(['system', 'manual', 'none']),
      url: z.nullable(z.url()),
      noProxy: z.nullable(z.string().check(z.maxLength(2000))),
    }),
    result: z.array(proxyProbeSchema),
  },
  'slack.verify': {
    params: z.strictObject({
      botToken: z.optional(z.string()),
      appToken: z.optional(z.string()),
      webhookUrl: z.optional(z.string()),
    }),
    result: verifyResultSchema,
  },
  'slack.save': {
    params: z.strictObject({
      botToken: z.optional(z.nullable(z.string())),
      appToken: z.optional(z.nullable(z.string())),
      webhookUrl: z.optional(z.nullable(z.string())),
      defaultChannel: z.optional(z.nullable(z.string())),
      username: z.optional(z.nullable(z.string())),
      iconUrl: z.optional(z.nullable(z.string())),
      apiUrl: z.optional(apiUrlSchema),
      /**
       * Save tokens even though their check just failed (the user's explicit "Save anyway"); without it a token that
       * fails is not saved and the check's answer comes back. A token of the wrong kind is never saved.
       */
      force: z.optional(z.boolean()),
    }),
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
      error: z.nullable(z.string()),
    }),
  },
  'accounts.verify': {
    params: z.strictObject({
      forge: forgeSchema,
      apiUrl: apiUrlSchema,
      token: z.string().check(z.minLength(1)),
      caFile: z.optional(z.nullable(z.string())),
    }),
    result: verifyResultSchema,
  },
  'accounts.save': {
    params: z.strictObject({
      id: accountId,
      forge: forgeSchema,
      apiUrl: apiUrlSchema,
      token: z.optional(z.string().check(z.minLength(1))),
      caFile: z.optional(z.nullable(z.string())),
      /** The OAuth app `/forgebell signin` uses for this account (null: none); left out: unchanged. */
      clientId: z.optional(z.nullable(z.string().check(z.minLength(1)))),
    }),
    result: verifyResultSchema,
  },
  'accounts.remove': { params: id, result: ok },
  /** GitHub OAuth device flow: the engine polls GitHub and saves the account itself; the token never reaches the UI. */
  'accounts.deviceFlowStart': {
    params: z.strictObject({
      id: accountId,
      apiUrl: apiUrlSchema,
      clientId: z.string().check(z.minLength(1)),
      scopes: z.optional(z.string()),
      caFile: z.optional(z.nullable(z.string())),
    }),
    result: z.object({
      flowId: z.string(),
      userCode: z.string(),
      verificationUri: z.string(),
      expiresAt: z.string(),
      intervalSeconds: z.number(),
    }),
  },
  'accounts.deviceFlowStatus': {
    params: z.strictObject({ flowId: z.string().check(z.minLength(1)) }),
    result: z.object({
      state: z.enum(['pending', 'authorized', 'denied', 'expired', 'failed']),
      message: z.string(),
      verify: z.nullable(verifyResultSchema),
    }),
  },
  'accounts.repos': {
    params: z.strictObject({ account: z.string(), search: z.optional(z.string().check(z.maxLength(200))) }),
    result: z.object({ repos: z.array(z.string()), error: z.nullable(z.string()) }),
  },
  /** Each account's requests per minute over the last hour against its forge's limits. */
  'accounts.requestBudget': { params: empty, result: z.array(requestBudgetSchema) },
  /** Whether the account can read a repository (as the subscription form types it): its canonical path, or why not. */
  'accounts.checkRepo': {
    params: z.strictObject({
      account: z.string().check(z.minLength(1)),
      repo: z.string().check(z.minLength(1), z.maxLength(300)),
    }),
    result: z.object({ ok: z.boolean(), path: z.nullable(z.string()), message: z.string() }),
  },
  'subscriptions.list': { params: empty, result: z.array(subscriptionSchema) },
  'subscriptions.add': { params: subscriptionInputSchema, result: subscriptionSchema },
  'subscriptions.update': {
    params: z.strictObject({ id: z.string(), patch: z.partial(subscriptionInputSchema) }),
    result: subscriptionSchema,
  },
  'subscriptions.remove': { params: id, result: ok },
  'subscriptions.setEnabled': {
    params: z.strictObject({ id: z.string(), enabled: z.boolean() }),
    result: subscriptionSchema,
  },
  'subscriptions.test': { params: id, result: z.object({ feedId: z.number() }) },
  'feed.page': { params: feedQuerySchema, result: z.object({ items: z.array(feedItemSchema), total: z.number() }) },
  /** Sends the failed deliveries of one feed item again: all of them, or the one destination named. */
  'feed.retry': { params: z.strictObject({ id: z.int(), destinationId: z.optional(z.int()) }), result: ok },
  /** Sends every failed delivery of one cause again (`code` as in status.failures; null = no known cause; absent = all). */
  'feed.retryFailed': {
    params: z.strictObject({ code: z.optional(z.nullable(z.string())) }),
    result: z.object({ retried: z.number() }),
  },
  /**
   * Gives up on failed deliveries: of one cause (`code`), of one feed item (`id`), or one destination of it. They are
   * not sent and no longer count as failed.
   */
  'feed.dismiss': {
    params: z.strictObject({
      code: z.optional(z.nullable(z.string())),
      id: z.optional(z.int()),
      destinationId: z.optional(z.int()),
    }),
    result: z.object({ dismissed: z.number() }),
  },
  /** Everything so far counts as read; `forYou`: the owner's personal notifications (the tray's count). */
  'feed.markRead': { params: z.strictObject({ forYou: z.optional(z.boolean()) }), result: ok },
  'pairing.start': {
    params: empty,
    result: z.object({ code: z.string(), expiresAt: z.string(), command: z.string() }),
  },
  'pairing.status': { params: empty, result: z.object({ paired: z.array(z.string()) }) },
  'engine.pollNow': { params: empty, result: ok },
  'engine.pause': {
    params: z.strictObject({
      until: z.nullable(z.iso.datetime()),
      mode: z._default(z.enum(['hold', 'drop']), 'hold'),
    }),
    result: ok,
  },
  'engine.resume': { params: empty, result: ok },
  'doctor.run': { params: empty, result: z.array(doctorCheckSchema) },
  /** The config file (docs/cli-and-config.md §2) with every secret replaced by null, as `forgebell export` prints it. */
  'config.export': { params: empty, result: z.object({ json: z.string() }) },
  /**
   * Loads a config file like `forgebell import`; a null secret keeps the stored one.
   * Invalid: invalid_params with JSON paths.
   */
  /**
   * What importing this config file would add, change and remove, without changing anything (the app shows it and asks
   * before `config.import`). Invalid: invalid_params with every problem and its JSON path, as `forgebell import` lists them.
   */
  'config.preview': {
    params: z.strictObject({ json: z.string().check(z.maxLength(2_000_000)) }),
    result: importPlanSchema,
  },
  'config.import': {
    params: z.strictObject({ json: z.string().check(z.maxLength(2_000_000)) }),
    result: z.object({ summary: z.string() }),
  },
  'logs.recent': { params: empty, result: z.array(logLineSchema) },
  /** Channel digests (docs/cli-and-config.md §5): the `digests[]` entries, with their next and last runs. */
  'digests.list': { params: empty, result: z.object({ digests: z.array(digestViewSchema) }) },
  /** Adds (`previous` null) or replaces the digest with key `previous`; problems come back with their field. */
  'digests.save': {
    params: z.strictObject({ previous: z.nullable(z.string()), digest: channelDigestSchema }),
    result: digestViewSchema,
  },
  'digests.remove': { params: z.strictObject({ key: z.string().check(z.minLength(1)) }), result: ok },
  /** A digest (saved or not) exactly as it would post now: the engine's Block Kit. Reads the forges if needed. */
  'digests.preview': { params: z.strictObject({ digest: channelDigestSchema }), result: digestPreviewSchema },
  /** Posts a saved digest now, outside its schedule (like `/forgebell digest`); `message` says what happened. */
  'digests.sendNow': {
    params: z.strictObject({ key: z.string().check(z.minLength(1)) }),
    result: z.object({ posted: z.boolean(), message: z.string() }),
  },
  /** People (docs/cli-and-config.md §4): who is who, signed in where, and what is wrong. Tokens never cross. */
  'people.list': { params: empty, result: z.object({ people: z.array(personViewSchema) }) },
  /** Adds or changes a person; every problem comes back with its field (invalid_params). */
  'people.save': { params: personInputSchema, result: personViewSchema },
  'people.remove': { params: z.strictObject({ slack: z.string() }), result: ok },
  /** Forgets a person's stored token for one account (their inbox stops; the login stays). */
  'people.revokeToken': { params: z.strictObject({ slack: z.string(), account: z.string() }), result: ok },
  /**
   * Stores a person's own token for one account (Gitea/Forgejo have no sign-in from Slack; any forge accepts one): the
   * forge is asked whose it is first; it must be the person's login there (set when none yet). Sealed; never sent back.
   */
  'people.storeToken': {
    params: z.strictObject({
      slack: z.string(),
      account: z.string(),
      token: z.string().check(z.minLength(1), z.maxLength(2000)),
    }),
    result: z.object({ login: z.string() }),
  },
  /** The login picker: users of a forge account matching `query` (GitHub /search/users, GitLab /users?search=). */
  'people.searchLogins': {
    params: z.strictObject({ account: z.string(), query: z.string().check(z.maxLength(100)) }),
    result: z.object({
      users: z.array(z.object({ login: z.string(), name: z.nullable(z.string()) })),
      error: z.nullable(z.string()),
    }),
  },
  /** The Slack user picker (users.list). */
  'people.slackUsers': {
    params: empty,
    result: z.object({
      users: z.array(
        z.object({ id: z.string(), name: z.string(), realName: z.nullable(z.string()), tz: z.nullable(z.string()) }),
      ),
      error: z.nullable(z.string()),
    }),
  },
  /** Who runs this Forgebell (the wizard's "add yourself"); null: nobody. */
  'people.setOwner': { params: z.strictObject({ slack: z.nullable(z.string()) }), result: ok },
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
