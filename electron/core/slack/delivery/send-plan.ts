import type { ForgeEvent } from '../../events/forge-event.js';
import type { PersonalNotice } from '../../people/personal-notice.js';
import type { DmPayload } from '../../people/personal-notifier.js';
import type { OutboxRow } from '../../state/outbox-store.js';
import type { ThreadRef, ThreadStore } from '../../state/thread-store.js';
import type { OutgoingMessage, SlackTransport } from './slack-transport.js';

/**
 * What one outbox row becomes on the wire: the payload stored in the row, formatted for the transport, and where it
 * goes — a new thread parent, or a reply in an existing thread together with the parent's new look.
 */
export interface SlackMessageBody {
  text: string;
  blocks: OutgoingMessage['blocks'];
}

/** The formatting the outbox needs; the engine wires it to electron/core/slack/format. */
export interface MessageFormatter {
  /** `mentions`: people on the card as Slack mentions (the subscription's `mentions`). */
  event(event: ForgeEvent, options: { buttons: boolean; fixed: boolean; mentions: boolean }): SlackMessageBody;
  /** `buttons`: the parent keeps the buttons of its state (open items act; merged/closed ones lose them). */
  parent(event: ForgeEvent, options?: { buttons: boolean }): SlackMessageBody;
  digest(events: ForgeEvent[], channel: string): SlackMessageBody;
  dm(notice: PersonalNotice, mentions: boolean): SlackMessageBody;
  dmSummary(notices: PersonalNotice[]): SlackMessageBody;
}

/** The quiet-hours summary of one person's held DMs, and the feed rows it stands for. */
export interface DmSummaryPayload {
  kind: 'dm-summary';
  notices: PersonalNotice[];
  feedIds: number[];
  /** The summarised DMs' outbox rows: their feed destinations are delivered by this one message. */
  outboxIds?: number[];
}

/** Payload stored in an outbox row. */
export type OutboxPayload =
  | {
      kind: 'event';
      event: ForgeEvent;
      threads: boolean;
      fixed: boolean;
      buttons: boolean;
      mentions?: boolean;
      /** The thread parent carries a reaction for the item's state (the subscription's `reactions`; default true). */
      reactions?: boolean;
    }
  | { kind: 'test'; message: SlackMessageBody }
  | { kind: 'digest'; events: ForgeEvent[] }
  | DmPayload
  | DmSummaryPayload
  /** A plain message to a person (ask to sign in again, their review-queue digest): outbox kind `dm`. */
  | { kind: 'dm-text'; message: SlackMessageBody }
  /** A reply in a given thread (what someone did from Slack, confirmed under the card they clicked): kind `reply`. */
  | { kind: 'reply'; threadTs: string; message: SlackMessageBody }
  /** A channel's review-queue digest, formatted when it was computed (docs/cli-and-config.md §5): outbox kind `digest`. */
  | { kind: 'queue-digest'; message: SlackMessageBody }
  /**
   * A passing run/pipeline that is not posted (`onlyBrokenPipelines`): nothing goes to Slack, but the thread parents
   * (in this channel) of the pull/merge requests it checked lose the `x` an earlier failure put there. Outbox kind
   * `reaction`, queued behind that failure's card in the channel's order.
   */
  | { kind: 'checks-passed'; event: ForgeEvent };

/** One send worked out from a row: the message, and the thread it belongs to. */
export interface SendPlan {
  message: OutgoingMessage;
  /** The thread this message replies in, when there is one. */
  thread: ThreadRef | null;
  /** The parent's new look (open → merged, draft → ready), sent with every reply. */
  parentUpdate: SlackMessageBody | null;
  /** This message starts a thread: remember it as the parent of its subject. */
  startsThread: { subject: string; event: ForgeEvent } | null;
  /** Feed rows this message also delivers (a quiet-hours summary stands for each DM it lists). */
  alsoDelivers: number[];
  /** This message replies in a remembered thread: the thread stays in the map for another retention period. */
  repliesIn: { subject: string; event: ForgeEvent } | null;
  /** An event of an issue/PR thread whose parent's state reaction may change (docs/cli-and-config.md §4). */
  stateReaction: ForgeEvent | null;
  /** The outbox rows of those DMs (each delivers one feed destination). */
  alsoDeliversOutbox: number[];
  /**
   * A run/pipeline posted on its own: the thread parents (in this channel) of the pull/merge requests it checked, whose
   * state reaction follows it (`x` when it failed; cleared when a later one passes).
   */
  checks: { parents: ThreadRef[]; event: ForgeEvent } | null;
}

