import { describe, expect, it } from 'vitest';
import { methods } from '../../../../electron/contract/api.js';
import {
  type DigestForm,
  describeSchedule,
  formFromDigest,
  formToDigest,
  newDigestForm,
  validateDigest,
} from './digest-form.js';

describe('digest form', () => {
  it('round-trips an entry and gives what the contract accepts', () => {
    const form = { ...newDigestForm('Europe/Paris', '#eng'), repos: 'github:octo/*\n gitlab:group/** ,github:octo/*' };
    const digest = formToDigest(form);
    expect(digest).toEqual({
      channel: 'eng',
      at: '09:30',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      timeZone: 'Europe/Paris',
      repos: ['github:octo/*', 'gitlab:group/**'],
      ignoreDrafts: true,
      staleAfterDays: 2,
    });
    expect(methods['digests.save'].params.safeParse({ previous: null, digest }).success).toBe(true);
    expect(formToDigest(formFromDigest(digest))).toEqual(digest);
    expect(validateDigest(form, ['github', 'gitlab'])).toEqual({});
  });

  it.each([
    [{ channel: ' ' }, 'channel'],
    [{ at: '9:30' }, 'at'],
    [{ days: [] }, 'days'],
    [{ timeZone: '' }, 'timeZone'],
    [{ staleAfterDays: '0' }, 'staleAfterDays'],
    [{ staleAfterDays: '1.5' }, 'staleAfterDays'],
    [{ repos: 'octo/api' }, 'repos'],
    [{ repos: 'nope:octo/api' }, 'repos'],
  ] as const)('%j is a problem of %s', (change, field) => {
    const form: DigestForm = { ...newDigestForm('UTC', 'eng'), ...change, days: 'days' in change ? [] : ['mon'] };
    const errors = validateDigest(form, ['github']);
    expect(Object.keys(errors)).toEqual([field]);
  });

  it('describes schedules in short words', () => {
    expect(describeSchedule({ days: ['fri', 'mon', 'tue', 'wed', 'thu'], at: '09:30', timeZone: 'UTC' })).toBe(
      'Mon–Fri at 09:30 UTC',
    );
    expect(describeSchedule({ days: ['wed', 'mon'], at: '17:00', timeZone: 'Asia/Tokyo' })).toBe(
      'Mon, Wed at 17:00 Asia/Tokyo',
    );
    expect(
      describeSchedule({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], at: '08:00', timeZone: 'UTC' }),
    ).toBe('Every day at 08:00 UTC');
  });
});
