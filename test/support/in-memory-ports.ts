/**
 * Plain objects implementing the engine's ports, for fast table tests of handlers, slash commands and interactions:
 * real settings logic over an in-memory repository, the real delivery queue over in-memory SQLite, and recording
 * fakes for the forge adapter, Slack's Web API and the log. No module is mocked.
 */
import type { SlackUser } from '../../electron/core/slack/connection/slack-web.js';
import type { Block, KnownBlock, View } from '@slack/types';
import type { FeedFate } from '../../electron/contract/vocabulary/feed-fates.js';
import { DeliveryQueue, type NewDelivery } from '../../electron/core/engine/delivery-queue.js';
import { SettingsService, type SettingsUpdate } from '../../electron/core/engine/settings-service.js';
import type { ForgeEvent, RepoInfo } from '../../electron/core/events/forge-event.js';
import type { ForgeAdapter } from '../../electron/core/forges/forge-adapter.js';
import { ForgeError } from '../../electron/core/forges/forge-error.js';
import type { Logger, LogLine } from '../../electron/core/runtime/logger.js';
import { emptySettings, type Settings } from '../../electron/core/settings/settings-model.js';
import type { ResponseBody, SlackWeb, UnfurlTarget } from '../../electron/core/slack/connection/slack-web.js';
import { type Db, openMemoryDatabase } from '../../electron/core/state/database.js';
import { FeedStore } from '../../electron/core/state/feed-store.js';
import { OutboxStore } from '../../electron/core/state/outbox-store.js';

export interface MemorySettings {
  access: SettingsService;
  /** Every settings object saved, in order. */
  saved: Settings[];
  /** Every change the engine would have reconfigured for. */
  updates: SettingsUpdate[];
  /** The next save throws this (a full disk…). */
  failNextSave(error: Error): void;
}

export function memorySettings(change: (s: Settings) => void = () => undefined): MemorySettings {
  const initial = emptySettings();
  change(initial);
  const saved: Settings[] = [];
  const updates: SettingsUpdate[] = [];
  let failure: Error | null = null;
  const access = new SettingsService({
    repo: {
      load: () => structuredClone(initial),
      save: (s) => {
        if (failure) {
          const f = failure;
          failure = null;
          throw f;
        }
        saved.push(structuredClone(s));
      },
    },
    redact: () => undefined,
    onChanged: async (u) => void updates.push(u),
  });
  return { access, saved, updates, failNextSave: (e) => void (failure = e) };
}

export interface MemoryQueue {
  queue: DeliveryQueue;
  db: Db;
  feed: FeedStore;
  outbox: OutboxStore;
  /** Feed ids pushed to the UI, in order. */
  pushed: number[];
  wakes: number;
}

export function memoryQueue(now: () => number = () => Date.parse('2025-06-02T09:00:00Z')): MemoryQueue {
  const db = openMemoryDatabase();
  const feed = new FeedStore(db, now);
  const outbox = new OutboxStore(db);
  const m: Partial<MemoryQueue> = { db, feed, outbox, pushed: [], wakes: 0 };
  m.queue = new DeliveryQueue({
    db,
    feed,
    outbox,
    pushFeed: (id) => void m.pushed!.push(id),
    wakeDelivery: () => void (m.wakes! += 1),
  });
  return m as MemoryQueue;
}

export interface RecordedDestination {
  target: string;
  fate?: FeedFate;
  subscriptionId?: string | null;
  reason?: string | null;
  /** The message to deliver there (an outbox row); false for a destination without one (filtered, dropped). */
  delivery?: Partial<NewDelivery> | false;
}

/** Writes one feed event with its destinations (and their outbox rows) through the queue, as ingest does. */
export function recordEvent(
  m: Pick<MemoryQueue, 'queue' | 'feed'>,
  options: { eventId?: string; summary?: string; repo?: string; destinations: RecordedDestination[] },
): { feedId: number; destinationIds: number[]; outboxIds: (number | null)[] } {
  const eventId = options.eventId ?? `e-${Math.random().toString(36).slice(2)}`;
  const written = m.queue.write((w) => {
    const feedId = w.addEvent({
      eventId,
      event: 'issues',
      action: 'opened',
      forge: 'github',
      repo: options.repo ?? 'o/r',
      actor: 'mona',
      summary: options.summary ?? eventId,
      url: 'https://github.com/o/r/issues/1',
      createdAt: '2025-06-02T09:00:00Z',
    });
    const destinationIds: number[] = [];
    for (const d of options.destinations) {
      const fate = d.fate ?? 'queued';
      const delivery =
        d.delivery === false
          ? undefined
          : {
              deliveryId: `${eventId}|${d.target}`,
              kind: 'event' as const,
              payload: '{}',
              at: 1,
              ...(fate === 'paused' ? { state: 'held' as const } : {}),
              ...d.delivery,
            };
      const id = w.addDestination(
        feedId,
        { kind: 'channel', target: d.target, subscriptionId: d.subscriptionId ?? null, fate, reason: d.reason ?? null },
        delivery,
      );
      destinationIds.push(id);
    }
    return { feedId, destinationIds };
  });
  const outboxIds = m.feed.destinationsOf(written.feedId).map((d) => d.outboxId);
  return { ...written, outboxIds };
}

