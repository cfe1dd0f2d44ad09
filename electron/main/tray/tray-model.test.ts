import { describe, expect, it } from 'vitest';
import { makeAccount, makeStatus, makeSubscription } from '../../../test/support/electron/status-fixtures.js';
import {
  buildTrayModel,
  findTrayItem,
  FLAT_SUBSCRIPTION_LIMIT,
  MAX_SUBSCRIPTION_LABEL,
  MAX_TOOLTIP,
  type TrayItem,
  type TrayState,
} from './tray-model.js';

const formatUntil = (iso: string): string => `<${iso}>`;

function running(
  statusPatch: Parameters<typeof makeStatus>[0] = {},
  slack: Parameters<typeof makeStatus>[1] = {},
  subs: TrayState['subscriptions'] = [],
): TrayState {
  return {
    engine: { phase: 'running', status: makeStatus(statusPatch, slack) },
    subscriptions: subs,
    launchAtLogin: false,
  };
}

function submenu(items: readonly TrayItem[], id: string): TrayItem[] {
  const item = findTrayItem(items, id);
  if (!item || item.kind !== 'submenu') throw new Error(`no submenu ${id}`);
  return item.items;
}

function labelOf(items: readonly TrayItem[], id: string): string {
  const item = findTrayItem(items, id);
  if (!item || item.kind === 'separator') throw new Error(`no item ${id}`);
  return item.label;
}

describe('buildTrayModel icon state', () => {
  const cases: [string, TrayState, string][] = [
    ['starting', { engine: { phase: 'starting' }, subscriptions: [], launchAtLogin: false }, 'ok'],
    ['all good', running({ subscriptions: { total: 1, enabled: 1 } }), 'ok'],
    ['unread activity', running({ unread: 3 }), 'activity'],
    ['Slack not configured', running({}, { mode: 'none', team: null, socket: 'disabled' }), 'degraded'],
    ['forge rate-limited', running({ accounts: [makeAccount('github', 'degraded')] }), 'degraded'],
    ['Socket Mode reconnecting', running({}, { socket: 'reconnecting' }), 'degraded'],
    ['failed deliveries', running({ outbox: { pending: 0, failed: 2 } }), 'degraded'],
    ['broken subscription', running({}, {}, [makeSubscription('s1', 'o/r', { error: 'repo not found' })]), 'degraded'],
    ['token revoked', running({}, { error: 'invalid_auth' }), 'error'],
    ['Socket Mode failed', running({}, { socket: 'failed', socketError: 'bad app token' }), 'error'],
    [
      'forge auth error',
      running({ accounts: [makeAccount('github', 'error', { error: '401 Bad credentials' })] }),
      'error',
    ],
    [
      'engine failed',
      { engine: { phase: 'failed', error: 'settings file is corrupt' }, subscriptions: [], launchAtLogin: false },
      'error',
    ],
    ['paused', running({ paused: { until: '2025-01-01T10:00:00.000Z', mode: 'hold' }, unread: 5 }), 'paused'],
    ['error wins over paused', running({ paused: { until: null, mode: 'hold' } }, { error: 'invalid_auth' }), 'error'],
    [
      'paused wins over degraded',
      running({ paused: { until: null, mode: 'hold' }, accounts: [makeAccount('a', 'degraded')] }),
      'paused',
    ],
  ];
  it.each(cases)('%s', (_name, state, icon) => {
    expect(buildTrayModel(state, { formatUntil }).icon).toBe(icon);
  });
});

