import { FORGE_LABELS as FORGES } from '../../contract/vocabulary/forges.js';
import type { FeedItem, PersonalNoticeDto } from '../../contract/schemas.js';
import { truncateEnd } from '../tray/label-text.js';

/** A native notification to show; `url` opens the forge item when clicked (if allowed). */
export interface NotificationPlan {
  title: string;
  body: string;
  url: string | null;
}

export interface NotificationPrefs {
  enabled: boolean;
  /** 'all', or the ids of the subscriptions that raise notifications. */
  subscriptions: 'all' | readonly string[];
}

export interface NotificationPlannerOptions {
  now(): number;
  /** At most this many single notifications per window; then one summary, then silence. */
  burstLimit?: number;
  windowMs?: number;
}

/**
 * Decides which feed pushes become native notifications: delivered items and failed deliveries of
 * the selected subscriptions, each at most once, with bursts (a poll bringing 50 events) collapsed
 * into one "more activity" notification instead of 50 pop-ups.
 */
export class NotificationPlanner {
  private readonly seen = new Set<number>();
  private windowStart = -Infinity;
  private inWindow = 0;
  private readonly burstLimit: number;
  private readonly windowMs: number;

  constructor(private readonly options: NotificationPlannerOptions) {
    this.burstLimit = options.burstLimit ?? 3;
    this.windowMs = options.windowMs ?? 10_000;
  }

  plan(item: FeedItem, prefs: NotificationPrefs): NotificationPlan | null {
    if (!prefs.enabled) return null;
    if (item.fate !== 'delivered' && item.fate !== 'failed') return null;
    // A DM is one person's: the owner's come through planPersonal, nobody else's belong on this desktop — an event
    // that went only to people's DMs is not this desktop's.
    if (!item.destinations.some((d) => d.kind === 'channel')) return null;
    const chosen = prefs.subscriptions;
    if (
      chosen !== 'all' &&
      !item.destinations.some((d) => d.subscriptionId !== null && chosen.includes(d.subscriptionId))
    )
      return null;
    if (this.seen.has(item.id)) return null;
    this.remember(item.id);

    const now = this.options.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow += 1;
    if (this.inWindow > this.burstLimit + 1) return null;
    if (this.inWindow === this.burstLimit + 1)
      return { title: 'Forgebell', body: 'More activity — open the live feed to see it all.', url: null };

    if (item.fate === 'failed') {
      const failed = item.destinations.find((d) => d.fate === 'failed');
      return {
        title: truncateEnd(`Not posted to Slack: ${item.repo}`, 64),
        body: truncateEnd(failed?.reason ?? item.summary, 180),
        url: null,
      };
    }
    return {
      title: truncateEnd(`${item.repo} · ${FORGES[item.forge]}`, 64),
      body: truncateEnd(`${item.actor}: ${item.summary}`, 180),
      url: item.url || null,
    };
  }

  /**
   * The owner's personal notification (a review request, a mention …) as a native notification: quiet hours already
   * applied by the engine; the feed row it belongs to is never shown twice; bursts collapse like feed items.
   */
  planPersonal(notice: PersonalNoticeDto, enabled: boolean): NotificationPlan | null {
    if (!enabled) return null;
    if (notice.feedId !== null) {
      if (this.seen.has(notice.feedId)) return null;
      this.remember(notice.feedId);
    }
    if (!this.admit()) return this.inWindow === this.burstLimit + 1 ? this.more() : null;
    return {
      title: truncateEnd(notice.title, 64),
      body: truncateEnd(notice.body, 180),
      url: notice.url,
    };
  }

  /** Counts one notification in the burst window; false once the window is full. */
  private admit(): boolean {
    const now = this.options.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow += 1;
    return this.inWindow <= this.burstLimit;
  }

  private more(): NotificationPlan {
    return { title: 'Forgebell', body: 'More activity — open the live feed to see it all.', url: null };
  }

  private remember(id: number): void {
    this.seen.add(id);
    if (this.seen.size > 1000) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
