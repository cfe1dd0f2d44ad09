import { describe, expect, it } from 'vitest';
import { formatTestMessage } from './test-message.js';
import { messageProblems } from './message-safety.js';

describe('formatTestMessage', () => {
  it('is a "Forgebell test notification" card naming the repository, account and events', () => {
    const m = formatTestMessage({ repo: 'octo-org/hello-world', account: 'github', events: ['issues', 'pulls'] });
    expect(messageProblems(m)).toEqual([]);
    expect(m.text).toBe('Forgebell test notification for octo-org/hello-world');
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Forgebell test notification', emoji: true },
    });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('*octo-org/hello-world* (account github)');
    expect(json).toContain('`issues`, `pulls`');
  });

  it('escapes hostile values and stays within limits', () => {
    const m = formatTestMessage({
      repo: `<!channel>${'x'.repeat(100_000)}`,
      account: '<@U1>',
      events: Array.from({ length: 500 }, (_, i) => `e${i}\``),
    });
    expect(messageProblems(m)).toEqual([]);
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expect(JSON.stringify(m.blocks)).toContain('+480 more');
  });

  it('says when no events are selected', () => {
    expect(JSON.stringify(formatTestMessage({ repo: 'a/b', account: 'x', events: [] }).blocks)).toContain(
      'none selected',
    );
  });
});