describe('buildTrayModel status line and tooltip', () => {
  it('names the workspace and the number of subscriptions', () => {
    const model = buildTrayModel(running({ subscriptions: { total: 12, enabled: 10 } }), { formatUntil });
    expect(labelOf(model.items, 'status')).toBe('Connected to Slack workspace Acme · 12 subscriptions');
    expect(model.tooltip).toBe('Forgebell — Connected to Slack workspace Acme · 12 subscriptions');
  });

  it('says when Slack is not connected, posts by webhook, or reports an error', () => {
    expect(
      labelOf(
        buildTrayModel(running({ subscriptions: { total: 1, enabled: 1 } }, { mode: 'none', team: null })).items,
        'status',
      ),
    ).toBe('Not connected to Slack · 1 subscription');
    expect(labelOf(buildTrayModel(running({}, { mode: 'webhook', team: null })).items, 'status')).toBe(
      'Posting to Slack by webhook · 0 subscriptions',
    );
    expect(labelOf(buildTrayModel(running({}, { error: 'token_revoked' })).items, 'status')).toBe(
      'Slack: token_revoked',
    );
    expect(
      labelOf(
        buildTrayModel({ engine: { phase: 'starting' }, subscriptions: [], launchAtLogin: false }).items,
        'status',
      ),
    ).toBe('Starting…');
    expect(
      labelOf(
        buildTrayModel({ engine: { phase: 'failed', error: 'boom' }, subscriptions: [], launchAtLogin: false }).items,
        'status',
      ),
    ).toBe('Engine stopped: boom');
  });

  it('lists what is wrong under the status line', () => {
    const model = buildTrayModel(
      running(
        {
          accounts: [
            makeAccount('work', 'error', { forge: 'gitlab', error: '401 token revoked' }),
            makeAccount('gh', 'degraded', { rateLimit: { limit: 5000, remaining: 0, resetAt: null } }),
          ],
          outbox: { pending: 1, failed: 1 },
        },
        { socket: 'failed', socketError: 'invalid app token' },
      ),
    );
    const labels = model.items
      .filter((i) => i.id.startsWith('problem:'))
      .map((i) => (i.kind === 'label' ? i.label : ''));
    expect(labels).toEqual([
      'Slack commands offline: invalid app token',
      'GitLab (work): 401 token revoked',
      'GitHub (gh): rate-limited',
      '1 message could not be posted',
    ]);
  });

  it('puts an engine problem (a full disk) first, in the error state', () => {
    const problem = 'The disk holding /data is full: Forgebell cannot keep recording new events.';
    const model = buildTrayModel(running({ problem, outbox: { pending: 0, failed: 1 } }), { formatUntil });
    const labels = model.items
      .filter((i) => i.id.startsWith('problem:'))
      .map((i) => (i.kind === 'label' ? i.label : ''));
    expect(labels[0]).toMatch(/^The disk holding \/data is full/);
    expect(model.icon).toBe('error');
  });

  it('shows unread in the title (capped at 99+) and the feed label', () => {
    expect(buildTrayModel(running({ unread: 0 })).title).toBe('');
    const some = buildTrayModel(running({ unread: 7 }));
    expect(some.title).toBe('7');
    expect(labelOf(some.items, 'feed')).toBe('Live feed (7 new)');
    expect(some.tooltip).toContain('7 new');
    expect(buildTrayModel(running({ unread: 250 })).title).toBe('99+');
  });

  it('with an owner, the title counts what waits for them, and "For you" opens their view', () => {
    const mine = buildTrayModel(running({ unread: 40, forYou: 3 }));
    expect(mine.title).toBe('3');
    expect(labelOf(mine.items, 'for-you')).toBe('For you (3)');
    expect(mine.tooltip).toContain('3 things for you');
    expect(labelOf(mine.items, 'feed')).toBe('Live feed (40 new)');
    expect(buildTrayModel(running({ unread: 40, forYou: 0 })).title).toBe('');
    expect(findTrayItem(buildTrayModel(running({ unread: 4, forYou: null })).items, 'for-you')).toBeNull();
  });

  it('shows when a pause ends', () => {
    const model = buildTrayModel(running({ paused: { until: '2025-03-04T08:00:00.000Z', mode: 'hold' } }), {
      formatUntil,
    });
    expect(labelOf(model.items, 'paused')).toBe('Paused until <2025-03-04T08:00:00.000Z>');
    expect(model.tooltip).toContain('Paused until <2025-03-04T08:00:00.000Z>');
    const resume = findTrayItem(model.items, 'resume');
    expect(resume).toMatchObject({ kind: 'action', enabled: true });
    expect(labelOf(buildTrayModel(running({ paused: { until: null, mode: 'drop' } })).items, 'paused')).toBe(
      'Paused until resumed',
    );
  });

  it('keeps the tooltip within the Windows limit', () => {
    const model = buildTrayModel(
      running({ unread: 3, paused: { until: null, mode: 'hold' } }, { team: 'A'.repeat(300) }),
    );
    expect(Array.from(model.tooltip).length).toBeLessThanOrEqual(MAX_TOOLTIP);
  });
});

