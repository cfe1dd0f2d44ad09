import type { EventName } from '../../../electron/contract/vocabulary/event-names.js';
import { openDatabase } from '../../../electron/core/state/database.js';
import { FeedStore } from '../../../electron/core/state/feed-store.js';
import type { FeedFate } from '../../../electron/contract/schemas.js';

const EVENTS: EventName[] = [
  'commits',
  'issues',
  'pulls',
  'reviews',
  'comments',
  'pipelines',
  'releases',
  'deployments',
];
const FATES: FeedFate[] = ['delivered', 'delivered', 'delivered', 'filtered', 'filtered', 'failed', 'queued'];

/** Writes `count` feed rows (events, one destination each) into a data dir whose engine is not running. */
export function seedFeed(dataDir: string, repo: string, count: number, start = Date.now() - count * 60_000): void {
  const db = openDatabase(dataDir);
  try {
    const feed = new FeedStore(db, () => Date.now());
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const fate = FATES[i % FATES.length] as FeedFate;
        const feedId = feed.insertEvent({
          eventId: `seed-${i}`,
          event: EVENTS[i % EVENTS.length] as EventName,
          action: 'opened',
          forge: 'github',
          repo,
          actor: ['octocat', 'hubot', 'mona'][i % 3] as string,
          summary: `Seeded event ${i}: ${['fix a flaky test', 'bump a dependency', 'add dark mode', 'pipeline failed on main'][i % 4]}`,
          url: `https://github.example/${repo}/issues/${i}`,
          createdAt: new Date(start + i * 60_000).toISOString(),
        });
        const destination = feed.addDestination(feedId, {
          kind: 'channel',
          target: 'general',
          subscriptionId: null,
          fate,
          reason: fate === 'filtered' ? 'branch feature/x is not in default' : null,
        });
        if (fate === 'failed')
          feed.updateDestination(destination, {
            fate,
            reason: 'The channel does not exist or the bot cannot see it.',
            fix: 'Check the channel name, or invite the bot (/invite @Forgebell) to a private channel.',
            fixAt: 'subscription',
            errorCode: 'channel_not_found',
            error: 'Slack: channel_not_found',
          });
      }
    })();
  } finally {
    db.close();
  }
}
