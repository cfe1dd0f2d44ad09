import type { ChannelDigest } from '../../contract/vocabulary/people.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { DeliveryQueuePort } from '../engine/delivery-queue.js';
import type { PeopleDirectory } from '../people/directory.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Settings } from '../settings/settings-model.js';
import type { OutboxPayload } from '../slack/delivery/send-plan.js';
import type { SlackMessage } from '../slack/format/block-types.js';
import type { QueueStore } from '../state/queue-store.js';
import type { NewFeedEvent } from '../state/feed-store.js';
import { defaultDigest, digestKey, digestScopes, formatChannelDigest } from './channel-digest.js';
import { dueOccurrence, type Occurrence } from './digest-schedule.js';
import type { QueueView, ReposOf, ReviewQueue } from './review-queue.js';
import type { TodoService } from './todo-service.js';

/**
 * Posts the scheduled digests (docs/cli-and-config.md §5): each `digests[]` entry in its channel and each person's
 * `digest` as a DM, at their local time on their days, checked every 30 s and at start (so a digest missed while
 * Forgebell was not running goes out once if less than 12 hours late). The "posted for day D" record is written in the
 * transaction that queues the message, so no restart or kill -9 can post one twice or lose it. A digest whose
 * repositories could not be read at all (a forge's limit) waits and says so in the log and its state — it never
 * claims nothing is waiting. `/forgebell digest` and the app's "Send now" post a channel's digest at once.
 */

export const DIGEST_CHECK_MS = 30_000;

export interface DigestServiceDeps {
  clock: Clock;
  logger: Logger;
  settings: () => Settings;
  people: () => PeopleDirectory;
  queue: ReviewQueue;
  todo: TodoService;
  store: QueueStore;
  delivery: DeliveryQueuePort;
  forgeOf: (account: string) => ForgeKind | undefined;
  webUrl: (account: string) => string | null;
  /** The repositories a subscription follows now (a pattern's members, §6). */
  reposOf: ReposOf;
  onError: (error: unknown) => void;
  /** A check went through: a problem reported earlier is over. */
  onOk?: () => void;
  /** After every check (every 30 s): for work that follows the queue, such as the owner's "For you" count. */
  afterCheck?: () => Promise<void>;
}

export interface DigestRunState {
  state: 'queued' | 'waiting';
  day: string;
  message: string;
  at: number;
}

export class DigestService {
  private timer: { cancel(): void } | null = null;
  private readonly inFlight = new Set<string>();
  private readonly states = new Map<string, DigestRunState>();

  constructor(private readonly deps: DigestServiceDeps) {}

