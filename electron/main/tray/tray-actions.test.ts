import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../contract/api.js';
import { pauseUntil, TOMORROW_HOUR } from './pause-times.js';
import { makeStatus, makeSubscription } from '../../../test/support/electron/status-fixtures.js';
import { runTrayAction, TrayActionError, type TrayActionDeps } from './tray-actions.js';
import { buildTrayModel, type TrayState } from './tray-model.js';

const NOW = new Date(2025, 2, 4, 15, 30, 0);

function setup(state: Partial<TrayState> = {}) {
  const subs = [makeSubscription('s1', 'octo/on'), makeSubscription('s2', 'octo/off', { enabled: false })];
  const model = buildTrayModel({
    engine: { phase: 'running', status: makeStatus({ paused: { until: null, mode: 'hold' } }) },
    subscriptions: subs,
    launchAtLogin: false,
    ...state,
  });
  const handlers = {
    'subscriptions.setEnabled': vi.fn(async (p: { id: string; enabled: boolean }) =>
      makeSubscription(p.id, 'octo/x', { enabled: p.enabled }),
    ),
    'engine.pause': vi.fn(async () => ({ ok: true as const })),
    'engine.resume': vi.fn(async () => ({ ok: true as const })),
    'engine.pollNow': vi.fn(async () => ({ ok: true as const })),
  } satisfies Pick<ApiHandlers, 'subscriptions.setEnabled' | 'engine.pause' | 'engine.resume' | 'engine.pollNow'>;
  const deps = {
    handlers,
    showRoute: vi.fn<TrayActionDeps['showRoute']>(),
    setLaunchAtLogin: vi.fn<TrayActionDeps['setLaunchAtLogin']>(async () => undefined),
    quit: vi.fn<TrayActionDeps['quit']>(),
    now: () => NOW,
  } satisfies TrayActionDeps;
  return { model, handlers, deps };
}

describe('runTrayAction', () => {
  it('toggles a subscription at once, flipping what the menu showed', async () => {
    const { model, handlers, deps } = setup();
    await runTrayAction(model, 'sub:s1', deps);
    await runTrayAction(model, 'sub:s2', deps);
    expect(handlers['subscriptions.setEnabled'].mock.calls).toEqual([
      [{ id: 's1', enabled: false }],
      [{ id: 's2', enabled: true }],
    ]);
  });

  it('pauses for an hour or until tomorrow morning, holding notifications', async () => {
    const { model, handlers, deps } = setup();
    await runTrayAction(model, 'pause:1h', deps);
    await runTrayAction(model, 'pause:tomorrow', deps);
    expect(handlers['engine.pause'].mock.calls).toEqual([
      [{ until: new Date(NOW.getTime() + 3_600_000).toISOString(), mode: 'hold' }],
      [{ until: new Date(2025, 2, 5, TOMORROW_HOUR, 0, 0).toISOString(), mode: 'hold' }],
    ]);
  });

  it('resumes and polls', async () => {
    const { model, handlers, deps } = setup();
    await runTrayAction(model, 'resume', deps);
    await runTrayAction(model, 'poll', deps);
    expect(handlers['engine.resume']).toHaveBeenCalledWith({});
    expect(handlers['engine.pollNow']).toHaveBeenCalledWith({});
  });

  it('opens the window, the feed and each wizard step', async () => {
    const { model, deps } = setup();
    for (const id of ['open', 'feed', 'connect:slack', 'connect:github', 'connect:gitlab', 'connect:gitea'])
      await runTrayAction(model, id, deps);
    expect(deps.showRoute.mock.calls).toEqual([
      [null],
      ['/feed'],
      ['/setup/slack'],
      ['/setup/forge/github'],
      ['/setup/forge/gitlab'],
      ['/setup/forge/gitea'],
    ]);
  });

  it('"For you" opens the feed filtered to the owner', async () => {
    const { deps } = setup();
    const model = buildTrayModel({
      engine: { phase: 'running', status: makeStatus({ forYou: 2 }) },
      subscriptions: [],
      launchAtLogin: false,
    });
    await runTrayAction(model, 'for-you', deps);
    expect(deps.showRoute.mock.calls).toEqual([['/feed?for=me']]);
  });

  it('opens the subscriptions page from the empty submenu', async () => {
    const { deps } = setup();
    const empty = buildTrayModel({
      engine: { phase: 'running', status: makeStatus() },
      subscriptions: [],
      launchAtLogin: false,
    });
    await runTrayAction(empty, 'subscriptions:add', deps);
    expect(deps.showRoute).toHaveBeenCalledWith('/subscriptions');
  });

  it('flips launch at login and quits', async () => {
    const { deps } = setup();
    const on = buildTrayModel({ engine: { phase: 'starting' }, subscriptions: [], launchAtLogin: true });
    await runTrayAction(on, 'launch-at-login', deps);
    expect(deps.setLaunchAtLogin).toHaveBeenCalledWith(false);
    await runTrayAction(on, 'quit', deps);
    expect(deps.quit).toHaveBeenCalledOnce();
  });

  it('refuses unknown, disabled and non-clickable items', async () => {
    const { model, deps } = setup();
    await expect(runTrayAction(model, 'sub:nope', deps)).rejects.toThrow(TrayActionError);
    await expect(runTrayAction(model, 'status', deps)).rejects.toThrow('No tray item "status"');
    const stopped = buildTrayModel({
      engine: { phase: 'failed', error: 'x' },
      subscriptions: [makeSubscription('s1', 'o/r')],
      launchAtLogin: false,
    });
    await expect(runTrayAction(stopped, 'poll', deps)).rejects.toThrow('disabled');
  });

  it('says the engine is not running when handlers are gone', async () => {
    const { model, deps } = setup();
    await expect(runTrayAction(model, 'poll', { ...deps, handlers: null })).rejects.toThrow(
      'The engine is not running.',
    );
  });
});

describe('pauseUntil', () => {
  it('ends tomorrow morning even late at night and across month ends', () => {
    expect(pauseUntil('tomorrow', new Date(2025, 0, 31, 23, 59))).toEqual(new Date(2025, 1, 1, TOMORROW_HOUR, 0, 0));
    expect(pauseUntil('tomorrow', new Date(2025, 11, 31, 0, 5))).toEqual(new Date(2026, 0, 1, TOMORROW_HOUR, 0, 0));
  });
});
