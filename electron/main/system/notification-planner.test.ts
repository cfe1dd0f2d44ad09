import { describe, expect, it } from 'vitest';
import { NotificationPlanner, type NotificationPrefs } from './notification-planner.js';
import { makeFeedItem } from '../../../test/support/electron/status-fixtures.js';

const all: NotificationPrefs = { enabled: true, subscriptions: 'all' };

describe('NotificationPlanner', () => {
  it('notifies a delivered item once, with a click URL', () => {
    const planner = new NotificationPlanner({ now: () => 0 });
    const item = makeFeedItem(1);
    expect(planner.plan(item, all)).toEqual({
      title: 'octo/hello · GitHub',
      body: 'mona: Issue #1 opened',
      url: 'https://github.com/octo/hello/issues/1',
    });
    expect(planner.plan(item, all)).toBeNull();
  });

  it('stays quiet when off, for filtered or queued items, and for unselected subscriptions', () => {
    const planner = new NotificationPlanner({ now: () => 0 });
    expect(planner.plan(makeFeedItem(1), { enabled: false, subscriptions: 'all' })).toBeNull();
    expect(planner.plan(makeFeedItem(2, { fate: 'filtered' }), all)).toBeNull();
    expect(planner.plan(makeFeedItem(3, { fate: 'queued' }), all)).toBeNull();
    expect(
      planner.plan(makeFeedItem(4, {}, { subscriptionId: 's2' }), { enabled: true, subscriptions: ['s1'] }),
    ).toBeNull();
    expect(
      planner.plan(makeFeedItem(5, {}, { subscriptionId: 's1' }), { enabled: true, subscriptions: ['s1'] }),
    ).not.toBeNull();
  });

  it('tells about failed deliveries with the reason', () => {
    const planner = new NotificationPlanner({ now: () => 0 });
    expect(planner.plan(makeFeedItem(1, { fate: 'failed' }, { reason: 'The channel is archived.' }), all)).toEqual({
      title: 'Not posted to Slack: octo/hello',
      body: 'The channel is archived.',
      url: null,
    });
  });

  it('collapses a burst into one summary, then starts again after the window', () => {
    let now = 0;
    const planner = new NotificationPlanner({ now: () => now, burstLimit: 3, windowMs: 10_000 });
    const plans = Array.from({ length: 50 }, (_, i) => planner.plan(makeFeedItem(i + 1), all));
    expect(plans.filter((p) => p !== null)).toHaveLength(4);
    expect(plans[3]).toEqual({
      title: 'Forgebell',
      body: 'More activity — open the live feed to see it all.',
      url: null,
    });
    now = 10_000;
    expect(planner.plan(makeFeedItem(100), all)).toMatchObject({ body: 'mona: Issue #100 opened' });
  });

  it("shows the owner's personal notifications once, and nobody else's DMs", () => {
    const planner = new NotificationPlanner({ now: () => 0 });
    const notice = {
      reason: 'review_requested' as const,
      title: 'You were asked to review',
      body: 'octo/hello: Faster cache (carol)',
      url: 'https://github.com/octo/hello/pull/7',
      feedId: 9,
    };
    expect(planner.planPersonal(notice, false)).toBeNull();
    expect(planner.planPersonal(notice, true)).toEqual({
      title: 'You were asked to review',
      body: 'octo/hello: Faster cache (carol)',
      url: 'https://github.com/octo/hello/pull/7',
    });
    expect(planner.planPersonal(notice, true)).toBeNull();
    // The same DM's feed row, delivered later, is not shown again; another person's DM never is.
    expect(
      planner.plan(makeFeedItem(9, {}, { kind: 'dm', target: 'U0ME000001', subscriptionId: null }), all),
    ).toBeNull();
    expect(
      planner.plan(makeFeedItem(10, {}, { kind: 'dm', target: 'U0BOB00001', subscriptionId: null }), all),
    ).toBeNull();
    expect(planner.plan(makeFeedItem(11), all)).not.toBeNull();
  });
});