  start(): void {
    this.tick(0);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** The last run of a digest (by key), for the app. */
  state(key: string): DigestRunState | null {
    return this.states.get(key) ?? null;
  }

  private tick(ms: number): void {
    this.timer = this.deps.clock.setTimeout(() => {
      void this.runDue()
        .then(() => this.deps.onOk?.())
        .then(() => this.deps.afterCheck?.())
        .catch((error: unknown) => this.deps.onError(error))
        .finally(() => {
          if (this.timer) this.tick(DIGEST_CHECK_MS);
        });
    }, ms);
  }

  /** Every digest due now and not posted for its day yet. */
  async runDue(): Promise<void> {
    const now = this.deps.clock.now();
    const settings = this.deps.settings();
    const work: Promise<void>[] = [];
    for (const digest of settings.digests) {
      const due = dueOccurrence(digest, now);
      const key = digestKey(digest);
      if (due && !this.deps.store.digestPosted(key, due.day))
        work.push(this.once(key, () => this.postChannel(digest, key, due)));
    }
    for (const person of settings.people) {
      if (!person.digest) continue;
      const due = dueOccurrence({ ...person.digest, timeZone: person.timeZone }, now);
      const key = `person:${person.slack}`;
      if (due && !this.deps.store.digestPosted(key, due.day))
        work.push(this.once(key, () => this.postPersonal(person.slack, key, due)));
    }
    await Promise.all(work);
  }

  private async once(key: string, work: () => Promise<void>): Promise<void> {
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    try {
      await work();
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** A channel's digest as it would post now (the app's preview, `/forgebell digest`). */
  async compute(digest: ChannelDigest): Promise<{ message: SlackMessage; view: QueueView; repositories: number }> {
    const scopes = digestScopes(digest, this.deps.settings(), this.deps.reposOf);
    const view = await this.deps.queue.view(scopes);
    const message = formatChannelDigest(digest, view, {
      now: this.deps.clock.now(),
      people: this.deps.people(),
      forgeOf: this.deps.forgeOf,
      webUrl: this.deps.webUrl,
    });
    return { message, view, repositories: scopes.reduce((n, scope) => n + scope.repos.length, 0) };
  }

  /** The channel's `digests` entry (by name), or the defaults for its subscriptions. */
  digestFor(channel: string): ChannelDigest {
    return this.deps.settings().digests.find((d) => d.channel === channel) ?? defaultDigest(channel);
  }

  /**
   * Posts a channel's digest now (through the outbox, with a feed row). `postTo`: where it goes when not the
   * digest's channel name (a slash command's channel ID). Returns a sentence for whoever asked.
   */
  async postNow(digest: ChannelDigest, postTo?: string): Promise<string> {
    return (await this.sendNow(digest, postTo)).message;
  }

  /** `postNow` saying also whether a message was queued (the app's "Send now"). */
  async sendNow(digest: ChannelDigest, postTo?: string): Promise<{ posted: boolean; message: string }> {
    const scopes = digestScopes(digest, this.deps.settings(), this.deps.reposOf);
    if (scopes.length === 0)
      return {
        posted: false,
        message: `No repositories to list for #${digest.channel}: subscribe this channel to some, or give its digest \`repos\`.`,
      };
    const { message, view } = await this.compute(digest);
    if (waits(view))
      return {
        posted: false,
        message: `The digest waits: ${view.limited}. ${view.unread.length} repositor${view.unread.length === 1 ? 'y' : 'ies'} could not be read yet; try again in a few minutes.`,
      };
    const now = this.deps.clock.now();
    this.deps.delivery.write((w) => {
      const feedId = w.addEvent(feedEvent(digest.channel, message, now, this.forgeOfScopes(scopes)));
      w.addDestination(
        feedId,
        {
          kind: 'channel',
          target: postTo ?? digest.channel,
          subscriptionId: null,
          fate: 'queued',
          reason: 'posted on request',
        },
        {
          deliveryId: `digest-now|${digestKey(digest)}|${now}`,
          kind: 'digest',
          payload: JSON.stringify({ kind: 'queue-digest', message } satisfies OutboxPayload),
          at: now,
        },
      );
    });
    return { posted: true, message: `Posting the review queue for #${digest.channel}.` };
  }

  private async postChannel(digest: ChannelDigest, key: string, due: Occurrence): Promise<void> {
    const { message, view } = await this.compute(digest);
    const forge = this.forgeOfScopes(digestScopes(digest, this.deps.settings(), this.deps.reposOf));
    const now = this.deps.clock.now();
    if (waits(view)) {
      this.note(key, { state: 'waiting', day: due.day, message: `waiting: ${view.limited}`, at: now });
      this.deps.logger.warn(`digest for #${digest.channel} waits: ${view.limited}`);
      return;
    }
    const queued = this.deps.delivery.write((w) => {
      if (!this.deps.store.claimDigestDay(key, due.day, now)) return false;
      const feedId = w.addEvent(feedEvent(digest.channel, message, now, forge));
      w.addDestination(
        feedId,
        {
          kind: 'channel',
          target: digest.channel,
          subscriptionId: null,
          fate: 'queued',
          reason: `the digest for ${due.day}`,
        },
        {
          deliveryId: `digest|${key}|${due.day}`,
          kind: 'digest',
          payload: JSON.stringify({ kind: 'queue-digest', message } satisfies OutboxPayload),
          at: now,
        },
      );
      return true;
    });
    if (queued) {
      this.note(key, { state: 'queued', day: due.day, message: message.text, at: now });
      this.deps.logger.info(`digest for #${digest.channel} (${due.day}) queued`);
    }
  }

  private async postPersonal(slack: string, key: string, due: Occurrence): Promise<void> {
    const message = await this.deps.todo.message(slack, 'Your review queue today');
    if (!message) return;
    const now = this.deps.clock.now();
    this.deps.delivery.write((w) => {
      if (!this.deps.store.claimDigestDay(key, due.day, now)) return;
      w.enqueue({
        deliveryId: `digest|${key}|${due.day}`,
        feedId: null,
        subscriptionId: null,
        channel: slack,
        kind: 'dm',
        payload: JSON.stringify({ kind: 'dm-text', message } satisfies OutboxPayload),
        at: now,
      });
    });
    this.note(key, { state: 'queued', day: due.day, message: message.text, at: now });
  }

  /** The forge a digest's feed row shows: its first account's. */
  private forgeOfScopes(scopes: readonly { account: string }[]): ForgeKind {
    return (scopes[0] && this.deps.forgeOf(scopes[0].account)) ?? 'github';
  }

  private note(key: string, state: DigestRunState): void {
    this.states.set(key, state);
  }
}

/** Why a digest would wait now instead of posting (a forge's limit), or null when it would post. */
export function waitReason(view: QueueView): string | null {
  return waits(view) ? view.limited : null;
}

/** Nothing could be read for some repositories because of a limit: posting would understate what waits. */
function waits(view: QueueView): boolean {
  return view.limited !== null && view.unread.length > 0;
}

function feedEvent(channel: string, message: SlackMessage, now: number, forge: ForgeKind): NewFeedEvent {
  return {
    eventId: `digest:${channel}:${now}`,
    event: 'pulls',
    action: 'digest',
    forge,
    repo: `#${channel}`,
    actor: 'forgebell',
    summary: message.text,
    url: '',
    createdAt: new Date(now).toISOString(),
  };
}
