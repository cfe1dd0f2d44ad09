import { describe, expect, it } from 'vitest';
import { userDataOverride } from './user-data.js';

describe('userDataOverride', () => {
  it('prefers FORGEBELL_USER_DATA, then --user-data-dir, then FORGEBELL_DATA_DIR', () => {
    expect(
      userDataOverride(
        { FORGEBELL_USER_DATA: '/t/a', FORGEBELL_DATA_DIR: '/t/c' },
        ['electron', '.', '--user-data-dir=/t/b'],
        '/cwd',
      ),
    ).toBe('/t/a');
    expect(userDataOverride({ FORGEBELL_DATA_DIR: '/t/c' }, ['electron', '.', '--user-data-dir=/t/b'], '/cwd')).toBe(
      '/t/b',
    );
    expect(userDataOverride({}, ['electron', '--user-data-dir', 'rel/dir'], '/cwd')).toBe('/cwd/rel/dir');
    expect(userDataOverride({ FORGEBELL_DATA_DIR: '/t/c' }, [], '/cwd')).toBe('/t/c');
    expect(userDataOverride({ FORGEBELL_USER_DATA: '  ' }, [], '/cwd')).toBeNull();
    expect(userDataOverride({}, ['--user-data-dir='], '/cwd')).toBeNull();
  });
});
