import { describe, expect, it } from 'vitest';
import { emptySettings } from '../settings/settings-model.js';
import { peopleScopeCheck } from './people-checks.js';

describe('doctor: the Slack scopes people need', () => {
  const withPeople = {
    ...emptySettings(),
    people: [
      {
        slack: 'U0ALICE01',
        accounts: {},
        tokens: {},
        notify: [],
        timeZone: 'UTC',
        quietHours: null,
        digest: null,
      },
    ],
  };

  it('says what breaks without each missing scope, and how to add it', () => {
    const check = peopleScopeCheck(withPeople, ['chat:write', 'commands', 'users:read']);
    expect(check).toMatchObject({ name: 'Slack scopes for people', ok: false });
    expect(check?.message).toMatch(/^Missing im:write, im:history: .*may be sent twice/);
    expect(check?.fix).toMatch(/Add im:write, im:history under OAuth & Permissions .* reinstall the app/);
  });

  it('passes when granted, and says nothing without people or without a scope list', () => {
    expect(peopleScopeCheck(withPeople, ['users:read', 'im:write', 'im:history'])?.ok).toBe(true);
    expect(peopleScopeCheck(emptySettings(), ['chat:write'])).toBeNull();
    expect(peopleScopeCheck(withPeople, null)).toBeNull();
  });
});
