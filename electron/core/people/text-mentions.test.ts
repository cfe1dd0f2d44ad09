import { describe, expect, it } from 'vitest';
import { mentionedLogins } from './text-mentions.js';

describe('@login mentions in forge text', () => {
  it.each([
    ['@alice please look', ['alice']],
    ['cc @Alice, @bob-smith and @carol.j.', ['Alice', 'bob-smith', 'carol.j']],
    ['(@dependabot[bot]) ping', ['dependabot[bot]']],
    ['mail me at alice@example.com', []],
    ['the @octo-org/reviewers team', []],
    ['`@alice` in code, and\n```\n@bob\n```\nbut @carol', ['carol']],
    ['@alice @ALICE @alice', ['alice']],
    ['no mention: a@b, @, @-x, path/@x', []],
  ])('%j → %j', (text, logins) => {
    expect(mentionedLogins(text)).toEqual(logins);
  });

  it('an unclosed fence hides the rest (GitHub renders it as code)', () => {
    expect(mentionedLogins('@a\n```\n@b')).toEqual(['a']);
  });
});
