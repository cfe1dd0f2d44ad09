import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { silentSlackLogger, startSlackFake } from './index.js';
import type { SlackFake } from './index.js';

/**
 * The fake's in-flight hooks (a post accepted and its answer held, lost or replaced) and the thread reads Slack
 * offers (conversations.replies; conversations.history never lists thread replies).
 */
let fake: SlackFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(timeout = 10_000): Promise<{ fake: SlackFake; web: WebClient }> {
  fake = await startSlackFake();
  const web = new WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    logger: silentSlackLogger(),
    retryConfig: { retries: 0 },
    timeout,
  });
  return { fake, web };
}

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'answered',
    (e: unknown) => `${(e as { code?: string }).code ?? 'error'}:${(e as Error).message}`,
  );

describe('Slack fake: hooks on calls in flight', () => {
  it('holds the answer of a post it already stored, until released', async () => {
    const { fake, web } = await setup();
    const hook = fake.hookNext('chat.postMessage', { stage: 'after', answer: 'hold' });
    const post = web.chat.postMessage({ channel: 'general', text: 'held' });
    const call = await hook.arrived;
    expect(call.params.text).toBe('held');
    expect(fake.messages.map((m) => m.text)).toEqual(['held']);
    let settled = false;
    void post.finally(() => (settled = true));
    // Control: another call is answered while the held one waits.
    await web.auth.test();
    expect(settled).toBe(false);
    hook.release();
    await expect(post).resolves.toMatchObject({ ok: true, ts: fake.messages[0]!.ts });
  });

  it('holds a post before it runs: nothing is stored while held, nothing when dropped', async () => {
    const { fake, web } = await setup(300);
    const hook = fake.hookNext('chat.postMessage', { stage: 'before', answer: 'hold' });
    const post = outcome(web.chat.postMessage({ channel: 'general', text: 'never stored' }));
    await hook.arrived;
    expect(fake.messages).toEqual([]);
    expect(await post).toMatch(/slack_webapi_request_error/); // the client gave up (timeout 300 ms)
    hook.drop();
    // Control: a later post is stored, the abandoned one is not.
    await web.chat.postMessage({ channel: 'general', text: 'control' });
    expect(fake.messages.map((m) => m.text)).toEqual(['control']);
    expect(fake.calledMethods('chat.postMessage')[0]!.hooked).toEqual({ stage: 'before', answer: 'hold', ran: false });
  });

  it('runs a post held before it ran once released', async () => {
    const { fake, web } = await setup();
    const hook = fake.hookNext('chat.postMessage', { stage: 'before', answer: 'hold' });
    const post = web.chat.postMessage({ channel: 'general', text: 'late' });
    await hook.arrived;
    await web.auth.test();
    expect(fake.messages).toEqual([]);
    hook.release();
    await expect(post).resolves.toMatchObject({ ok: true });
    expect(fake.messages.map((m) => m.text)).toEqual(['late']);
  });

  it('loses the answer after storing: HTTP 500, a reset connection, a timeout', async () => {
    const { fake, web } = await setup(500);
    fake.hookNext('chat.postMessage', { stage: 'after', answer: { status: 500 } });
    expect(await outcome(web.chat.postMessage({ channel: 'general', text: 'five hundred' }))).toMatch(
      /slack_webapi_http_error/,
    );
    fake.hookNext('chat.postMessage', { stage: 'after', answer: 'reset' });
    expect(await outcome(web.chat.postMessage({ channel: 'general', text: 'reset' }))).toMatch(
      /slack_webapi_request_error/,
    );
    fake.hookNext('chat.postMessage', { stage: 'after', answer: 'hang' });
    expect(await outcome(web.chat.postMessage({ channel: 'general', text: 'hang' }))).toMatch(
      /slack_webapi_request_error/,
    );
    expect(fake.messages.map((m) => m.text)).toEqual(['five hundred', 'reset', 'hang']);
  });

  it('matches only the calls it is meant for (thread replies here)', async () => {
    const { fake, web } = await setup();
    const hook = fake.hookNext('chat.postMessage', {
      stage: 'after',
      answer: 'hold',
      match: (p) => p.thread_ts !== undefined,
    });
    const parent = await web.chat.postMessage({ channel: 'general', text: 'parent' });
    const reply = web.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: parent.ts! });
    expect((await hook.arrived).params.text).toBe('reply');
    hook.release();
    await reply;
    expect(hook.hits).toBe(1);
  });
});

describe('Slack fake: reading threads back', () => {
  it('conversations.history lists top-level messages only; conversations.replies the whole thread with metadata', async () => {
    const { web } = await setup();
    const meta = (id: string) => ({ event_type: 'forgebell_delivery', event_payload: { delivery_id: id } });
    const parent = await web.chat.postMessage({ channel: 'general', text: 'parent', metadata: meta('p') });
    await web.chat.postMessage({ channel: 'general', text: 'r1', thread_ts: parent.ts!, metadata: meta('r1') });
    const r2 = await web.chat.postMessage({
      channel: 'general',
      text: 'r2',
      thread_ts: parent.ts!,
      metadata: meta('r2'),
    });
    const history = await web.conversations.history({ channel: 'C0GENERAL1', include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['parent']);
    expect(history.messages?.[0]).toMatchObject({ reply_count: 2 });

    const thread = await web.conversations.replies({
      channel: 'C0GENERAL1',
      ts: r2.ts!,
      include_all_metadata: true,
    });
    expect(thread.messages?.map((m) => m.text)).toEqual(['parent', 'r1', 'r2']);
    expect(thread.messages?.map((m) => (m.metadata?.event_payload as { delivery_id?: string })?.delivery_id)).toEqual([
      'p',
      'r1',
      'r2',
    ]);
    const bare = await web.conversations.replies({ channel: 'C0GENERAL1', ts: parent.ts! });
    expect(bare.messages?.every((m) => m.metadata === undefined)).toBe(true);

    const page1 = await web.conversations.replies({ channel: 'C0GENERAL1', ts: parent.ts!, limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['parent', 'r1']);
    expect(page1.has_more).toBe(true);
    const page2 = await web.conversations.replies({
      channel: 'C0GENERAL1',
      ts: parent.ts!,
      limit: 2,
      cursor: page1.response_metadata!.next_cursor!,
    });
    expect(page2.messages?.map((m) => m.text)).toEqual(['r2']);
    expect(page2.has_more).toBe(false);

    await expect(web.conversations.replies({ channel: 'C0GENERAL1', ts: '1.000001' })).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
  });
});
