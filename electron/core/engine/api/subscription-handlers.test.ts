import { describe, expect, it } from 'vitest';
import {
  memoryAdapter,
  memoryQueue,
  memorySettings,
  recordingLogger,
} from '../../../../test/support/in-memory-ports.js';
import { subscriptionView } from '../subscription-view.js';
import { subscriptionHandlers } from './subscription-handlers.js';

function setup(slackReady = true) {
  const settings = memorySettings((s) => {
    s.slack.defaultChannel = 'general';
    s.accounts.push({ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null });
  });
  const adapter = memoryAdapter('github');
  adapter.repos.set('Octo/App', 'public');
  const m = memoryQueue();
  const h = subscriptionHandlers({
    settings: settings.access,
    clock: {
      now: () => Date.parse('2025-06-02T09:00:00Z'),
      monotonic: () => 0,
      setTimeout: () => ({ cancel: () => undefined }),
    },
    logger: recordingLogger(),
    adapter: (id) => (id === 'github' ? adapter : undefined),
    subscriptionView: (s) =>
      subscriptionView(s, { settings: settings.access.current(), pollState: () => undefined, lastEventAt: () => null }),
    queue: m.queue,
    slackReady: () => slackReady,
  });
  return { h, settings, m };
}

describe('subscriptions.* against in-memory ports', () => {
  it('add checks the repository on the forge (its spelling, its feed position), refuses a duplicate', async () => {
    const { h, settings } = setup();
    const sub = await h['subscriptions.add']({ account: 'github', repo: ' octo/app ' });
    expect(sub).toMatchObject({ repo: 'Octo/App', forge: 'github', channel: null, enabled: true, error: null });
    expect(settings.access.current().subscriptions[0]).toMatchObject({
      sinceSeq: 42,
      createdAt: '2025-06-02T09:00:00.000Z',
    });
    await expect(h['subscriptions.add']({ account: 'github', repo: 'octo/app' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Octo/App already notifies #general; edit that subscription instead.',
    });
    await expect(h['subscriptions.add']({ account: 'github', repo: 'octo/gone' })).rejects.toMatchObject({
      code: 'invalid_params',
      issues: [{ path: 'repo', message: expect.stringMatching(/octo\/gone was not found with account github/) }],
    });
    await expect(h['subscriptions.add']({ account: 'nope', repo: 'o/r' })).rejects.toMatchObject({
      code: 'invalid_params',
    });
  });

  it('turning a subscription back on makes it hear events from now, not what it missed', async () => {
    const { h, settings } = setup();
    const { id } = await h['subscriptions.add']({ account: 'github', repo: 'octo/app', enabled: false });
    await h['subscriptions.setEnabled']({ id, enabled: true });
    expect(settings.access.current().subscriptions[0]).toMatchObject({
      enabled: true,
      since: '2025-06-02T09:00:00.000Z',
    });
    await expect(h['subscriptions.update']({ id: 'missing', patch: {} })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the test message is one feed row, its destination and one outbox row in one write, pushed and woken', async () => {
    const { h, m } = setup();
    const { id } = await h['subscriptions.add']({ account: 'github', repo: 'octo/app' });
    const { feedId } = await h['subscriptions.test']({ id });
    expect(m.feed.get(feedId)).toMatchObject({
      summary: 'Test notification for Octo/App',
      fate: 'queued',
      destinations: [{ kind: 'channel', target: 'general', subscriptionId: id, fate: 'queued' }],
    });
    expect(m.outbox.byFeedId(feedId)).toMatchObject({ kind: 'test', channel: 'general', state: 'pending' });
    expect(m.pushed).toEqual([feedId]);
    expect(m.wakes).toBe(1);
  });

  it('no test message while Slack is not set up', async () => {
    const { h, m } = setup(false);
    const { id } = await h['subscriptions.add']({ account: 'github', repo: 'octo/app' });
    await expect(h['subscriptions.test']({ id })).rejects.toMatchObject({ code: 'failed' });
    expect(m.feed.page({}).total).toBe(0);
  });
});
