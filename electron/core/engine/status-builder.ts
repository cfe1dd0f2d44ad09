import type { Status, UnreadableSecret } from '../../contract/schemas.js';
import type { AccountPollState } from '../forges/poll-scheduler.js';
import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Settings } from '../settings/settings-model.js';

export interface SlackRuntimeState {
  team: string | null;
  botUser: string | null;
  error: string | null;
  socket: Status['slack']['socket'];
  socketError: string | null;
}

export function buildStatus(input: {
  version: string;
  mode: Status['mode'];
  settings: Settings;
  slack: SlackRuntimeState;
  accounts: ReadonlyMap<string, AccountPollState>;
  adapters: ReadonlyMap<string, ForgeAdapter>;
  logins: ReadonlyMap<string, string>;
  paused: Status['paused'];
  outbox: { pending: number; failed: number };
  failures?: Status['failures'];
  unread: number;
  /** An engine problem (full disk, database error) in a sentence, or null. */
  problem: string | null;
  people?: Status['people'];
  forYou?: number | null;
  unreadableSecrets?: UnreadableSecret[];
}): Status {
  const { settings } = input;
  return {
    version: input.version,
    mode: input.mode,
    slack: {
      mode: settings.slack.botToken ? 'bot' : settings.slack.webhookUrl ? 'webhook' : 'none',
      socket: settings.slack.appToken ? input.slack.socket : 'disabled',
      socketError: input.slack.socketError,
      team: input.slack.team,
      botUser: input.slack.botUser,
      error: input.slack.error,
    },
    accounts: settings.accounts.map((a) => {
      const poll = input.accounts.get(a.id);
      const adapter = input.adapters.get(a.id);
      return {
        id: a.id,
        forge: a.forge,
        apiUrl: a.apiUrl,
        login: input.logins.get(a.id) ?? null,
        state: a.token ? (poll?.state ?? 'unknown') : 'error',
        error: a.token ? (poll?.error ?? null) : 'No token: add one in Setup → Accounts.',
        rateLimit: adapter ? adapter.rateLimit() : null,
        reading: adapter?.readingSummary?.() ?? null,
        lastPollAt: poll?.lastPollAt ? new Date(poll.lastPollAt).toISOString() : null,
      };
    }),
    subscriptions: {
      total: settings.subscriptions.length,
      enabled: settings.subscriptions.filter((s) => s.enabled).length,
    },
    paused: input.paused,
    outbox: { pending: input.outbox.pending, failed: input.outbox.failed },
    ...(input.failures ? { failures: input.failures } : {}),
    unread: input.unread,
    problem: input.problem,
    ...(input.people ? { people: input.people } : {}),
    ...(input.forYou !== undefined ? { forYou: input.forYou } : {}),
    ...(input.unreadableSecrets?.length ? { unreadableSecrets: input.unreadableSecrets } : {}),
  };
}
