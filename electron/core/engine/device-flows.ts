import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { VerifyResult } from '../../contract/schemas.js';
import { ApiError } from '../../contract/wire.js';
import {
  DEFAULT_DEVICE_SCOPES,
  requestDeviceCode,
  waitForToken,
  type DeviceFlowClientOptions,
  type FinalTokenPoll,
} from '../forges/github/device-flow.js';
import { ForgeError } from '../forges/forge-error.js';
import type { FetchFn } from '../http/forge-http.js';
import type { NetworkRoute } from '../http/dispatcher-cache.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { accountTokenRef } from '../settings/secret-origins.js';
import type { SettingsAccess } from './settings-service.js';

export type DeviceFlowState = 'pending' | 'authorized' | 'denied' | 'expired' | 'failed';

export interface DeviceFlowStatus {
  state: DeviceFlowState;
  message: string;
  verify: VerifyResult | null;
}

export interface DeviceFlowStart {
  flowId: string;
  userCode: string;
  verificationUri: string;
  expiresAt: string;
  intervalSeconds: number;
}

export interface DeviceFlowInput {
  /** Account id to save under (replaces an account of that id). */
  id: string;
  apiUrl: string;
  clientId: string;
  scopes?: string | undefined;
  caFile?: string | null | undefined;
}

/** What the service needs from the engine. */
export interface DeviceFlowHost {
  readonly clock: Clock;
  readonly logger: Logger;
  proxyFor(url: string): string | null;
  /** The cached dispatcher of a route (throws when the CA file cannot be read). */
  dispatcher(route: NetworkRoute): Dispatcher | undefined;
  readonly settings: Pick<SettingsAccess, 'update'>;
}

export interface DeviceFlowsOptions {
  host: DeviceFlowHost;
  /** Checks a token the way accounts.save does (whoami, scopes). */
  verify: (input: { apiUrl: string; token: string; caFile: string | null }) => Promise<VerifyResult>;
  fetch?: FetchFn;
}

interface Flow {
  id: string;
  accountId: string;
  /** The OAuth app used: kept on the account, so `/forgebell signin` works with it too. */
  clientId: string;
  status: DeviceFlowStatus;
  expiresAt: number;
  finishedAt: number | null;
  abort: AbortController;
}

/** Finished flows are kept this long for status queries, then dropped. */
const KEEP_FINISHED_MS = 30 * 60_000;

/**
 * GitHub OAuth device flows run by the engine: start one, poll GitHub in the background on the engine's clock,
 * and on success verify the token and save the account (encrypted with the other secrets).
 * Only the user code and the state ever leave this service; the token does not.
 */