/**
 * The thread parents in `channel` of the pull/merge requests a run/pipeline checked (not its own thread, if it has one),
 * from the thread map.
 */
export function checkedParents(channel: string, event: ForgeEvent, threads: Pick<ThreadStore, 'get'>): ThreadRef[] {
  const parents: ThreadRef[] = [];
  for (const pull of event.checksFor ?? []) {
    if (pull === event.subjectKey) continue;
    const parent = threads.get(channel, event.accountId, event.repo, pull);
    if (parent) parents.push(parent);
  }
  return parents;
}

/** Works out a row's send; thread parents come from the thread map (the same answer before and after a restart). */
export function planSend(
  row: OutboxRow,
  transport: SlackTransport,
  formatter: MessageFormatter,
  threads: Pick<ThreadStore, 'get'>,
): SendPlan {
  const payload = JSON.parse(row.payload) as OutboxPayload;
  let body: SlackMessageBody;
  let thread: ThreadRef | null = null;
  let parentUpdate: SlackMessageBody | null = null;
  let startsThread: SendPlan['startsThread'] = null;
  let repliesIn: SendPlan['repliesIn'] = null;
  const checksParents: ThreadRef[] = [];
  if (payload.kind === 'event') {
    body = formatter.event(payload.event, {
      buttons: transport.kind === 'bot' && payload.buttons,
      fixed: payload.fixed,
      mentions: payload.mentions ?? true,
    });
    const subject = payload.event.subjectKey;
    if (transport.kind === 'bot' && payload.threads && subject) {
      thread = threads.get(row.channel, payload.event.accountId, payload.event.repo, subject);
      if (thread) {
        parentUpdate = formatter.parent(payload.event, { buttons: transport.kind === 'bot' && payload.buttons });
        repliesIn = { subject, event: payload.event };
      } else startsThread = { subject, event: payload.event };
    }
    if (transport.kind === 'bot' && payload.threads && payload.reactions !== false)
      checksParents.push(...checkedParents(row.channel, payload.event, threads));
  } else if (payload.kind === 'digest') {
    body = formatter.digest(payload.events, row.channel);
  } else if (payload.kind === 'dm') {
    body = formatter.dm(payload.notice, payload.mentions);
  } else if (payload.kind === 'dm-summary') {
    body = formatter.dmSummary(payload.notices);
  } else if (payload.kind === 'reply') {
    body = payload.message;
    if (transport.kind === 'bot') thread = { channelId: row.channel, ts: payload.threadTs };
  } else if (payload.kind === 'checks-passed') {
    // DeliveryService handles `reaction` rows before any send is planned: there is no message.
    throw new Error('a reaction row has no message to send');
  } else {
    body = payload.message;
  }
  return {
    message: {
      channel: row.channel,
      ...body,
      ...(thread ? { threadTs: thread.ts } : {}),
      deliveryId: row.deliveryId,
    },
    thread,
    parentUpdate,
    startsThread,
    alsoDelivers: payload.kind === 'dm-summary' ? payload.feedIds : [],
    repliesIn,
    stateReaction:
      payload.kind === 'event' && (thread || startsThread) && payload.reactions !== false ? payload.event : null,
    alsoDeliversOutbox: payload.kind === 'dm-summary' ? (payload.outboxIds ?? []) : [],
    checks:
      checksParents.length > 0 && payload.kind === 'event' ? { parents: checksParents, event: payload.event } : null,
  };
}
