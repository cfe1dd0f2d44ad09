import { str } from './api-params.js';
import type { FakeState } from './fake-state.js';
import type { EnvelopeRecord, EnvelopeResult, EnvelopeType } from './fake-types.js';
import { readMessageContent } from './message-content.js';
import type { SocketModeServer } from './socket-mode-server.js';
import { SlackApiError } from './web-api-types.js';

const MAX_RETRIES = 3;

interface Pending {
  record: EnvelopeRecord;
  acceptsResponsePayload: boolean;
  firstSentAt: number;
  timer: { cancel(): void } | undefined;
  resolve: (result: EnvelopeResult) => void;
}

function toResult(record: EnvelopeRecord, error: EnvelopeResult['error']): EnvelopeResult {
  return {
    envelopeId: record.envelope_id,
    ackPayload: record.ackPayload,
    ackMs: record.ackMs,
    timedOut: record.timedOut,
    acked: record.status === 'acked',
    attempts: record.attempts.length,
    error,
  };
}

/** Sends envelopes, waits for acks, redelivers unacked ones (retry_reason 'timeout', at most 3 retries). */
export class EnvelopeDispatcher {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly state: FakeState,
    private readonly server: SocketModeServer,
  ) {
    server.onAck = (id, payload) => this.ack(id, payload);
  }

  dispatch(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    acceptsResponsePayload: boolean,
  ): Promise<EnvelopeResult> {
    const record: EnvelopeRecord = {
      envelope_id: this.state.ids.envelopeId(),
      type,
      payload,
      attempts: [],
      status: 'pending',
      ackPayload: undefined,
      ackMs: undefined,
      timedOut: false,
      error: undefined,
    };
    this.state.envelopes.push(record);
    return new Promise((resolve) => {
      const pending: Pending = {
        record,
        acceptsResponsePayload,
        firstSentAt: this.state.clock.now(),
        timer: undefined,
        resolve,
      };
      this.pending.set(record.envelope_id, pending);
      this.attempt(pending, 0, '');
    });
  }

  private attempt(pending: Pending, retryAttempt: number, retryReason: string): void {
    const { record } = pending;
    const frame: Record<string, unknown> = {
      envelope_id: record.envelope_id,
      type: record.type,
      payload: record.payload,
      accepts_response_payload: pending.acceptsResponsePayload,
    };
    if (record.type === 'events_api' || retryAttempt > 0) {
      frame.retry_attempt = retryAttempt;
      frame.retry_reason = retryReason;
    }
    const connectionId = this.server.send(frame);
    record.attempts.push({
      retry_attempt: retryAttempt,
      retry_reason: retryReason,
      sentAt: this.state.clock.now(),
      connectionId,
    });
    pending.timer = this.state.clock.setTimeout(
      () => this.timeout(pending, retryAttempt),
      this.state.config.ackTimeoutMs,
    );
  }

  private timeout(pending: Pending, retryAttempt: number): void {
    const { record } = pending;
    if (retryAttempt === 0) {
      record.timedOut = true;
      record.error = 'operation_timeout';
    }
    if (retryAttempt < MAX_RETRIES) return this.attempt(pending, retryAttempt + 1, 'timeout');
    const delivered = record.attempts.some((a) => a.connectionId !== undefined);
    record.status = delivered ? 'timed_out' : 'dispatch_failed';
    record.error = delivered ? 'operation_timeout' : 'dispatch_failed';
    this.pending.delete(record.envelope_id);
    pending.resolve(toResult(record, record.error));
  }

  private ack(envelopeId: string, payload: Record<string, unknown>): void {
    const pending = this.pending.get(envelopeId);
    if (!pending) return;
    pending.timer?.cancel();
    this.pending.delete(envelopeId);
    const { record } = pending;
    record.status = 'acked';
    record.ackPayload = payload;
    record.ackMs = this.state.clock.now() - pending.firstSentAt;
    if (record.ackMs > this.state.config.ackTimeoutMs) {
      record.timedOut = true;
      record.error = 'operation_timeout';
    }
    if (record.type === 'slash_commands' && !record.timedOut) this.showCommandReply(record.payload, payload);
    pending.resolve(toResult(record, record.error));
  }

  /** The ack payload of a slash command is its visible reply (ephemeral unless response_type is in_channel). */
  private showCommandReply(command: Record<string, unknown>, ack: Record<string, unknown>): void {
    const channel = str(command, 'channel_id') ?? '';
    const user = str(command, 'user_id') ?? '';
    let content;
    try {
      content = readMessageContent(ack);
    } catch (error) {
      if (error instanceof SlackApiError) return;
      throw error;
    }
    if (content.empty) return;
    if (str(ack, 'response_type') === 'in_channel') {
      this.state.recordMessage({ channel, text: content.text, blocks: content.blocks, via: 'command_ack' });
      return;
    }
    this.state.ephemerals.push({
      channel,
      user,
      text: content.text,
      blocks: content.blocks,
      thread_ts: undefined,
      message_ts: this.state.ids.nextTs(),
      via: 'command_ack',
    });
  }

  close(): void {
    for (const pending of this.pending.values()) {
      pending.timer?.cancel();
      pending.resolve(toResult(pending.record, 'fake_closed'));
    }
    this.pending.clear();
  }
}
