import { describe, expect, it, vi } from 'vitest';
import { makeStatus, makeSubscription } from '../../../test/support/electron/status-fixtures.js';
import type { TrayModel } from './tray-model.js';
import { TrayStateHolder } from './tray-state.js';

describe('TrayStateHolder', () => {
  it('renders at once, then only when the model changes', () => {
    const render = vi.fn<(model: TrayModel) => void>();
    const holder = new TrayStateHolder(render);
    expect(render).toHaveBeenCalledTimes(1);
    expect(render.mock.calls[0]?.[0].items[0]).toMatchObject({ label: 'Starting…' });

    holder.setStatus(makeStatus({ version: '1' }));
    expect(render).toHaveBeenCalledTimes(2);
    // A status push that changes nothing the tray shows does not rebuild the menu.
    holder.setStatus(makeStatus({ version: '2', outbox: { pending: 5, failed: 0 } }));
    expect(render).toHaveBeenCalledTimes(2);

    holder.setSubscriptions([makeSubscription('s1', 'o/r')]);
    expect(render).toHaveBeenCalledTimes(3);
    holder.setLaunchAtLogin(true);
    expect(render).toHaveBeenCalledTimes(4);
    expect(holder.current.items.find((i) => i.id === 'launch-at-login')).toMatchObject({ checked: true });

    holder.setEngine({ phase: 'failed', error: 'disk full' });
    expect(render).toHaveBeenCalledTimes(5);
    expect(holder.current.icon).toBe('error');
  });
});
