import type { Dispatcher } from 'undici';
import type { DeliveryQueuePort } from '../engine/delivery-queue.js';
import type { SettingsAccess } from '../engine/settings-service.js';
import { ForgeError } from '../forges/forge-error.js';
import { refreshAccessToken } from '../forges/gitlab/device-grant.js';
import { createPersonalInbox } from '../forges/inbox-factory.js';
import type { InboxItem } from '../forges/personal-inbox.js';
import { accessTokenOf, decodeOAuthToken, encodeOAuthToken } from '../forges/personal-token.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { AccountFile } from '../settings/config-schema.js';
import type { StoredPerson } from '../settings/settings-model.js';
import type { PeopleStore } from '../state/people-store.js';
import type { PeopleDirectory } from './directory.js';
import { dmKey } from './dm-key.js';
import { eventsDueAt, maxInterval, needsInbox, nextInterval, normalInterval } from './inbox-cadence.js';
import type { PersonalNotice } from './personal-notice.js';
import { queueNotices, type QueuedNotice } from './personal-notifier.js';

/** How an inbox stands, for the People screen, the status and doctor. */
export interface InboxState {
  state: 'reading' | 'ok' | 'unavailable' | 'error';
  message: string | null;
  lastReadAt: number | null;
  /** The interval until the next read while it is longer than the normal one (a busy inbox, inbox-cadence.ts), ms. */
  backedOffMs: number | null;
}

export interface InboxServiceDeps {
  clock: Clock;
  logger: Logger;
  settings: SettingsAccess;
  store: PeopleStore;
  queue: DeliveryQueuePort;
  people: () => PeopleDirectory;
  paused: () => { mode: 'hold' | 'drop' } | null;
  dispatcher: (account: Pick<AccountFile, 'apiUrl' | 'caFile'>) => Dispatcher | undefined;
  /** DMs queued from an inbox (the owner's desktop notifications, the status). */
  onQueued: (queued: QueuedNotice[]) => void;
  onChange: () => void;
  /** Whether the events path reads the repository on the account (an enabled subscription, a pattern's member). */
  follows: (accountId: string, repo: string) => boolean;
  /** Billable requests made with people's tokens, by account (the benchmark's measure). */
  onRequests?: (accountId: string, requests: { total: number; billable: number }) => void;
}

/** Renew a GitLab sign-in this long before its access token expires. */
const REFRESH_AHEAD_MS = 5 * 60_000;

const FINE_GRAINED =
  'GitHub does not let fine-grained tokens read notifications: sign in with /forgebell signin, or use a classic token with the notifications scope.';

interface Loop {
  slack: string;
  account: string;
  timer: { cancel(): void } | null;
  since: number;
  stopped: boolean;
  /** The interval chosen after the last read (null: the normal cadence). */
  intervalMs: number | null;
  /** The forge's minimum interval as it last said it (X-Poll-Interval), ms. */
  forgeMinMs: number;
}

/**
 * Reads each signed-in person's own inbox (GitHub notifications, GitLab To-Do items) with their own token, one loop
 * per person and account at the poll interval (never faster than X-Poll-Interval; a busy inbox whose news all come
 * from subscribed repositories less often, inbox-cadence.ts), and queues their DMs with the same keys as event-sourced
 * ones, in one transaction with the inbox position and the next interval. A token the forge refuses is forgotten and
 * the person asked, once, to sign in again; a token that cannot read the inbox (fine-grained) is reported once.
 */
export class InboxService {
  private readonly loops = new Map<string, Loop>();
  private readonly states = new Map<string, InboxState>();
  /**
   * DMs an inbox sent first that were counted as covered on trust (the events path was expected to bring them too), by
   * DM key: the loop and until when. The events path confirms one by bringing the same key (eventsBrought); one still
   * here past its instant at that inbox's next read needed the inbox after all.
   */
  private readonly onTrust = new Map<string, { loop: string; dueAt: number }>();

  constructor(private readonly deps: InboxServiceDeps) {}

