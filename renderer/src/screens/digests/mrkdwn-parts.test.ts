import { describe, expect, it } from 'vitest';
import { mrkdwnParts } from './mrkdwn-parts.js';

describe('mrkdwn parts', () => {
  it('links, mentions, emphasis, code, emoji and entities as Slack shows them', () => {
    expect(
      mrkdwnParts(
        ':warning: <https://github.com/o/r/pull/7|o/r#7 Fix &lt;b&gt; &amp; more> by <@U0ALICE> *stale* _draft_ `main` in my_repo_name <javascript:alert(1)|x>',
      ),
    ).toEqual([
      { kind: 'text', text: '⚠️ ' },
      { kind: 'link', url: 'https://github.com/o/r/pull/7', text: 'o/r#7 Fix <b> & more' },
      { kind: 'text', text: ' by ' },
      { kind: 'mention', text: '@U0ALICE' },
      { kind: 'text', text: ' ' },
      { kind: 'bold', text: 'stale' },
      { kind: 'text', text: ' ' },
      { kind: 'italic', text: 'draft' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'main' },
      { kind: 'text', text: ' in my_repo_name x' },
    ]);
  });

  it('plain text stays one part; an unknown emoji code stays as written', () => {
    expect(mrkdwnParts('nothing :unknown_thing: here')).toEqual([
      { kind: 'text', text: 'nothing :unknown_thing: here' },
    ]);
  });
});
