import { z } from 'zod/mini';

/**
 * What became of an event at one destination (a channel, a person's DM, a desktop notification), and how the fates of
 * all its destinations add up to the one the feed row shows. Shared by the engine (it records and derives them) and
 * the UI (badges, filters, the live twin of the engine's filter).
 */
export const FEED_FATES = [
  'delivered',
  'filtered',
  'queued',
  'retrying',
  'failed',
  'paused',
  'dropped',
  'held',
  /** A line about the subscriptions themselves (a pattern picked up, renamed or dropped a repository), never sent. */
  'notice',
] as const;
export type FeedFate = (typeof FEED_FATES)[number];
export const feedFateSchema = z.enum(FEED_FATES);

/** Where a notification goes: a Slack channel, a Slack user's DM, or the desktop (an OS notification). */
export const DESTINATION_KINDS = ['channel', 'dm', 'desktop'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/**
 * The row's fate is the most pressing of its destinations': something that needs the user (failed) before what is
 * still in motion (retrying, queued, paused, held), before what went out (delivered), before what was decided not to
 * send (dropped, filtered). An event delivered to one channel and filtered for another reads "delivered".
 */
const PRECEDENCE: readonly FeedFate[] = [
  'failed',
  'retrying',
  'queued',
  'paused',
  'held',
  'delivered',
  'dropped',
  'filtered',
  'notice',
];

export function overallFate(fates: Iterable<FeedFate>): FeedFate {
  let best = PRECEDENCE.length - 1;
  for (const fate of fates) best = Math.min(best, PRECEDENCE.indexOf(fate));
  return PRECEDENCE[best] ?? 'filtered';
}