  /** Starts loops for new sign-ins and stops those whose token or account is gone; others keep their pace. */
  configure(): void {
    const wanted = new Set<string>();
    const settings = this.deps.settings.current();
    for (const person of settings.people)
      for (const accountId of Object.keys(person.tokens)) {
        const account = settings.accounts.find((a) => a.id === accountId);
        if (!account || account.forge === 'gitea') continue;
        const key = loopKey(person.slack, accountId);
        wanted.add(key);
        if (this.loops.has(key)) continue;
        // After a restart, an inbox is not read again before the interval chosen at its last read has passed.
        const timing = this.deps.store.inboxTiming(person.slack, accountId);
        const pollMs = settings.pollIntervalSeconds * 1000;
        const intervalMs =
          timing?.intervalMs == null ? null : Math.min(maxInterval(pollMs, 0), Math.max(pollMs, timing.intervalMs));
        const loop: Loop = {
          slack: person.slack,
          account: accountId,
          timer: null,
          since: this.deps.clock.now(),
          stopped: false,
          intervalMs,
          forgeMinMs: 0,
        };
        this.loops.set(key, loop);
        const waitMs = intervalMs ?? pollMs;
        const polledAt = timing?.polledAt ?? null;
        const wait = polledAt === null ? 0 : Math.min(waitMs, polledAt + waitMs - this.deps.clock.now());
        this.states.set(key, {
          state: polledAt === null ? 'reading' : 'ok',
          message: null,
          lastReadAt: polledAt,
          backedOffMs: intervalMs !== null && intervalMs > pollMs ? intervalMs : null,
        });
        this.schedule(loop, Math.max(0, wait));
      }
    for (const [key, loop] of this.loops)
      if (!wanted.has(key)) {
        this.halt(loop);
        this.states.delete(key);
      }
    this.deps.onChange();
  }

  stop(): void {
    for (const loop of this.loops.values()) this.halt(loop);
  }

  /** The events path brought a DM key (sent now or found already sent): an inbox DM counted on trust was covered. */
  eventsBrought(key: string): void {
    this.onTrust.delete(key);
  }

  state(slack: string, account: string): InboxState | null {
    return this.states.get(loopKey(slack, account)) ?? null;
  }

  /** Reads every inbox now (tests and the benchmark). */
  async readAll(): Promise<void> {
    await Promise.all([...this.loops.values()].map((loop) => this.run(loop, false)));
  }

  private halt(loop: Loop): void {
    loop.stopped = true;
    loop.timer?.cancel();
    const key = loopKey(loop.slack, loop.account);
    this.loops.delete(key);
    for (const [dm, trust] of this.onTrust) if (trust.loop === key) this.onTrust.delete(dm);
  }

  private schedule(loop: Loop, ms: number): void {
    if (loop.stopped) return;
    loop.timer?.cancel();
    loop.timer = this.deps.clock.setTimeout(() => void this.run(loop, true), ms);
  }

  private async run(loop: Loop, reschedule: boolean): Promise<void> {
    const settings = this.deps.settings.current();
    let nextMs = normalInterval(settings.pollIntervalSeconds * 1000, loop.forgeMinMs);
    try {
      nextMs = await this.readOnce(loop);
    } catch (error) {
      this.failed(loop, error);
      if (loop.stopped) return;
    }
    if (reschedule) this.schedule(loop, nextMs);
  }

