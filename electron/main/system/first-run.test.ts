import { describe, expect, it } from 'vitest';
import { startupRoute } from './first-run.js';
import { makeAccount, makeStatus } from '../../../test/support/electron/status-fixtures.js';

describe('startupRoute', () => {
  it('opens the wizard until Slack and a forge account are set up, else stays in the tray', () => {
    expect(startupRoute(makeStatus({}, { mode: 'none', team: null }))).toBe('/setup/welcome');
    expect(startupRoute(makeStatus({ accounts: [] }))).toBe('/setup/welcome');
    expect(startupRoute(makeStatus({ accounts: [makeAccount('github', 'ok')] }, { mode: 'none' }))).toBe(
      '/setup/welcome',
    );
    expect(startupRoute(makeStatus({ accounts: [makeAccount('github', 'ok')] }))).toBeNull();
    expect(startupRoute(makeStatus({ accounts: [makeAccount('github', 'error')] }, { mode: 'webhook' }))).toBeNull();
    expect(startupRoute(null)).toBeNull();
  });
});
