import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../fixtures/sample-events.js';
import { type HookAnswer, type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type DeliveryRig, deliveryIds, startDeliveryRig } from '../support/delivery-rig.js';
import { until } from '../support/wait-until.js';

/**
 * The outbox's exactly-once rules on the real delivery path against the Slack fake: the order in which states are
 * committed around the network call, and a post whose answer is lost after Slack stored it (HTTP 500, a reset
 * connection, a timeout) — looked for by its delivery id before any resend, in its thread when it is a reply.
 */
let slack: SlackFake;
let rig: DeliveryRig;
afterEach(async () => {
  await rig?.close();
  await slack?.close();
});

const issue = (id: string, title = `Issue ${id}`) =>
  sampleEvent('issues', { id, title, subjectKey: `issue:${id}`, number: 12 });
const comment = (id: string, subject: string) =>
  sampleEvent('comments', { id, subjectKey: `issue:${subject}`, title: `Issue ${subject}` });

describe('outbox write order', () => {
  it('commits sending before the post leaves, and sent before anything else is asked (the permalink)', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack);
    const id = rig.enqueueEvent(issue('order'));
    expect(rig.committed(id)).toMatchObject({ state: 'pending', attempts: 0 });
    const post = slack.hookNext('chat.postMessage', { stage: 'before', answer: 'hold' });
    const link = slack.hookNext('chat.getPermalink', { stage: 'before', answer: 'hold' });
    rig.service.start();
    await post.arrived;
    expect(rig.committed(id)).toMatchObject({ state: 'sending', attempts: 1 });
    post.release();
    await link.arrived;
    expect(rig.committed(id)).toEqual({ state: 'sent', attempts: 1, sentTs: slack.messages[0]!.ts });
    link.release();
    await until(
      () => rig.feed.get(1)?.destinations[0]?.slackLink?.startsWith('https://') === true,
      'the permalink in the feed',
    );
  });

  it('a thread reply: the parent is updated before the reply is posted, all while the row is sending', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack);
    rig.enqueueEvent(issue('t1'));
    rig.service.start();
    await until(() => slack.messages.length === 1, 'the parent');
    const update = slack.hookNext('chat.update', { stage: 'before', answer: 'hold' });
    const reply = rig.enqueueEvent(comment('t1-c1', 't1'));
    rig.service.wake();
    await update.arrived;
    expect(rig.committed(reply)).toMatchObject({ state: 'sending' });
    expect(slack.calledMethods('chat.postMessage')).toHaveLength(1);
    update.release();
    await until(() => rig.committed(reply).state === 'sent', 'the reply sent');
    expect(slack.messages[1]!.thread_ts).toBe(slack.messages[0]!.ts);
    expect(slack.messages[0]!.edits).toHaveLength(1);
  });
});

