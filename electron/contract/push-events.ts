import { z } from 'zod/mini';
import { feedItemSchema, logLineSchema, personalNoticeSchema, statusSchema, subscriptionSchema } from './schemas.js';

/**
 * Events the engine pushes to the UI (no polling from the UI). Apart from the methods (api.ts) because the UI
 * validates every push with these at run time, while it needs only the methods' types.
 */
export const pushEvents = {
  status: statusSchema,
  'feed.item': feedItemSchema,
  subscriptions: z.array(subscriptionSchema),
  log: logLineSchema,
  'pairing.paired': z.object({ userId: z.string() }),
  /** A personal notification for the desktop owner (quiet hours already applied): an OS notification in the app. */
  'personal.notice': personalNoticeSchema,
} as const;
