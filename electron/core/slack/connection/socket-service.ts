import { type Logger as SlackLogger, LogLevel } from '@slack/logger';
import { SocketModeClient } from '@slack/socket-mode';
import type { Dispatcher } from 'undici';
import type { Logger } from '../../runtime/logger.js';
import type { CommandReply, SlashCommandPayload } from '../commands/command-types.js';
import type { InteractionReply } from '../interactions/interaction-types.js';
import type { Responder } from './slack-web.js';

const UNRECOVERABLE = [
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'team_disabled',
  'token_revoked',
  'not_allowed_token_type',
];

export type SocketState = 'disabled' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** What the Socket Mode connection needs: its token and route, where to report, and who handles each envelope. */
export interface SocketServicePort {
  slack(): { appToken: string | null; apiUrl: string };
  dispatcher(url: string): Dispatcher | undefined;
  logger: Logger;
  onState(state: SocketState, error: string | null): void;
  /** Builds the reply fast (no network before the ack). */
  slashCommand(payload: SlashCommandPayload): Promise<CommandReply>;
  interaction(body: Record<string, unknown>): InteractionReply;
  linkShared(event: Record<string, unknown>): Promise<void>;
  respond: Responder;
}

interface Envelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  event?: Record<string, unknown>;
}

function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => logger.warn(`socket mode: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) => logger.warn(`socket mode: ${msg.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The Socket Mode connection: explicit states pushed to the UI and tray, and every envelope acked within Slack's 3 s —
 * the ack payload at once, slow work afterwards (answers through response_url). What a command, button, modal or link
 * means is decided by the registries behind the port, not here.
 */
export class SocketService {
  private client: SocketModeClient | null = null;

  constructor(private readonly port: SocketServicePort) {}

  async configure(): Promise<void> {
    await this.stop();
    const { appToken, apiUrl } = this.port.slack();
    if (!appToken) {
      this.port.onState('disabled', null);
      return;
    }
    const dispatcher = this.port.dispatcher(apiUrl);
    const client = new SocketModeClient({
      appToken,
      clientOptions: {
        slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
        retryConfig: { retries: 5, factor: 2, maxTimeout: 30_000 },
      },
      logger: slackLogger(this.port.logger),
      ...(dispatcher ? { dispatcher } : {}),
    });
    this.client = client;
    client.on('connecting', () => this.port.onState('connecting', null));
    client.on('connected', () => this.port.onState('connected', null));
    client.on('reconnecting', () => this.port.onState('reconnecting', null));
    client.on('slash_commands', (e: Envelope) => this.guard('a slash command', this.onSlashCommand(e)));
    client.on('interactive', (e: Envelope) => this.guard('a button or modal', this.onInteractive(e)));
    client.on('link_shared', (e: Envelope) => this.guard('a link preview', this.onLinkShared(e)));
    client.on('app_mention', (e: Envelope) => this.guard('a mention', e.ack()));
    client.start().catch((error: unknown) => {
      // A client stopped or replaced while connecting rejects too: that is not a failure of the current connection.
      if (this.client !== client) return;
      const code = slackErrorCode(error);
      const message =
        code && UNRECOVERABLE.includes(code)
          ? `Slack refused the app-level token (${code}). Generate a new xapp- token with connections:write.`
          : `Socket Mode failed: ${error instanceof Error ? error.message : String(error ?? 'no reason given')}`;
      this.port.onState('failed', message);
      this.port.logger.error(message);
      void client.disconnect().catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) {
      // Disconnect first: the client needs its own 'close' handler to finish; then drop ours. The 2 s limit is a
      // safety net that should never be needed: it is logged when it is.
      const closed = await Promise.race([
        client.disconnect().then(
          () => true,
          () => true,
        ),
        new Promise<false>((r) => setTimeout(() => r(false), 2000).unref()),
      ]);
      if (!closed) this.port.logger.warn('Socket Mode did not confirm the disconnect within 2 s; going on');
      client.removeAllListeners();
    }
  }

  /** No envelope's failure escapes as an unhandled rejection: it is logged with what it was. */
  private guard(what: string, work: Promise<unknown>): void {
    work.catch((error: unknown) => this.port.logger.error(`handling ${what} failed`, { error }));
  }

  private async onSlashCommand({ ack, body }: Envelope): Promise<void> {
    let reply: CommandReply;
    try {
      reply = await this.port.slashCommand(body as unknown as SlashCommandPayload);
    } catch (error) {
      this.port.logger.error('slash command failed', { error });
      reply = {
        ack: { response_type: 'ephemeral', text: 'Something went wrong handling that command; see the Forgebell log.' },
      };
    }
    await ack({ ...reply.ack }).catch((error: unknown) =>
      this.port.logger.warn('could not ack a slash command', { error }),
    );
    if (!reply.later) return;
    const later = await reply.later().catch((error: unknown) => ({
      response_type: 'ephemeral' as const,
      text: `Failed: ${(error as Error).message}`,
    }));
    if (later) await this.port.respond((body as { response_url?: string }).response_url, later);
  }

  private async onInteractive({ ack, body }: Envelope): Promise<void> {
    let reply: InteractionReply;
    try {
      reply = this.port.interaction(body);
    } catch (error) {
      this.port.logger.error('handling an interaction failed', { error });
      reply = {};
    }
    await ack(reply.ack).catch(() => undefined);
    await reply.later?.();
  }

  private async onLinkShared({ ack, event }: Envelope): Promise<void> {
    await ack().catch(() => undefined);
    if (event) await this.port.linkShared(event);
  }
}

/** The Slack error code of a Web API failure (`error.data.error`), whatever shape (or none) the rejection has. */
function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  const code = (data as { error?: unknown }).error;
  return typeof code === 'string' ? code : undefined;
}
