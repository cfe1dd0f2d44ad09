import { z } from 'zod';
import { storedBranchesSchema } from '../../contract/vocabulary/subscription-filters.js';
import { accountFileSchema, configFileSchema, slackFileSchema, subscriptionFileSchema } from './config-schema.js';

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

export const proxySettingsSchema = z.object({ mode: z.enum(['system', 'manual', 'none']), url: z.string().nullable() });
export const desktopSettingsSchema = z.object({
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  launchAtLogin: z.boolean(),
});

/** Settings in memory: secrets in clear, never leaves the engine. */
export const settingsSchema = z.object({
  version: z.literal(1),
  pollIntervalSeconds: z.number().int().min(1),
  slack: slackFileSchema,
  accounts: z.array(accountFileSchema),
  subscriptions: z.array(storedSubscriptionSchema),
  proxy: proxySettingsSchema.default({ mode: 'system', url: null }),
  desktop: desktopSettingsSchema.default({ notifications: false, theme: 'system', launchAtLogin: false }),
});

export type Settings = z.output<typeof settingsSchema>;
export type StoredSubscription = z.output<typeof storedSubscriptionSchema>;

export function emptySettings(): Settings {
  const file = configFileSchema.parse({ version: 1 });
  return {
    ...file,
    subscriptions: [],
    proxy: { mode: 'system', url: null },
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
