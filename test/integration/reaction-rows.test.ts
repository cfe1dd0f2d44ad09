import { afterEach, describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../electron/core/events/forge-event.js';
import type { OutboxPayload } from '../../electron/core/slack/delivery/delivery-service.js';
import { sampleEvent } from '../fixtures/sample-events.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type DeliveryRig, startDeliveryRig } from '../support/delivery-rig.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * An outbox row of kind `reaction` (a passing run that `onlyBrokenPipelines` does not post): nothing goes to Slack, and
 * it hands the thread parents of the pull requests the run checked to the reactions lane in the channel's order — never
 * before the card of the failure that put the `x` there, even while that card's post is held.
 */
let slack: SlackFake;
let rig: DeliveryRig;
afterEach(async () => {
  await rig?.close();
  await slack?.close();
});

const run = (id: string, status: string): ForgeEvent => {
  const base = sampleEvent('pipelines', { id, action: status, branch: 'one', subjectKey: null, checksFor: ['pull:1'] });
  return { ...base, details: { ...base.details, status } } as ForgeEvent;
};

describe('reaction rows', () => {
  it('wait behind the failure’s card in their channel, post nothing, and clear the x after it', async () => {
    slack = await startSlackFake();
    const handed: { ts: string; action: string }[] = [];
    rig = startDeliveryRig(slack, {
      onThreadEvent: (parent, event) => handed.push({ ts: parent.ts, action: event.action }),
    });
    const failed = run('run-failed', 'failure');
    rig.threads.put('general', failed.accountId, failed.repo, 'pull:1', { channelId: 'C-general', ts: '111.000' });
    const card = rig.enqueueEvent(failed);
    const passed = run('run-passed', 'success');
    const reaction = rig.outbox.enqueue({
      deliveryId: `${passed.id}|sub-1|checks-passed`,
      feedId: null,
      subscriptionId: 'sub-1',
      channel: 'general',
      kind: 'reaction',
      payload: JSON.stringify({ kind: 'checks-passed', event: passed } satisfies OutboxPayload),
      at: Date.now(),
    });
    const post = slack.hookNext('chat.postMessage', { stage: 'before', answer: 'hold' });
    rig.service.start();
    await post.arrived; // the failure's card is on its way (alive)…
    await sleep(300);
    // …and the reaction row waits behind it.
    expect(handed).toEqual([]);
    expect(rig.committed(reaction).state).toBe('pending');
    post.release();
    await until(() => handed.length === 2, 'both handed to the reactions lane');
    expect(handed).toEqual([
      { ts: '111.000', action: 'failure' },
      { ts: '111.000', action: 'success' },
    ]);
    expect(rig.committed(card).state).toBe('sent');
    expect(rig.committed(reaction)).toEqual({ state: 'sent', attempts: 0, sentTs: null });
    expect(slack.messages).toHaveLength(1);
  });
});