describe('a post whose answer is lost after Slack stored it', () => {
  it.each<[string, HookAnswer]>([
    ['HTTP 500', { status: 500 }],
    ['a reset connection', 'reset'],
    ['a timeout', 'hang'],
  ])('%s: looked for before any resend, posted once', async (_name, answer) => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack, { timeoutMs: 800 });
    slack.hookNext('chat.postMessage', { stage: 'after', answer });
    const id = rig.enqueueEvent(issue('lost'));
    rig.service.start();
    await until(() => rig.committed(id).state === 'sent', 'the row recorded as sent');
    expect(deliveryIds(slack)).toEqual(['lost|sub-1']);
    expect(slack.calledMethods('chat.postMessage')).toHaveLength(1);
    expect(rig.service.recovery).toMatchObject({ lookedFor: 1, found: 1, absent: 0, unknown: 0 });
    expect(rig.committed(id).sentTs).toBe(slack.messages[0]!.ts);
    // The thread starts at the message found: a later event replies under it.
    rig.enqueueEvent(comment('lost-c1', 'lost'));
    rig.service.wake();
    await until(() => slack.messages.length === 2, 'the reply');
    expect(slack.messages[1]!.thread_ts).toBe(slack.messages[0]!.ts);
  });

  it('a thread reply is found in its thread (conversations.replies), which history never lists', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack);
    rig.enqueueEvent(issue('r1'));
    rig.service.start();
    await until(() => slack.messages.length === 1, 'the parent');
    slack.hookNext('chat.postMessage', {
      stage: 'after',
      answer: { status: 500 },
      match: (p) => p.thread_ts !== undefined,
    });
    const reply = rig.enqueueEvent(comment('r1-c1', 'r1'));
    rig.service.wake();
    await until(() => rig.committed(reply).state === 'sent', 'the reply recorded as sent');
    expect(deliveryIds(slack)).toEqual(['r1|sub-1', 'r1-c1|sub-1']);
    expect(rig.service.recovery).toMatchObject({ lookedFor: 1, found: 1 });
    expect(slack.calledMethods('conversations.replies')).toHaveLength(1);
    expect(slack.calledMethods('conversations.history')).toHaveLength(0);
  });

  it('when the lookup itself fails, nothing is posted until Slack can be asked', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack);
    slack.hookNext('chat.postMessage', { stage: 'after', answer: 'reset' });
    slack.hookNext('conversations.history', { stage: 'before', answer: { status: 503 } });
    const id = rig.enqueueEvent(issue('ask-again'));
    rig.service.start();
    await until(() => rig.committed(id).state === 'sent', 'the row recorded as sent');
    expect(slack.calledMethods('conversations.history')).toHaveLength(2);
    expect(slack.calledMethods('chat.postMessage')).toHaveLength(1);
    expect(rig.service.recovery).toMatchObject({ lookedFor: 2, found: 1 });
  });

  it('a post that never reached Slack is found absent and posted', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack);
    slack.hookNext('chat.postMessage', { stage: 'before', answer: 'reset' });
    const id = rig.enqueueEvent(issue('never-arrived'));
    rig.service.start();
    await until(() => rig.committed(id).state === 'sent', 'the row recorded as sent');
    expect(deliveryIds(slack)).toEqual(['never-arrived|sub-1']);
    expect(rig.service.recovery).toMatchObject({ lookedFor: 1, found: 0, absent: 1 });
  });

  it('a failed row retried from the feed is looked for first if it was ever attempted', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack, { maxAttempts: 1 });
    slack.hookNext('chat.postMessage', { stage: 'after', answer: { status: 502 } });
    const id = rig.enqueueEvent(issue('given-up'));
    rig.service.start();
    await until(() => rig.committed(id).state === 'failed', 'the row failed after one attempt');
    rig.outbox.requeue(id, Date.now());
    rig.service.wake();
    await until(() => rig.committed(id).state === 'sent', 'the retried row sent');
    expect(deliveryIds(slack)).toEqual(['given-up|sub-1']);
    expect(rig.service.recovery).toMatchObject({ found: 1 });
  });

  it('when the outbox cannot record `sent` after Slack accepted, the row stays `sending` and is found, not resent', async () => {
    slack = await startSlackFake();
    rig = startDeliveryRig(slack, { storageRetryMs: 300 });
    // The fault is in the database: marking any row sent fails, as a full disk would make it.
    rig.side.exec(
      `CREATE TRIGGER injected_fault BEFORE UPDATE OF state ON outbox WHEN NEW.state = 'sent'
       BEGIN SELECT RAISE(ABORT, 'injected fault: disk I/O error'); END`,
    );
    const id = rig.enqueueEvent(issue('unrecorded'));
    rig.service.start();
    await until(() => rig.storageErrors.length >= 1, 'the storage error reported');
    expect(slack.messages).toHaveLength(1);
    expect(rig.committed(id).state).toBe('sending');
    rig.side.exec('DROP TRIGGER injected_fault');
    await until(() => rig.committed(id).state === 'sent', 'the row recorded as sent');
    expect(deliveryIds(slack)).toEqual(['unrecorded|sub-1']);
    expect(rig.service.recovery).toMatchObject({ found: 1 });
  });

  it('without a history scope the lookup cannot tell: it says so, and posts', async () => {
    slack = await startSlackFake();
    slack.setScopes(['chat:write', 'chat:write.public', 'channels:read']);
    rig = startDeliveryRig(slack);
    slack.hookNext('chat.postMessage', { stage: 'after', answer: { status: 500 } });
    const id = rig.enqueueEvent(issue('blind'));
    rig.service.start();
    await until(() => rig.committed(id).state === 'sent', 'the row recorded as sent');
    expect(rig.service.recovery).toMatchObject({ lookedFor: 1, unknown: 1 });
    expect(rig.logs.some((l) => l.level === 'warn' && /cannot tell whether Slack has it/.test(l.message))).toBe(true);
    expect(deliveryIds(slack)).toEqual(['blind|sub-1', 'blind|sub-1']);
  });
});