  /** One read; returns the interval until the next one, ms. */
  private async readOnce(loop: Loop): Promise<number> {
    const settings = this.deps.settings.current();
    const pollMs = settings.pollIntervalSeconds * 1000;
    const person = settings.people.find((p) => p.slack === loop.slack);
    const account = settings.accounts.find((a) => a.id === loop.account);
    const stored = person?.tokens[loop.account];
    if (!person || !account || !stored) return normalInterval(pollMs, loop.forgeMinMs);
    const token = await this.freshToken(person, account, stored);
    const inbox = createPersonalInbox(account, accessTokenOf(token), {
      clock: this.deps.clock,
      logger: this.deps.logger,
      ...(this.dispatcherFor(account) ? { dispatcher: this.dispatcherFor(account) } : {}),
    });
    if (!inbox) return normalInterval(pollMs, loop.forgeMinMs);
    const cursor = this.deps.store.inboxCursor(loop.slack, loop.account);
    const read = await inbox.read(cursor, loop.since);
    this.deps.onRequests?.(account.id, read.requests);
    const now = this.deps.clock.now();
    const people = this.deps.people();
    if (read.minIntervalSeconds !== undefined) loop.forgeMinMs = read.minIntervalSeconds * 1000;
    const items = new Map<PersonalNotice, InboxItem>(read.items.map((item) => [notice(item, person, account), item]));
    const key = loopKey(loop.slack, loop.account);
    // DMs this inbox sent first on trust whose events never came (a team's review request, a run started by hand).
    const overdue = [...this.onTrust].filter(([, t]) => t.loop === key && t.dueAt <= now).map(([dm]) => dm);
    const trusted: [string, number][] = [];
    const { queued, intervalMs } = this.deps.queue.write((w) => {
      const done = queueNotices(
        w,
        [...items.keys()],
        { people, store: this.deps.store, now, paused: this.deps.paused() },
        true,
      );
      // Only DMs this read sent count: reading sooner would not have told the person sooner of the others.
      const coverage = { follows: (repo: string) => this.deps.follows(account.id, repo), now, pollMs };
      let inboxOnly = overdue.length > 0;
      for (const q of done) {
        const item = items.get(q.notice);
        if (!item) continue;
        if (needsInbox(item, coverage)) inboxOnly = true;
        else trusted.push([dmKey(q.notice), eventsDueAt(item, pollMs)]);
      }
      const next = nextInterval({
        pollMs,
        forgeMinMs: loop.forgeMinMs,
        previousMs: loop.intervalMs,
        changed: read.changed,
        inboxOnly,
      });
      const backedOff = next > normalInterval(pollMs, loop.forgeMinMs) ? next : null;
      this.deps.store.putInboxCursor(loop.slack, loop.account, read.cursor, now, backedOff);
      return { queued: done, intervalMs: next };
    });
    for (const dm of overdue) this.onTrust.delete(dm);
    for (const [dm, dueAt] of trusted) this.onTrust.set(dm, { loop: key, dueAt });
    const normal = normalInterval(pollMs, loop.forgeMinMs);
    loop.intervalMs = intervalMs > normal ? intervalMs : null;
    if (queued.length) this.deps.onQueued(queued);
    this.setState(loop, { state: 'ok', message: null, lastReadAt: now, backedOffMs: loop.intervalMs });
    return intervalMs;
  }

  private dispatcherFor(account: AccountFile): Dispatcher | undefined {
    try {
      return this.deps.dispatcher(account);
    } catch {
      return undefined;
    }
  }

  /**
   * A person's own access token for an account, renewed first when it is a sign-in about to expire (the buttons of
   * docs/cli-and-config.md §4 act with it); null when they have none.
   */
  async accessToken(slack: string, accountId: string): Promise<string | null> {
    const s = this.deps.settings.current();
    const person = s.people.find((p) => p.slack === slack);
    const account = s.accounts.find((a) => a.id === accountId);
    const stored = person?.tokens[accountId];
    if (!person || !account || !stored) return null;
    return accessTokenOf(await this.freshToken(person, account, stored));
  }

  /** A GitLab sign-in renews its access token shortly before it expires, and keeps the renewed one (sealed). */
  private async freshToken(person: StoredPerson, account: AccountFile, stored: string): Promise<string> {
    const oauth = decodeOAuthToken(stored);
    if (!oauth || oauth.expiresAt - this.deps.clock.now() > REFRESH_AHEAD_MS) return stored;
    if (!account.clientId)
      throw new ForgeError(
        'unauthorized',
        `The sign-in for ${account.id} expired and the account has no OAuth client ID.`,
      );
    const dispatcher = this.dispatcherFor(account);
    const renewed = encodeOAuthToken(
      await refreshAccessToken(
        {
          apiUrl: account.apiUrl,
          clientId: account.clientId,
          clock: this.deps.clock,
          ...(dispatcher ? { dispatcher } : {}),
        },
        oauth.refresh,
      ),
    );
    await this.deps.settings.update((s) => ({
      ...s,
      people: s.people.map((p) =>
        p.slack === person.slack && p.tokens[account.id] === stored
          ? { ...p, tokens: { ...p.tokens, [account.id]: renewed } }
          : p,
      ),
    }));
    return renewed;
  }

