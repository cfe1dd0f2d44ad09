import { ErrorCode, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { silentSlackLogger, startSlackFake } from './index.js';
import type { SlackFake, SlackFakeOptions } from './index.js';

let fake: SlackFake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: SlackFakeOptions = {}): Promise<{ fake: SlackFake; web: WebClient }> {
  fake = await startSlackFake(options);
  const web = new WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    logger: silentSlackLogger(),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  return { fake, web };
}

type ErrorBody = Record<string, unknown> & { error: string };

async function platformError(promise: Promise<unknown>): Promise<ErrorBody> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WebAPIPlatformError)) throw new Error(`expected a WebAPIPlatformError, got ${String(error)}`);
  return { ...error.data };
}

describe('Slack fake: Web API through the official WebClient', () => {
  it('answers auth.test with the identity and the x-oauth-scopes header', async () => {
    const { fake, web } = await setup({ teamName: 'Acme', botUserName: 'bell' });
    const res = await web.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team: 'Acme',
      user: 'bell',
      team_id: fake.teamId,
      user_id: fake.botUserId,
      bot_id: fake.botId,
    });
    expect(res.response_metadata?.scopes).toContain('chat:write.public');
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', tokenKind: 'bot', ok: true });
  });

  it('rejects unknown and revoked tokens and the wrong token type', async () => {
    const { fake, web } = await setup();
    const stranger = new WebClient('xoxb-someone-else', {
      slackApiUrl: fake.apiUrl,
      logger: silentSlackLogger(),
      retryConfig: { retries: 0 },
    });
    expect((await platformError(stranger.auth.test())).error).toBe('invalid_auth');
    const app = new WebClient(fake.appToken, {
      slackApiUrl: fake.apiUrl,
      logger: silentSlackLogger(),
      retryConfig: { retries: 0 },
    });
    expect((await platformError(app.chat.postMessage({ channel: 'general', text: 'x' }))).error).toBe(
      'not_allowed_token_type',
    );
    expect((await platformError(web.apps.connections.open({}))).error).toBe('not_allowed_token_type');
    expect((await platformError(web.apiCall('nope.nothing'))).error).toBe('unknown_method');
    fake.revokeToken('bot');
    expect((await platformError(web.auth.test())).error).toBe('token_revoked');
  });

  it('posts by channel name and id, storing blocks, thread and metadata', async () => {
    const { fake, web } = await setup();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*PR opened*' } }];
    const metadata = { event_type: 'forge_event', event_payload: { id: 'gh:1' } };
    const res = await web.chat.postMessage({
      channel: '#random',
      text: 'PR opened',
      blocks,
      metadata,
      username: 'Forge',
      icon_url: 'https://x/i.png',
    });
    const random = fake.channel('random');
    expect(res).toMatchObject({ ok: true, channel: random?.id, message: { text: 'PR opened', metadata } });
    const reply = await web.chat.postMessage({ channel: random?.id ?? '', text: 'reply', thread_ts: res.ts });
    expect(fake.messagesIn('random').map((m) => [m.text, m.thread_ts])).toEqual([
      ['PR opened', undefined],
      ['reply', res.ts],
    ]);
    expect(fake.messages[0]).toMatchObject({
      via: 'bot',
      blocks,
      metadata,
      username: 'Forge',
      icon_url: 'https://x/i.png',
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(res.ts));
  });

  it('ignores username/icon without chat:write.customize and needs chat:write.public for other channels', async () => {
    const { fake, web } = await setup({ scopes: ['chat:write', 'channels:read'] });
    await web.chat.postMessage({ channel: 'general', text: 'hi', username: 'Forge', icon_emoji: ':bell:' });
    expect(fake.messages[0]).toMatchObject({ username: undefined, icon_emoji: undefined });
    expect((await platformError(web.chat.postMessage({ channel: 'random', text: 'hi' }))).error).toBe('not_in_channel');
    const missing = await platformError(web.users.info({ user: 'U0ALICE001' }));
    expect(missing).toMatchObject({
      error: 'missing_scope',
      needed: 'users:read',
      provided: 'chat:write,channels:read',
    });
  });

  it('returns Slack error codes for bad posts', async () => {
    const { fake, web } = await setup();
    fake.addChannel('old', { is_archived: true, is_member: true });
    fake.addChannel('secret', { is_private: true });
    const post = (args: Record<string, unknown>): Promise<ErrorBody> =>
      platformError(web.apiCall('chat.postMessage', args));
    expect((await post({ channel: 'nowhere', text: 'x' })).error).toBe('channel_not_found');
    expect((await post({ channel: 'secret', text: 'x' })).error).toBe('channel_not_found');
    expect((await post({ channel: 'old', text: 'x' })).error).toBe('is_archived');
    expect((await post({ channel: 'general' })).error).toBe('no_text');
    const tooLong = await post({
      channel: 'general',
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }],
    });
    expect(tooLong.error).toBe('invalid_blocks');
    expect(tooLong.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect((await post({ channel: 'general', text: 'x', blocks: many })).error).toBe('invalid_blocks');
    expect((await post({ channel: 'general', text: 'x', blocks: 'not json' })).error).toBe('invalid_blocks_format');
    const header = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect((await post({ channel: 'general', text: 'x', blocks: header })).error).toBe('invalid_blocks');
    expect(fake.messages).toHaveLength(0);
  });

  it('rate limits posts per channel with 429 and an integer Retry-After', async () => {
    const { fake, web } = await setup({ rateLimit: { perSecond: 1, burst: 2 } });
    await web.chat.postMessage({ channel: 'general', text: '1' });
    await web.chat.postMessage({ channel: 'general', text: '2' });
    const error: unknown = await web.chat.postMessage({ channel: 'general', text: '3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    await web.chat.postMessage({ channel: 'random', text: 'other channel has its own bucket' });
    expect(fake.rateLimited).toBe(1);
    expect(fake.messages.map((m) => m.text)).toEqual(['1', '2', 'other channel has its own bucket']);
  });

  it('serves injected failures: platform errors, 5xx and 429', async () => {
    const { fake, web } = await setup();
    fake.failNext('chat.postMessage', { error: 'account_inactive' });
    fake.failNext('chat.postMessage', { status: 503 });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    expect((await platformError(web.chat.postMessage({ channel: 'general', text: 'x' }))).error).toBe(
      'account_inactive',
    );
    const http: unknown = await web.chat.postMessage({ channel: 'general', text: 'x' }).catch((e: unknown) => e);
    expect(http).toBeInstanceOf(WebAPIHTTPError);
    expect(http).toMatchObject({ statusCode: 503 });
    await expect(web.chat.postMessage({ channel: 'general', text: 'x' })).rejects.toMatchObject({ retryAfter: 2 });
    await web.chat.postMessage({ channel: 'general', text: 'finally' });
    expect(fake.messages.map((m) => m.text)).toEqual(['finally']);
    expect(fake.calledMethods('chat.postMessage').map((c) => c.status)).toEqual([200, 503, 429, 200]);
  });

  it('returns history newest first with metadata only when asked, paged by cursor', async () => {
    const { fake, web } = await setup();
    const ts: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await web.chat.postMessage({
        channel: 'general',
        text: `m${n}`,
        metadata: { event_type: 'forge_event', event_payload: { n } },
      });
      ts.push(res.ts ?? '');
    }
    const withMeta = await web.conversations.history({ channel: 'C0GENERAL1', include_all_metadata: true });
    expect(withMeta.messages?.map((m) => [m.text, m.metadata?.event_payload])).toEqual([
      ['m3', { n: 3 }],
      ['m2', { n: 2 }],
      ['m1', { n: 1 }],
    ]);
    const plain = await web.conversations.history({ channel: 'C0GENERAL1', oldest: ts[0] });
    expect(plain.messages?.map((m) => [m.text, m.metadata])).toEqual([
      ['m3', undefined],
      ['m2', undefined],
    ]);
    const page1 = await web.conversations.history({ channel: 'C0GENERAL1', limit: 2 });
    expect(page1.has_more).toBe(true);
    const page2 = await web.conversations.history({
      channel: 'C0GENERAL1',
      limit: 2,
      cursor: page1.response_metadata?.next_cursor,
    });
    expect(page2.messages?.map((m) => m.text)).toEqual(['m1']);
    expect(page2.has_more).toBe(false);
    expect((await platformError(web.conversations.history({ channel: fake.channel('random')?.id ?? '' }))).error).toBe(
      'not_in_channel',
    );
  });

  it('pages conversations.list and joins channels', async () => {
    const { fake, web } = await setup();
    for (const name of ['a1', 'a2', 'a3']) fake.addChannel(name);
    const names: string[] = [];
    for await (const page of web.paginate('conversations.list', { limit: 2 })) {
      const channels = (page as { channels?: { name: string }[] }).channels ?? [];
      names.push(...channels.map((c) => c.name));
    }
    expect(names).toEqual(['general', 'random', 'a1', 'a2', 'a3']);
    const joined = await web.conversations.join({ channel: fake.channel('a2')?.id ?? '' });
    expect(joined.channel?.is_member).toBe(true);
    expect(fake.channel('a2')?.is_member).toBe(true);
    const again = await web.conversations.join({ channel: fake.channel('a2')?.id ?? '' });
    expect(again.warning).toBe('already_in_channel');
    expect((await platformError(web.conversations.list({ types: 'private_channel' }))).error).toBe('missing_scope');
  });

  it('updates bot messages with an edit history and refuses others', async () => {
    const { fake, web } = await setup();
    const posted = await web.chat.postMessage({ channel: 'general', text: 'v1' });
    await web.chat.update({ channel: 'C0GENERAL1', ts: posted.ts ?? '', text: 'v2' });
    expect(fake.messages[0]).toMatchObject({ text: 'v2', edits: [{ text: 'v1' }] });
    const human = fake.addUserMessage('general', 'hello');
    expect((await platformError(web.chat.update({ channel: 'C0GENERAL1', ts: human.ts, text: 'x' }))).error).toBe(
      'cant_update_message',
    );
    expect((await platformError(web.chat.update({ channel: 'C0GENERAL1', ts: '1.000001', text: 'x' }))).error).toBe(
      'message_not_found',
    );
    const link = await web.chat.getPermalink({ channel: 'C0GENERAL1', message_ts: posted.ts ?? '' });
    expect(link.permalink).toMatch(/\/archives\/C0GENERAL1\/p\d{16}$/);
  });
});