describe('buildTrayModel menu', () => {
  it('has every entry of the issue, in order', () => {
    const model = buildTrayModel(running());
    const top = model.items.filter((i) => i.kind !== 'separator').map((i) => i.id);
    expect(top).toEqual([
      'status',
      'open',
      'feed',
      'subscriptions',
      'pause',
      'connect',
      'poll',
      'launch-at-login',
      'quit',
    ]);
    expect(submenu(model.items, 'pause').map((i) => i.id)).toEqual([
      'pause:1h',
      'pause:tomorrow',
      'sep:resume',
      'resume',
    ]);
    expect(submenu(model.items, 'connect').map((i) => (i.kind === 'separator' ? '' : i.label))).toEqual([
      'Slack…',
      'GitHub…',
      'GitLab…',
      'Gitea / Forgejo…',
    ]);
    expect(findTrayItem(model.items, 'resume')).toMatchObject({ enabled: false });
  });

  it('reflects launch at login', () => {
    const on = buildTrayModel({ ...running(), launchAtLogin: true });
    expect(findTrayItem(on.items, 'launch-at-login')).toMatchObject({ kind: 'checkbox', checked: true });
    expect(findTrayItem(buildTrayModel(running()).items, 'launch-at-login')).toMatchObject({
      kind: 'checkbox',
      checked: false,
    });
  });

  it('disables engine actions while the engine is not running, but keeps Open, Connect and Quit', () => {
    const state: TrayState = {
      engine: { phase: 'failed', error: 'x' },
      subscriptions: [makeSubscription('s1', 'o/r')],
      launchAtLogin: false,
    };
    const model = buildTrayModel(state);
    for (const id of ['poll', 'pause:1h', 'pause:tomorrow', 'resume', 'sub:s1'])
      expect(findTrayItem(model.items, id)).toMatchObject({ enabled: false });
    for (const id of ['open', 'feed', 'connect:slack', 'connect:github', 'connect:gitlab', 'connect:gitea', 'quit'])
      expect(findTrayItem(model.items, id)).toMatchObject({ enabled: true });
  });

  it('with 0 subscriptions offers to add one', () => {
    const model = buildTrayModel(running());
    expect(labelOf(model.items, 'subscriptions')).toBe('Subscriptions');
    expect(submenu(model.items, 'subscriptions')).toEqual([
      { kind: 'label', id: 'subscriptions:none', label: 'No subscriptions yet' },
      { kind: 'action', id: 'subscriptions:add', label: 'Add a subscription…', enabled: true },
    ]);
  });

  it('lists subscriptions as checkboxes, sorted, with the enabled count', () => {
    const subs = [makeSubscription('b', 'octo/zeta', { enabled: false }), makeSubscription('a', 'octo/alpha')];
    const model = buildTrayModel(running({}, {}, subs));
    expect(labelOf(model.items, 'subscriptions')).toBe('Subscriptions (1/2 on)');
    expect(submenu(model.items, 'subscriptions')).toEqual([
      { kind: 'checkbox', id: 'sub:a', label: 'octo/alpha', checked: true, enabled: true },
      { kind: 'checkbox', id: 'sub:b', label: 'octo/zeta', checked: false, enabled: true },
    ]);
  });

  it('prefixes the account when several accounts are used, and marks broken subscriptions', () => {
    const subs = [
      makeSubscription('a', 'octo/alpha'),
      makeSubscription('b', 'group/proj', { account: 'work', forge: 'gitlab', error: 'gone' }),
    ];
    const labels = submenu(buildTrayModel(running({}, {}, subs)).items, 'subscriptions').map((i) =>
      i.kind === 'checkbox' ? i.label : '',
    );
    expect(labels).toEqual(['github:octo/alpha', 'work:group/proj ⚠']);
  });

  it('truncates long names in the middle, keeping owner and project visible', () => {
    const repo = `${'very-long-group-name-'.repeat(4)}x/sub/${'deep-'.repeat(6)}project-name`;
    const items = submenu(buildTrayModel(running({}, {}, [makeSubscription('a', repo)])).items, 'subscriptions');
    const label = items[0]?.kind === 'checkbox' ? items[0].label : '';
    expect(Array.from(label).length).toBe(MAX_SUBSCRIPTION_LABEL);
    expect(label.startsWith('very-long-group-name-')).toBe(true);
    expect(label.endsWith('project-name')).toBe(true);
    expect(label).toContain('…');
  });

  it('handles 200 subscriptions by grouping them by owner, with every one reachable', () => {
    const subs = Array.from({ length: 200 }, (_, i) =>
      makeSubscription(`s${i}`, `org${i % 10}/repo-${String(i).padStart(3, '0')}`, { enabled: i % 3 !== 0 }),
    );
    const model = buildTrayModel(running({ subscriptions: { total: 200, enabled: 133 } }, {}, subs));
    const groups = submenu(model.items, 'subscriptions');
    expect(groups).toHaveLength(10);
    expect(groups.every((g) => g.kind === 'submenu' && g.items.length === 20)).toBe(true);
    expect(groups[0]).toMatchObject({ kind: 'submenu', label: 'org0 (13/20)' });
    for (const sub of subs)
      expect(findTrayItem(model.items, `sub:${sub.id}`)).toMatchObject({ kind: 'checkbox', checked: sub.enabled });
    expect(labelOf(model.items, 'subscriptions')).toBe('Subscriptions (133/200 on)');
    expect(labelOf(model.items, 'status')).toBe('Connected to Slack workspace Acme · 200 subscriptions');
  });

  it('keeps up to the flat limit in one list', () => {
    const subs = Array.from({ length: FLAT_SUBSCRIPTION_LIMIT }, (_, i) =>
      makeSubscription(`s${i}`, `org${i % 4}/r${i}`),
    );
    const items = submenu(buildTrayModel(running({}, {}, subs)).items, 'subscriptions');
    expect(items).toHaveLength(FLAT_SUBSCRIPTION_LIMIT);
    expect(items.every((i) => i.kind === 'checkbox')).toBe(true);
  });

  it('is deterministic: the same state gives the same model', () => {
    const subs = [makeSubscription('b', 'o/b'), makeSubscription('a', 'o/a')];
    expect(JSON.stringify(buildTrayModel(running({}, {}, subs), { formatUntil }))).toBe(
      JSON.stringify(buildTrayModel(running({}, {}, [...subs].reverse()), { formatUntil })),
    );
  });
});
