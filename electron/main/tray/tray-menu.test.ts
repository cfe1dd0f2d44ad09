import { describe, expect, it, vi } from 'vitest';
import { makeStatus, makeSubscription } from '../../../test/support/electron/status-fixtures.js';
import { toMenuTemplate } from './tray-menu.js';
import { buildTrayModel } from './tray-model.js';

describe('toMenuTemplate', () => {
  const model = buildTrayModel({
    engine: { phase: 'running', status: makeStatus({}, { team: 'R&D' }) },
    subscriptions: [makeSubscription('s1', 'octo/a&b')],
    launchAtLogin: true,
  });

  it('maps labels, separators, checkboxes and submenus to Electron menu items', () => {
    const onClick = vi.fn();
    const template = toMenuTemplate(model.items, onClick, 'darwin');
    expect(template[0]).toEqual({
      id: 'status',
      label: 'Connected to Slack workspace R&D · 0 subscriptions',
      enabled: false,
    });
    expect(template.find((t) => t.id === 'sep:open')).toEqual({ id: 'sep:open', type: 'separator' });
    expect(template.find((t) => t.id === 'launch-at-login')).toMatchObject({
      type: 'checkbox',
      checked: true,
      enabled: true,
    });
    const subs = template.find((t) => t.id === 'subscriptions');
    expect(Array.isArray(subs?.submenu) && subs.submenu[0]).toMatchObject({
      id: 'sub:s1',
      type: 'checkbox',
      label: 'octo/a&b',
      checked: true,
    });
  });

  it('routes clicks to the item id', () => {
    const onClick = vi.fn();
    const template = toMenuTemplate(model.items, onClick, 'linux');
    const poll = template.find((t) => t.id === 'poll');
    poll?.click?.({} as never, undefined, {} as never);
    const subs = template.find((t) => t.id === 'subscriptions');
    if (Array.isArray(subs?.submenu)) subs.submenu[0]?.click?.({} as never, undefined, {} as never);
    expect(onClick.mock.calls).toEqual([['poll'], ['sub:s1']]);
  });

  it('escapes & on Windows and Linux so it is not taken for a mnemonic', () => {
    const template = toMenuTemplate(model.items, vi.fn(), 'win32');
    expect(template[0]?.label).toBe('Connected to Slack workspace R&&D · 0 subscriptions');
  });
});
