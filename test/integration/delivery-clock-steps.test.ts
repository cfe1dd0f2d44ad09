import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../fixtures/sample-events.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type DeliveryRig, startDeliveryRig } from '../support/delivery-rig.js';
import { runVirtual, runVirtualUntil, SteppingClock } from '../support/stepping-clock.js';

/**
 * A wall-clock step (NTP, a VM resumed, the user fixing the time) must neither stall delivery for the length of the
 * step nor let it burst: the per-channel pace and every retry wait are measured on the monotonic clock. Virtual time:
 * the clock only moves when the test moves it; the wall clock steps by an hour either way.
 */
const HOUR = 3_600_000;
let slack: SlackFake;
let rig: DeliveryRig;
afterEach(async () => {
  await rig?.close();
  await slack?.close();
});

const event = (id: string) => sampleEvent('issues', { id, title: `Issue ${id}`, subjectKey: null });
const CHANNEL_IDS: Record<string, string> = { general: 'C0GENERAL1', random: 'C0RANDOM01' };
const posts = (channel: string) =>
  slack.calledMethods('chat.postMessage').filter((c) => c.params.channel === CHANNEL_IDS[channel]).length;

describe('delivery across wall-clock steps', () => {
  it.each([
    ['backwards', -HOUR],
    ['forwards', HOUR],
  ])('the per-channel pace holds when the wall clock steps %s', async (_dir, step) => {
    slack = await startSlackFake();
    const clock = new SteppingClock();
    rig = startDeliveryRig(slack, { clock, burst: 1 });
    const ids = ['a', 'b', 'c'].map((k) => rig.enqueueEvent(event(k), { threads: false }));
    rig.service.start();
    const sent = () => ids.filter((id) => rig.committed(id).state === 'sent').length;
    await runVirtualUntil(clock, () => sent() === 1, 'the first message', 5_000);
    clock.stepWall(step);
    // One message a second: the next two after about two seconds — not after an hour, and not at once.
    const took = await runVirtualUntil(clock, () => sent() === 3, 'the other two', 20_000);
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(slack.messages).toHaveLength(3);
  });

  it.each([
    ['backwards', -HOUR],
    ['forwards', HOUR],
  ])('a Retry-After is waited out in full, no more, when the wall clock steps %s', async (_dir, step) => {
    slack = await startSlackFake();
    const clock = new SteppingClock();
    rig = startDeliveryRig(slack, { clock });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const held = rig.enqueueEvent(event('limited'), { threads: false });
    rig.service.start();
    await runVirtualUntil(
      clock,
      () => rig.committed(held).attempts === 1 && rig.committed(held).state === 'pending',
      'the rate-limited post',
      5_000,
    );
    clock.stepWall(step);
    // Control: the service is alive (another channel's message goes out) while the limited one waits.
    const control = rig.enqueueEvent(event('control'), { channel: 'random', threads: false });
    rig.service.wake();
    await runVirtualUntil(clock, () => rig.committed(control).state === 'sent', 'the control message', 5_000);
    await runVirtual(clock, 25_000 - clock.monotonic());
    expect(posts('general')).toBe(1);
    expect(rig.committed(held).state).toBe('pending');
    await runVirtualUntil(clock, () => rig.committed(held).state === 'sent', 'the retry after 30 s', 15_000);
    expect(posts('general')).toBe(2);
  });

  it('a backoff after a 5xx is waited out on the monotonic clock when the wall clock steps backwards', async () => {
    slack = await startSlackFake();
    const clock = new SteppingClock();
    rig = startDeliveryRig(slack, { clock });
    slack.failNext('chat.postMessage', { status: 503 });
    const id = rig.enqueueEvent(event('backoff'), { threads: false });
    rig.service.start();
    await runVirtualUntil(clock, () => posts('general') === 1, 'the failed post', 5_000);
    clock.stepWall(-HOUR);
    // The first backoff is 0.5–1.5 s.
    await runVirtualUntil(clock, () => rig.committed(id).state === 'sent', 'the retry', 10_000);
  });
});
