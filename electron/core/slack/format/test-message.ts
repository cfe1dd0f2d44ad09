import { context, header, joinLines, section } from './block-builders.js';
import type { Block, SlackMessage } from './block-types.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, enforceLimits } from './limits.js';
import { clipLine, escapeMrkdwn, escapeTruncated, oneLine } from './mrkdwn.js';

export interface TestSubscription {
  /** owner/name or group/subgroup/project */
  repo: string;
  /** Account id from the config. */
  account: string;
  /** Event names the subscription delivers. */
  events: readonly string[];
}

/** The "Forgebell test notification" card the UI sends to check a subscription's channel. */
export function formatTestMessage(subscription: TestSubscription): SlackMessage {
  const repo = clipLine(subscription.repo, 150) || 'repository';
  const account = clipLine(subscription.account, 80);
  const events = subscription.events.map((e) => oneLine(e)).filter((e) => e !== '');
  const shownEvents = events.slice(0, 20).map((e) => `\`${escapeTruncated(e, 40).replace(/`/g, 'ˋ')}\``);
  const blocks: Block[] = [
    header('Forgebell test notification'),
    section(
      joinLines(
        [
          `:bell: This channel will get notifications for *${escapeMrkdwn(repo)}*${account ? ` (account ${escapeMrkdwn(account)})` : ''}.`,
          shownEvents.length > 0
            ? `Events: ${shownEvents.join(', ')}${events.length > shownEvents.length ? ` +${events.length - shownEvents.length} more` : ''}`
            : 'Events: none selected yet.',
        ],
        MAX_SECTION_TEXT,
      ),
    ),
  ];
  const small = context(['If you can read this, Forgebell can post here.']);
  if (small !== null) blocks.push(small);
  return {
    text: escapeTruncated(`Forgebell test notification for ${repo}`, MAX_FALLBACK_TEXT),
    blocks: enforceLimits(blocks),
  };
}