  private failed(loop: Loop, error: unknown): void {
    const code = error instanceof ForgeError ? error.code : null;
    const message = error instanceof Error ? error.message : String(error);
    const account = this.deps.settings.current().accounts.find((a) => a.id === loop.account);
    if (code === 'unauthorized') {
      this.deps.logger.warn('a personal token was refused: it is forgotten and its owner asked to sign in again', {
        slack: loop.slack,
        account: loop.account,
      });
      this.setState(loop, {
        state: 'unavailable',
        message: 'The token was refused (revoked or expired).',
        lastReadAt: null,
        backedOffMs: null,
      });
      this.halt(loop);
      void this.forget(loop).catch((e: unknown) =>
        this.deps.logger.error('could not forget a refused token', { error: e }),
      );
      return;
    }
    if (code === 'forbidden' || code === 'missing_scope') {
      const text = account?.forge === 'github' ? FINE_GRAINED : message;
      if (this.states.get(loopKey(loop.slack, loop.account))?.message !== text)
        this.deps.logger.warn(`a personal inbox cannot be read: ${text}`, { slack: loop.slack, account: loop.account });
      this.setState(loop, { state: 'unavailable', message: text, lastReadAt: null, backedOffMs: null });
      this.halt(loop);
      return;
    }
    this.deps.logger.info('a personal inbox could not be read; trying again later', {
      slack: loop.slack,
      account: loop.account,
      code,
    });
    this.setState(loop, {
      state: 'error',
      message,
      lastReadAt: this.state(loop.slack, loop.account)?.lastReadAt ?? null,
      backedOffMs: null,
    });
  }

  /** Forgets the token (the inbox stops) and asks the person once — not once per cycle — to sign in again. */
  private async forget(loop: Loop): Promise<void> {
    await this.deps.settings.update((s) => ({
      ...s,
      people: s.people.map((p) => {
        if (p.slack !== loop.slack) return p;
        const { [loop.account]: _gone, ...tokens } = p.tokens;
        return { ...p, tokens };
      }),
    }));
    const now = this.deps.clock.now();
    if (this.deps.store.signinAskedAt(loop.slack, loop.account) !== null) return;
    this.deps.queue.write((w) => {
      this.deps.store.setSigninAsked(loop.slack, loop.account, now);
      const text = `Your sign-in for ${loop.account} no longer works (it was revoked or it expired), so Forgebell stopped reading your inbox there and forgot it. Type \`/forgebell signin ${loop.account}\` to sign in again.`;
      w.enqueue({
        deliveryId: `signin-again|${loop.slack}|${loop.account}|${now}`,
        feedId: null,
        subscriptionId: null,
        channel: loop.slack,
        kind: 'dm',
        payload: JSON.stringify({
          kind: 'dm-text',
          message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
        }),
        at: now,
      });
    });
  }

  private setState(loop: Loop, state: InboxState): void {
    this.states.set(loopKey(loop.slack, loop.account), state);
    this.deps.onChange();
  }
}

function loopKey(slack: string, account: string): string {
  return `${slack}\u0000${account}`;
}

function notice(item: InboxItem, person: StoredPerson, account: AccountFile): PersonalNotice {
  return {
    reason: item.reason,
    slack: person.slack,
    account: account.id,
    forge: account.forge,
    repo: item.repo,
    repoUrl: item.repoUrl,
    subject: item.subject,
    qualifier: item.qualifier,
    title: item.title,
    url: item.url,
    number: item.number,
    actor: item.actor,
    source: 'inbox',
  };
}
