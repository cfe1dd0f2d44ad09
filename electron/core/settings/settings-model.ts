import { z } from 'zod';
import { storedBranchesSchema } from '../../contract/vocabulary/subscription-filters.js';
import { channelDigestSchema } from '../../contract/vocabulary/people.js';
import {
  accountFileSchema,
  configFileSchema,
  personFileSchema,
  slackFileSchema,
  subscriptionFileSchema,
} from './config-schema.js';

/**
 * A subscription as kept: the config fields plus an id and the instant it was created ("now" for polling).
 * `branches` is read leniently: an entry saved before the glob grammar was enforced must not stop the settings loading.
 */
export const storedSubscriptionSchema = subscriptionFileSchema.extend({
  branches: z._default(storedBranchesSchema, 'default'),
  id: z.string().min(1),
  createdAt: z.string(),
  /** Set when a disabled subscription is turned back on: it hears events from then on, not what it missed. */
  since: z.string().optional(),
  /**
   * The repository's event-feed position (ForgeEvent.seq) when the subscription was made in the app or in Slack:
   * an event stamped in the same second as `createdAt` is new when its number is above this one (GitHub stamps whole
   * seconds). Without it (config-file imports) the comparison with `createdAt` is exact.
   */
  sinceSeq: z.number().optional(),
});

/** Stands for a person's token in settings loaded without the key (export): never sent anywhere, printed as null. */
export const WITHHELD = '(withheld)';

/** A person as kept: tokens are the ones stored (a null in a file never reaches here). */
export const storedPersonSchema = personFileSchema.extend({
  tokens: z.record(z.string(), z.string().min(1)).default({}),
});

export const proxySettingsSchema = z.object({
  mode: z.enum(['system', 'manual', 'none']),
  url: z.string().nullable(),
  /** Hosts that skip the manual proxy, NO_PROXY style (`localhost,.corp.example`); stored before it existed: none. */
  noProxy: z.string().nullable().default(null),
});
export const desktopSettingsSchema = z.object({
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  launchAtLogin: z.boolean(),
});

/** Settings in memory: secrets in clear, never leaves the engine. */
export const settingsSchema = z.object({
  version: z.literal(1),
  pollIntervalSeconds: z.number().int().min(1),
  retentionDays: z.number().int().min(1).default(30),
  slack: slackFileSchema,
  accounts: z.array(accountFileSchema),
  subscriptions: z.array(storedSubscriptionSchema),
  people: z.array(storedPersonSchema).default([]),
  /** §5: channel digests (as in the file). */
  digests: z.array(channelDigestSchema).default([]),
  /**
   * The Slack user ID of the person who runs this Forgebell (set by the wizard's "add yourself"): their personal
   * notifications also become desktop notifications, the feed's "For you" view and the tray's count. Not part of the
   * config file (it belongs to this installation, like the proxy and desktop settings).
   */
  owner: z.string().nullable().default(null),
  proxy: proxySettingsSchema.default({ mode: 'system', url: null, noProxy: null }),
  desktop: desktopSettingsSchema.default({ notifications: false, theme: 'system', launchAtLogin: false }),
});

export type Settings = z.output<typeof settingsSchema>;
export type StoredSubscription = z.output<typeof storedSubscriptionSchema>;
export type StoredPerson = z.output<typeof storedPersonSchema>;

export function emptySettings(): Settings {
  const file = configFileSchema.parse({ version: 1 });
  return {
    ...file,
    subscriptions: [],
    people: [],
    digests: [],
    owner: null,
    proxy: { mode: 'system', url: null, noProxy: null },
    desktop: { notifications: false, theme: 'system', launchAtLogin: false },
  };
}

/** The channel a subscription posts to by default. */
export function subscriptionChannel(
  sub: { channel?: string | null },
  settings: Pick<Settings, 'slack'>,
): string | null {
  return sub.channel ?? settings.slack.defaultChannel ?? null;
}

/** Import matches subscriptions by account + repo + channel (docs/cli-and-config.md §1). */
export function subscriptionKey(
  sub: { account: string; repo: string; channel?: string | null },
  settings: Pick<Settings, 'slack'>,
): string {
  return `${sub.account}\u0000${sub.repo.toLowerCase()}\u0000${subscriptionChannel(sub, settings) ?? ''}`;
}