describe('Slack fake: incoming webhook', () => {
  const post = (url: string, body: string): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('posts to its channel and answers ok', async () => {
    const { fake } = await setup();
    const res = await post(
      fake.webhookUrl,
      JSON.stringify({ text: 'from hook', channel: '#random', username: 'ignored' }),
    );
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
    expect(fake.messages[0]).toMatchObject({
      channel: 'C0GENERAL1',
      text: 'from hook',
      via: 'webhook',
      username: undefined,
    });
  });

  it('answers errors as plain text with Slack status codes', async () => {
    const { fake } = await setup({ rateLimit: { perSecond: 1, burst: 1 } });
    const check = async (url: string, body: string): Promise<[number, string, string | null]> => {
      const res = await post(url, body);
      return [res.status, await res.text(), res.headers.get('retry-after')];
    };
    expect(await check(fake.webhookUrl, '{oops')).toEqual([400, 'invalid_payload', null]);
    expect(await check(fake.webhookUrl, '{}')).toEqual([400, 'no_text', null]);
    expect(await check(fake.webhookUrl, JSON.stringify({ text: 'ok' }))).toEqual([200, 'ok', null]);
    expect(await check(fake.webhookUrl, JSON.stringify({ text: 'again' }))).toEqual([429, 'rate_limited', '1']);
    fake.failNextWebhook({ error: 'action_prohibited' });
    expect(await check(fake.webhookUrl, JSON.stringify({ text: 'x' }))).toEqual([403, 'action_prohibited', null]);
    fake.addChannel('archived', { is_archived: true });
    expect(await check(fake.addWebhook('archived'), JSON.stringify({ text: 'x' }))).toEqual([
      410,
      'channel_is_archived',
      null,
    ]);
    const goneHook = fake.addWebhook(fake.addChannel('gone').id);
    fake.removeChannel('gone');
    expect(await check(goneHook, JSON.stringify({ text: 'x' }))).toEqual([404, 'channel_not_found', null]);
    expect(fake.rateLimited).toBe(1);
  });
});