export interface RecordingLogger extends Logger {
  lines: Pick<LogLine, 'level' | 'message'>[];
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: Pick<LogLine, 'level' | 'message'>[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string): void =>
      void lines.push({ level, message });
  return {
    lines,
    text: () => lines.map((l) => `${l.level} ${l.message}`).join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

export interface MemoryAdapter extends ForgeAdapter {
  calls: string[];
  /** Repositories the token can read, with their visibility. */
  repos: Map<string, RepoInfo['visibility']>;
  described: Map<string, ForgeEvent>;
}

/** A ForgeAdapter in memory: knows a few repositories, records the actions asked of it. */
export function memoryAdapter(accountId: string, webUrl = 'https://github.com'): MemoryAdapter {
  const calls: string[] = [];
  const repos = new Map<string, RepoInfo['visibility']>();
  const described = new Map<string, ForgeEvent>();
  const find = (repo: string): string => {
    const path = [...repos.keys()].find((r) => r.toLowerCase() === repo.toLowerCase());
    if (!path) throw new ForgeError('not_found', `${repo}: not found or no access`);
    return path;
  };
  return {
    kind: 'github',
    accountId,
    webUrl,
    calls,
    repos,
    described,
    whoami: async () => ({ login: 'mona', name: null, scopes: ['repo'] }),
    resolveRepo: async (repo) => {
      calls.push(`resolveRepo ${repo}`);
      const path = find(repo);
      return { path, webUrl: `${webUrl}/${path}`, defaultBranch: 'main', visibility: repos.get(path) ?? null };
    },
    feedPosition: async () => 42,
    branches: async () => ({ defaultBranch: 'main', protectedBranches: [] }),
    poll: async () => ({ events: [], cursor: {}, warnings: [], requests: { total: 0, billable: 0 } }),
    rateLimit: () => ({ limit: null, remaining: null, resetAt: null }),
    setIssueState: async (repo, number, kind, state) =>
      void calls.push(`setIssueState ${repo}#${number} ${kind} ${state}`),
    createIssue: async (repo, title) => {
      calls.push(`createIssue ${repo} ${title}`);
      return { number: 7, url: `${webUrl}/${repo}/issues/7` };
    },
    describeUrl: async (url) => {
      calls.push(`describeUrl ${url}`);
      return described.get(url) ?? null;
    },
  };
}

export interface MemorySlackWeb extends SlackWeb {
  views: { triggerId: string; view: View }[];
  messages: { channel: string; text: string }[];
  unfurls: { target: UnfurlTarget; unfurls: Record<string, { blocks: (Block | KnownBlock)[] }> }[];
  responses: { url: string | undefined; body: ResponseBody }[];
  /** Channel name → ID, as conversations.list would say. */
  channels: Map<string, string>;
  /** The workspace's users, as users.info / users.list would say. */
  users: SlackUser[];
  respond(url: string | undefined, body: ResponseBody): Promise<void>;
}

export function memorySlackWeb(channels: Record<string, string> = { general: 'C0GENERAL1' }): MemorySlackWeb {
  const web: MemorySlackWeb = {
    views: [],
    messages: [],
    unfurls: [],
    responses: [],
    channels: new Map(Object.entries(channels)),
    openView: async (triggerId, view) => void web.views.push({ triggerId, view }),
    openViewForUpdate: async (triggerId, view) => {
      web.views.push({ triggerId, view });
      return `V${web.views.length}`;
    },
    updateView: async (viewId, view) => void web.views.push({ triggerId: `update ${viewId}`, view }),
    postMessage: async (channel, text) => void web.messages.push({ channel, text }),
    postEphemeral: async (channel, user, text) => void web.messages.push({ channel: `${channel} to ${user}`, text }),
    unfurl: async (target, unfurls) => void web.unfurls.push({ target, unfurls }),
    channelId: async (channel) => (/^[CGD][A-Z0-9]{6,}$/.test(channel) ? channel : (web.channels.get(channel) ?? null)),
    users: [
      { id: 'U0ALICE001', name: 'alice', realName: 'Alice Example', tz: 'Europe/Paris', isBot: false, deleted: false },
      { id: 'U0BOB00001', name: 'bob', realName: 'Bob Example', tz: 'America/New_York', isBot: false, deleted: false },
    ],
    userInfo: async (user) => web.users.find((u) => u.id === user) ?? null,
    listUsers: async () => web.users,
    respond: async (url, body) => void web.responses.push({ url, body }),
  };
  return web;
}
