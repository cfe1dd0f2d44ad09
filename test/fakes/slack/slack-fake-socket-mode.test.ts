import { SocketModeClient } from '@slack/socket-mode';
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { silentSlackLogger, startSlackFake } from './index.js';
import type { SlackFake, SlackFakeOptions } from './index.js';

interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
  event?: Record<string, unknown>;
}

let fake: SlackFake | undefined;
let client: SocketModeClient | undefined;

afterEach(async () => {
  await client?.disconnect();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

/** Starts the fake and an unchanged SocketModeClient pointed at it; resolves once `hello` arrived. */
async function connect(options: SlackFakeOptions = {}): Promise<{ fake: SlackFake; client: SocketModeClient }> {
  fake = await startSlackFake({ ackTimeoutMs: 400, ...options });
  client = new SocketModeClient({
    appToken: fake.appToken,
    logger: silentSlackLogger(),
    clientPingTimeout: 300,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  await client.start();
  return { fake, client };
}

describe('Slack fake: Socket Mode through the official SocketModeClient', () => {
  it('sends hello, delivers a slash command and records the ack payload', async () => {
    const { fake, client } = await connect({ ackTimeoutMs: 3000 });
    expect(fake.connections).toBe(1);
    const received: Record<string, unknown>[] = [];
    client.on('slash_commands', ({ ack, body }: SlackEventArgs) => {
      received.push(body);
      void ack({ text: `got ${String(body.text)}` });
    });
    const result = await fake.sendSlashCommand({ text: 'subscribe octo/repo' });
    expect(result).toMatchObject({
      acked: true,
      timedOut: false,
      attempts: 1,
      ackPayload: { text: 'got subscribe octo/repo' },
    });
    expect(result.ackMs).toBeLessThan(3000);
    expect(received[0]).toMatchObject({
      team_id: fake.teamId,
      channel_id: 'C0GENERAL1',
      channel_name: 'general',
      user_id: 'U0ALICE001',
      user_name: 'alice',
      command: '/forgebell',
      api_app_id: fake.appId,
    });
    expect(fake.ephemerals).toMatchObject([
      { text: 'got subscribe octo/repo', user: 'U0ALICE001', via: 'command_ack' },
    ]);

    const responseUrl = String(received[0]?.response_url);
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'done' }),
    });
    expect(res.status).toBe(200);
    expect(fake.responses).toMatchObject([{ source: 'slash_command', body: { text: 'done' } }]);
    expect(fake.messages).toMatchObject([{ text: 'done', via: 'response_url', channel: 'C0GENERAL1' }]);
  });

  it('redelivers an unacked envelope with retry_attempt and retry_reason timeout', async () => {
    const { fake, client } = await connect();
    const seen: [number | undefined, string | undefined][] = [];
    client.on('slack_event', ({ ack, retry_num, retry_reason }: SlackEventArgs) => {
      seen.push([retry_num, retry_reason]);
      if (seen.length === 2) void ack();
    });
    const result = await fake.sendSlashCommand({ text: 'slow' });
    expect(seen).toEqual([
      [undefined, undefined],
      [1, 'timeout'],
    ]);
    expect(result).toMatchObject({
      acked: true,
      timedOut: true,
      attempts: 2,
      error: 'operation_timeout',
      ackPayload: {},
    });
    expect(fake.envelopes[0]?.status).toBe('acked');
  });

  it('gives up after three retries', async () => {
    const { fake } = await connect({ ackTimeoutMs: 40 });
    const result = await fake.sendEvent({ type: 'app_mention', text: 'hi', user: 'U0ALICE001', channel: 'C0GENERAL1' });
    expect(result).toMatchObject({ acked: false, timedOut: true, attempts: 4, error: 'operation_timeout' });
    expect(fake.envelopes[0]?.attempts.map((a) => a.retry_attempt)).toEqual([0, 1, 2, 3]);
  });

  it('reconnects after a refresh_requested disconnect and after dropped sockets', async () => {
    const { fake, client } = await connect();
    const connected = (): Promise<void> => new Promise((resolve) => client.once('connected', () => resolve()));
    let again = connected();
    fake.disconnect('refresh_requested');
    await again;
    await fake.waitFor(
      (f) => f.connectionsOpened === 2 && f.connections === 1,
      3000,
      'reconnect after refresh_requested',
    );
    again = connected();
    fake.dropSockets();
    await again;
    expect(fake.connectionsOpened).toBe(3);
    client.on('slash_commands', ({ ack }: SlackEventArgs) => void ack({ text: 'still here' }));
    expect((await fake.sendSlashCommand({ text: 'ping' })).acked).toBe(true);
  });

  it('survives garbage frames', async () => {
    const { fake, client } = await connect();
    fake.sendRaw('{not json');
    fake.sendRaw(Buffer.from([0xde, 0xad]));
    client.on('slash_commands', ({ ack }: SlackEventArgs) => void ack());
    expect((await fake.sendSlashCommand({ text: 'after garbage' })).acked).toBe(true);
  });

  it('delivers block actions whose trigger opens a modal, and view submissions', async () => {
    const { fake, client } = await connect({ triggerTtlMs: 1000 });
    const web = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      logger: silentSlackLogger(),
      retryConfig: { retries: 0 },
    });
    const button = {
      type: 'button',
      action_id: 'mute',
      text: { type: 'plain_text', text: 'Mute' },
      value: 'octo/repo',
    } as const;
    await web.chat.postMessage({
      channel: 'general',
      text: 'PR',
      blocks: [{ type: 'actions', block_id: 'b1', elements: [button] }],
    });
    let triggerId = '';
    client.on('interactive', ({ ack, body }: SlackEventArgs) => {
      void ack();
      if (body.type === 'block_actions') triggerId = String(body.trigger_id);
    });
    await fake.sendBlockAction({ action_id: 'mute' });
    const payload = fake.envelopes[0]?.payload;
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', channel_id: 'C0GENERAL1', message_ts: fake.messages[0]?.ts },
      actions: [{ action_id: 'mute', block_id: 'b1', value: 'octo/repo', type: 'button' }],
    });
    const view: ModalView = {
      type: 'modal',
      callback_id: 'mute_modal',
      title: { type: 'plain_text', text: 'Mute' },
      blocks: [],
    };
    const opened = await web.views.open({ trigger_id: triggerId, view });
    expect(fake.views).toMatchObject([{ id: opened.view?.id, trigger_id: triggerId }]);
    const reused = await web.views.open({ trigger_id: triggerId, view }).catch((e: unknown) => e);
    expect(reused instanceof WebAPIPlatformError && reused.data.error).toBe('exchanged_trigger_id');

    const submitted = await fake.sendViewSubmission({
      view_id: opened.view?.id,
      values: { b: { a: { type: 'plain_text_input', value: '1h' } } },
    });
    expect(submitted.acked).toBe(true);
    expect(fake.envelopes[1]?.payload).toMatchObject({
      type: 'view_submission',
      view: { callback_id: 'mute_modal', state: { values: { b: { a: { value: '1h' } } } } },
    });
  });

  it('sends link_shared events that chat.unfurl can answer', async () => {
    const { fake, client } = await connect();
    const web = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      logger: silentSlackLogger(),
      retryConfig: { retries: 0 },
    });
    const url = 'https://github.com/octo/repo/pull/1';
    client.on('link_shared', ({ ack, event }: SlackEventArgs) => {
      void ack();
      const unfurls = { [url]: { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'PR #1' } }] } };
      void web.chat.unfurl({ channel: String(event?.channel), ts: String(event?.message_ts), unfurls });
    });
    await fake.sendLinkShared({ urls: [url] });
    const unfurl = await fake.waitFor((f) => f.unfurls[0], 2000, 'chat.unfurl');
    expect(unfurl).toMatchObject({ channel: 'C0GENERAL1', unfurls: { [url]: { blocks: [{ type: 'section' }] } } });
    const bad = await web.chat
      .unfurl({ channel: 'C0GENERAL1', ts: unfurl.ts ?? '', unfurls: { 'https://elsewhere.example/': {} } })
      .catch((e: unknown) => e);
    expect(bad instanceof WebAPIPlatformError && bad.data.error).toBe('cannot_unfurl_url');
  });

  it('rejects apps.connections.open without the app token and reports waitFor timeouts clearly', async () => {
    fake = await startSlackFake();
    const wrong = new SocketModeClient({
      appToken: 'xapp-wrong',
      logger: silentSlackLogger(),
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    await expect(wrong.start()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(fake.waitFor((f) => f.messages.length > 0, 50, 'a message')).rejects.toThrow(
      /waitFor\(a message\) timed out after 50 ms; messages=0/,
    );
  });
});
