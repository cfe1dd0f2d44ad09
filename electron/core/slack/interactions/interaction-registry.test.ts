import { describe, expect, it } from 'vitest';
import {
  memoryAdapter,
  memorySettings,
  memorySlackWeb,
  recordingLogger,
} from '../../../../test/support/in-memory-ports.js';
import { ACTION_CLOSE, ACTION_OPEN, ACTION_REOPEN } from '../format/buttons.js';
import { handleInteraction } from './interaction-registry.js';
import { OPEN_ISSUE_CALLBACK } from './new-issue-modal.js';

function ports() {
  const settings = memorySettings((s) => {
    s.slack.commandUsers = ['UALICE'];
    s.accounts.push({ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null });
  });
  const adapter = memoryAdapter('github');
  const web = memorySlackWeb();
  return {
    adapter,
    web,
    p: {
      settings: settings.access,
      adapter: (id: string) => (id === 'github' ? adapter : undefined),
      logger: recordingLogger(),
      slackWeb: () => web,
      respond: web.respond,
    },
  };
}

const click = (actionId: string, user: string, value = 'https://github.com/octo/app/issues/4') => ({
  type: 'block_actions',
  user: { id: user },
  response_url: 'https://hooks.slack.com/actions/1',
  actions: [{ action_id: actionId, value }],
});

describe('Socket Mode interactions against in-memory ports', () => {
  it.each([
    [ACTION_CLOSE, 'UALICE', ['setIssueState octo/app#4 issue closed'], 'Closed https://github.com/octo/app/issues/4'],
    [ACTION_REOPEN, 'UALICE', ['setIssueState octo/app#4 issue open'], 'Reopened https://github.com/octo/app/issues/4'],
    [
      ACTION_CLOSE,
      'UBOB',
      [],
      'Sorry, you are not allowed to change issues with Forgebell. Ask its owner to pair you.',
    ],
  ])('%s by %s', async (actionId, user, calls, answer) => {
    const { p, adapter, web } = ports();
    const reply = handleInteraction(p, click(actionId, user));
    expect(reply.ack).toBeUndefined();
    expect(adapter.calls).toEqual([]); // nothing before the ack
    await reply.later?.();
    expect(adapter.calls).toEqual(calls);
    expect(web.responses).toEqual([
      {
        url: 'https://hooks.slack.com/actions/1',
        body: { response_type: 'ephemeral', replace_original: false, text: answer },
      },
    ]);
  });

  it('the Open link button, unknown actions and unknown modals are acked and ignored', async () => {
    const { p, adapter, web } = ports();
    for (const body of [
      click(ACTION_OPEN, 'UALICE'),
      click('someone_elses_button', 'UALICE'),
      { type: 'view_submission', user: { id: 'UALICE' }, view: { callback_id: 'other' } },
      { type: 'shortcut' },
    ]) {
      const reply = handleInteraction(p, body);
      await reply.later?.();
    }
    expect(adapter.calls).toEqual([]);
    expect(web.responses).toEqual([]);
  });

  it('the new-issue form creates the issue as the paired user asked and says so in the channel; strangers are ignored', async () => {
    const { p, adapter, web } = ports();
    const submit = (user: string) => ({
      type: 'view_submission',
      user: { id: user },
      view: {
        callback_id: OPEN_ISSUE_CALLBACK,
        private_metadata: JSON.stringify({ account: 'github', repo: 'octo/app', channel: 'C0GENERAL1' }),
        state: { values: { title: { value: { value: 'Made <in> Slack' } }, body: { value: { value: 'Steps' } } } },
      },
    });
    await handleInteraction(p, submit('UBOB')).later?.();
    expect(adapter.calls).toEqual([]);
    await handleInteraction(p, submit('UALICE')).later?.();
    expect(adapter.calls).toEqual(['createIssue octo/app Made <in> Slack']);
    expect(web.messages).toEqual([
      {
        channel: 'C0GENERAL1',
        text: '<@UALICE> created <https://github.com/octo/app/issues/7|octo/app#7>: Made in Slack',
      },
    ]);
  });
});
