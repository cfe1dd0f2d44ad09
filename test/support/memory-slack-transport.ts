import type {
  OutgoingMessage,
  PostedMessage,
  SlackTransport,
} from '../../electron/core/slack/delivery/slack-transport.js';

/**
 * A SlackTransport in memory (the port delivery talks to): records what was posted and updated, answers with the
 * next queued failure when one is set, and can pretend a message is already in a channel's history.
 */
export interface MemorySlackTransport extends SlackTransport {
  posts: (OutgoingMessage & { ts: string })[];
  updates: { channelId: string; ts: string; text: string }[];
  /** The next posts fail with these errors, in order (any channel). */
  failures: unknown[];
  /** The next posts to one channel fail with these errors. */
  channelFailures: Map<string, unknown[]>;
  delivered: Map<string, PostedMessage>;
}

export function memorySlackTransport(kind: 'bot' | 'webhook' = 'bot'): MemorySlackTransport {
  let ts = 0;
  const t: MemorySlackTransport = {
    kind,
    posts: [],
    updates: [],
    failures: [],
    channelFailures: new Map(),
    delivered: new Map(),
    async post(message) {
      const failure = t.channelFailures.get(message.channel)?.shift() ?? t.failures.shift();
      if (failure) throw failure;
      const posted = { ...message, ts: `${++ts}.000` };
      t.posts.push(posted);
      return { channelId: `C-${message.channel}`, ts: posted.ts };
    },
    async update(channelId, at, message) {
      t.updates.push({ channelId, ts: at, text: message.text });
    },
    async findDelivered(lookup) {
      const message = t.delivered.get(lookup.deliveryId);
      return message ? { state: 'found', message } : { state: 'absent' };
    },
  };
  return t;
}
