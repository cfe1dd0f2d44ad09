import { describe, expect, it } from 'vitest';
import type { PersonView } from '../../../../electron/contract/schemas.js';
import { formFromPerson, formToPersonInput, newPersonForm, validatePerson } from './person-form.js';

const alice: PersonView = {
  slack: 'U0ALICE001',
  name: 'alice',
  realName: 'Alice Example',
  accounts: [
    { account: 'github', forge: 'github', login: 'alice', signedIn: true, inbox: null, loginProblem: null },
    { account: 'work', forge: 'gitlab', login: null, signedIn: false, inbox: null, loginProblem: null },
  ],
  notify: ['review_requested', 'mentioned'],
  timeZone: 'Europe/Berlin',
  quietHours: { from: '19:00', to: '08:00', weekends: true },
  dmProblem: null,
  owner: false,
};

describe('person form', () => {
  it('round-trips a person; an empty login is no link', () => {
    expect(formToPersonInput(formFromPerson(alice))).toEqual({
      slack: 'U0ALICE001',
      accounts: { github: 'alice' },
      notify: ['review_requested', 'mentioned'],
      timeZone: 'Europe/Berlin',
      quietHours: { from: '19:00', to: '08:00', weekends: true },
    });
  });

  it('says what is wrong per field', () => {
    const form = { ...newPersonForm(['github']), slack: 'alice', timeZone: 'Mars/Base', quietFrom: '19:00' };
    form.logins.github = '@alice';
    expect(validatePerson(form)).toEqual({
      slack: expect.stringMatching(/U0123ABCD/),
      'accounts.github': 'Write the login without “@”.',
      timeZone: expect.stringMatching(/^Unknown time zone "Mars\/Base"/),
      quiet: 'Set both times, or neither (no quiet hours).',
    });
    expect(validatePerson({ ...formFromPerson(alice), quietTo: '19:00' }).quiet).toMatch(/different/);
    expect(validatePerson(formFromPerson(alice))).toEqual({});
  });

  it('a changed Slack ID renames the person (previous)', () => {
    const input = formToPersonInput({ ...formFromPerson(alice), slack: 'U0ALICE002' });
    expect(input).toMatchObject({ slack: 'U0ALICE002', previous: 'U0ALICE001' });
  });
});