export class DeviceFlows {
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly options: DeviceFlowsOptions) {}

  async start(input: DeviceFlowInput): Promise<DeviceFlowStart> {
    this.prune();
    const { host } = this.options;
    const apiUrl = input.apiUrl.replace(/\/+$/, '');
    const caFile = input.caFile ?? null;
    const client = this.clientOptions(apiUrl, input.clientId.trim(), caFile);
    let code;
    try {
      code = await requestDeviceCode(client, input.scopes?.trim() || DEFAULT_DEVICE_SCOPES);
    } catch (error) {
      throw new ApiError(
        error instanceof ForgeError && error.code === 'invalid_input' ? 'invalid_params' : 'failed',
        (error as Error).message,
      );
    }
    // A new flow for the same account replaces an unfinished one.
    for (const other of this.flows.values()) {
      if (other.accountId === input.id && other.status.state === 'pending') {
        other.abort.abort();
        this.finish(other, { state: 'failed', message: 'Replaced by a newer sign-in.', verify: null });
      }
    }
    const expiresAt = host.clock.now() + code.expiresInSeconds * 1000;
    const flow: Flow = {
      id: randomUUID(),
      accountId: input.id,
      clientId: input.clientId.trim(),
      expiresAt,
      finishedAt: null,
      abort: new AbortController(),
      status: {
        state: 'pending',
        message: `Waiting for the code to be entered at ${code.verificationUri}.`,
        verify: null,
      },
    };
    this.flows.set(flow.id, flow);
    host.logger.info(`device flow started for account ${input.id} on ${new URL(apiUrl).host}`);
    void this.run(flow, client, code.deviceCode, code.intervalSeconds, { apiUrl, caFile }).catch((error: unknown) => {
      this.finish(flow, { state: 'failed', message: `Sign-in failed: ${(error as Error).message}`, verify: null });
    });
    return {
      flowId: flow.id,
      userCode: code.userCode,
      verificationUri: code.verificationUri,
      expiresAt: new Date(expiresAt).toISOString(),
      intervalSeconds: code.intervalSeconds,
    };
  }

  status(flowId: string): DeviceFlowStatus {
    const flow = this.flows.get(flowId);
    if (!flow) throw new ApiError('not_found', 'No such sign-in (it may have finished long ago); start again.');
    return flow.status;
  }

  /** Stops every background poll (engine shutdown, tests). */
  cancelAll(): void {
    for (const flow of this.flows.values()) {
      if (flow.status.state !== 'pending') continue;
      flow.abort.abort();
      this.finish(flow, { state: 'failed', message: 'The sign-in was cancelled.', verify: null });
    }
  }

  private clientOptions(apiUrl: string, clientId: string, caFile: string | null): DeviceFlowClientOptions {
    let dispatcher: Dispatcher | undefined;
    try {
      dispatcher = this.options.host.dispatcher({ proxyUrl: this.options.host.proxyFor(apiUrl), caFile });
    } catch (error) {
      throw new ApiError('invalid_params', `Cannot read the CA file ${caFile}: ${(error as Error).message}`, [
        { path: 'caFile', message: 'unreadable' },
      ]);
    }
    return {
      apiUrl,
      clientId,
      clock: this.options.host.clock,
      ...(dispatcher ? { dispatcher } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    };
  }

  private async run(
    flow: Flow,
    client: DeviceFlowClientOptions,
    deviceCode: string,
    intervalSeconds: number,
    account: { apiUrl: string; caFile: string | null },
  ): Promise<void> {
    const outcome: FinalTokenPoll = await waitForToken(client, deviceCode, {
      expiresAt: flow.expiresAt,
      intervalSeconds,
      signal: flow.abort.signal,
    });
    if (flow.status.state !== 'pending') return;
    if (outcome.kind === 'expired')
      return this.finish(flow, { state: 'expired', message: outcome.message, verify: null });
    if (outcome.kind === 'denied')
      return this.finish(flow, { state: 'denied', message: outcome.message, verify: null });
    if (outcome.kind === 'failed')
      return this.finish(flow, { state: 'failed', message: outcome.message, verify: null });
    const { host } = this.options;
    const token = outcome.accessToken;
    flow.status = { ...flow.status, message: 'Authorized on GitHub; checking the token…' };
    const verify = await this.options.verify({ apiUrl: account.apiUrl, token, caFile: account.caFile });
    if (!verify.ok)
      return this.finish(flow, {
        state: 'failed',
        message: `GitHub issued a token but it does not work: ${verify.summary}`,
        verify,
      });
    await host.settings.update(
      (s) => {
        const saved = {
          id: flow.accountId,
          forge: 'github' as const,
          apiUrl: account.apiUrl,
          token,
          caFile: account.caFile,
          clientId: flow.clientId,
        };
        const exists = s.accounts.some((a) => a.id === flow.accountId);
        return {
          ...s,
          accounts: exists ? s.accounts.map((a) => (a.id === flow.accountId ? saved : a)) : [...s.accounts, saved],
        };
      },
      { fresh: [accountTokenRef(flow.accountId)] },
    );
    host.logger.info(`device flow: saved account ${flow.accountId} (${verify.summary})`);
    this.finish(flow, {
      state: 'authorized',
      message: `${verify.summary}; saved as account ${flow.accountId}.`,
      verify,
    });
  }

  private finish(flow: Flow, status: DeviceFlowStatus): void {
    if (flow.status.state !== 'pending') return;
    flow.status = status;
    flow.finishedAt = this.options.host.clock.now();
  }

  private prune(): void {
    const now = this.options.host.clock.now();
    for (const [id, flow] of this.flows) {
      if (flow.finishedAt !== null && now - flow.finishedAt > KEEP_FINISHED_MS) this.flows.delete(id);
    }
  }
}
