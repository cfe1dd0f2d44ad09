import { describe, expect, it } from 'vitest';
import {
  memoryAdapter,
  memoryQueue,
  memorySettings,
  memorySlackWeb,
  recordingLogger,
} from '../../../../test/support/in-memory-ports.js';
import { ActionRefused, type ForgeActions } from '../../forges/actions/forge-actions.js';
import {
  ACTION_APPROVE,
  ACTION_CLOSE,
  ACTION_COMMENT,
  ACTION_OPEN,
  ACTION_REOPEN,
  actionValue,
} from '../format/buttons.js';
import { REVIEW_CALLBACK } from './act-modals.js';
import type { ActingPort } from './act-runner.js';
import { handleInteraction } from './interaction-registry.js';
import { ModalSeal } from './modal-seal.js';
import { OPEN_ISSUE_CALLBACK } from './new-issue-modal.js';

function ports() {
  const settings = memorySettings((s) => {
    s.slack.commandUsers = ['UALICE', 'UCAROL'];
    s.accounts.push({ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null });
    s.subscriptions.push({
      ...s.subscriptions[0]!,
      id: 'sub-1',
      account: 'github',
      repo: 'octo/app',
    } as (typeof s.subscriptions)[number]);
    // alice owns the account's token (login octocat); bob signed in; carol is paired but is someone else on GitHub.
    s.people.push(
      {
        slack: 'UALICE',
        accounts: { github: 'OctoCat' },
        tokens: {},
        notify: [],
        timeZone: 'UTC',
        quietHours: null,
        digest: null,
      },
      {
        slack: 'UBOB',
        accounts: { github: 'bob' },
        tokens: { github: 'gho_bob' },
        notify: [],
        timeZone: 'UTC',
        quietHours: null,
        digest: null,
      },
      {
        slack: 'UCAROL',
        accounts: { github: 'carol' },
        tokens: {},
        notify: [],
        timeZone: 'UTC',
        quietHours: null,
        digest: null,
      },
    );
  });
  const adapter = memoryAdapter('github');
  const web = memorySlackWeb();
  const forgeCalls: string[] = [];
  const refuse: { next: ActionRefused | null } = { next: null };
  const forgotten: string[] = [];
  const actionsWith = (token: string): ForgeActions => {
    const call = async (what: string): Promise<void> => {
      forgeCalls.push(`${what} with ${token}`);
      const error = refuse.next;
      refuse.next = null;
      if (error) throw error;
    };
    return {
      approve: (pull) => call(`approve ${pull.repo}#${pull.number}`),
      requestChanges: (pull, body) => call(`request_changes ${pull.repo}#${pull.number} ${body}`),
      comment: (pull, body) => call(`comment ${pull.repo}#${pull.number} ${body}`),
      mergeInfo: async () => ({
        title: 'T',
        open: true,
        methods: ['merge'],
        blockers: [],
        canMergeWhenChecksPass: false,
        headSha: 'abc',
      }),
      merge: async (pull) => {
        await call(`merge ${pull.repo}#${pull.number}`);
        return 'merged';
      },
      rerunFailed: (repo, id) => call(`rerun ${repo} ${id}`),
      reviewDeployment: (d, decision, comment) =>
        call(`deployment ${decision} ${d.repo} ${d.id} ${d.environment}${comment ? ` ${comment}` : ''}`),
    };
  };
  const acting: ActingPort = {
    accountLogin: () => 'octocat',
    personalToken: async (slack, account) =>
      settings.access.current().people.find((p) => p.slack === slack)?.tokens[account] ?? null,
    forgetToken: async (slack, account) => {
      forgotten.push(`${slack} ${account}`);
      await settings.access.update((s) => ({
        ...s,
        people: s.people.map((p) => (p.slack === slack ? { ...p, tokens: {} } : p)),
      }));
    },
    forgeActions: (_account, token) => actionsWith(token),
    pollSoon: () => undefined,
    seal: new ModalSeal(),
    inFlight: new Set(),
  };
  const queue = memoryQueue();
  return {
    adapter,
    web,
    forgeCalls,
    refuse,
    forgotten,
    queue,
    settings,
    p: {
      settings: settings.access,
      adapter: (id: string) => (id === 'github' ? adapter : undefined),
      logger: recordingLogger(),
      slackWeb: () => web,
      respond: web.respond,
      clock: { now: () => Date.parse('2025-06-02T09:00:00Z'), monotonic: () => 0 } as never,
      queue: queue.queue,
      acting,
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

  const PR = 'https://github.com/octo/app/pull/7';
  const actClick = (actionId: string, user: string, value = actionValue('github', PR)) => ({
    type: 'block_actions',
    user: { id: user },
    response_url: 'https://hooks.slack.com/actions/2',
    trigger_id: 'trig',
    container: { type: 'message', channel_id: 'C0GENERAL1', message_ts: '100.000001' },
    message: { ts: '100.000001' },
    actions: [{ action_id: actionId, value }],
  });
  const answers = (web: ReturnType<typeof memorySlackWeb>) => web.responses.map((r) => r.body.text);

  it.each([
    ['UBOB', 'with gho_bob', 'a signed-in person acts with their own token'],
    ['UALICE', 'with ghp_x', "the paired owner of the account's token acts with it without signing in"],
  ])('Approve by %s: %s (%s); the thread reply and the feed row commit together', async (user, token) => {
    const { p, forgeCalls, web, queue } = ports();
    const reply = handleInteraction(p, actClick(ACTION_APPROVE, user));
    expect(forgeCalls).toEqual([]); // nothing before the ack
    await reply.later?.();
    expect(forgeCalls).toEqual([`approve octo/app#7 ${token}`]);
    expect(answers(web)).toEqual([]);
    const row = queue.outbox.heads()[0];
    expect(row?.channel).toBe('C0GENERAL1');
    expect(JSON.parse(row?.payload ?? '{}')).toMatchObject({
      kind: 'reply',
      threadTs: '100.000001',
      message: { text: `:white_check_mark: Approved by <@${user}> from Slack` },
    });
    const feed = queue.feed.page({ limit: 10 }).items;
    expect(feed.map((f) => [f.summary, f.event, f.action, f.destinations[0]?.target])).toEqual([
      [`${user === 'UBOB' ? 'bob' : 'OctoCat'} approved octo/app#7 from Slack`, 'reviews', 'approved', 'C0GENERAL1'],
    ]);
  });

  it.each([
    ['UCAROL', 'a paired user who does not own the account token'],
    ['UDAVE', 'a stranger'],
  ])('%s (%s) is asked to sign in and nothing reaches the forge', async (user) => {
    const { p, forgeCalls, web, queue } = ports();
    await handleInteraction(p, actClick(ACTION_APPROVE, user)).later?.();
    expect(forgeCalls).toEqual([]);
    expect(answers(web)).toEqual(['Sign in first: `/forgebell signin github` (you act on the forge as yourself).']);
    expect(queue.outbox.heads()[0]).toBeUndefined();
  });

  it("the forge's refusal goes to the clicker in plain words; a revoked personal token is forgotten", async () => {
    const { p, forgeCalls, web, refuse, forgotten, settings } = ports();
    refuse.next = new ActionRefused('own', 'You cannot approve your own pull request.');
    await handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB')).later?.();
    refuse.next = new ActionRefused('revoked', 'GitHub no longer accepts this token (revoked or expired).');
    await handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB')).later?.();
    expect(forgeCalls).toHaveLength(2);
    expect(answers(web)[0]).toBe('You cannot approve your own pull request.');
    expect(answers(web)[1]).toMatch(/no longer works.*Sign in again: `\/forgebell signin github`/);
    expect(forgotten).toEqual(['UBOB github']);
    expect(settings.access.current().people.find((p) => p.slack === 'UBOB')?.tokens).toEqual({});
  });

  it('a second click while the first is in flight does nothing', async () => {
    const { p, forgeCalls } = ports();
    const first = handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB'));
    const second = handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB'));
    await Promise.all([first.later?.(), second.later?.()]);
    expect(forgeCalls).toEqual(['approve octo/app#7 with gho_bob']);
    await handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB')).later?.();
    expect(forgeCalls).toHaveLength(2); // once it finished, a new click acts again
  });

  it('a repository no longer subscribed, or an unknown account: a polite answer, nothing done', async () => {
    const { p, forgeCalls, web } = ports();
    await handleInteraction(
      p,
      actClick(ACTION_APPROVE, 'UBOB', actionValue('github', 'https://github.com/octo/other/pull/1')),
    ).later?.();
    await handleInteraction(p, actClick(ACTION_APPROVE, 'UBOB', actionValue('gone', PR))).later?.();
    expect(forgeCalls).toEqual([]);
    expect(answers(web)).toEqual([
      'Forgebell no longer follows octo/other, so it does not act on it from Slack. Subscribe to it again to use these buttons.',
      'The account gone is no longer set up in Forgebell.',
    ]);
  });

  it('a repository followed through a pattern subscription (octo/*) counts as subscribed; an excluded one does not', async () => {
    const { p, forgeCalls, web, settings } = ports();
    await settings.access.update((s) => ({
      ...s,
      subscriptions: s.subscriptions.map((sub) =>
        sub.id === 'sub-1' ? { ...sub, repo: 'octo/*', excludeRepos: ['octo/legacy'] } : sub,
      ),
    }));
    const withMembers = { ...p, patternMembers: () => [{ path: 'octo/app' }, { path: 'octo/legacy' }] };
    await handleInteraction(withMembers, actClick(ACTION_APPROVE, 'UBOB')).later?.();
    await handleInteraction(
      withMembers,
      actClick(ACTION_APPROVE, 'UBOB', actionValue('github', 'https://github.com/octo/legacy/pull/1')),
    ).later?.();
    expect(forgeCalls).toEqual(['approve octo/app#7 with gho_bob']);
    expect(answers(web)).toEqual([
      'Forgebell no longer follows octo/legacy, so it does not act on it from Slack. Subscribe to it again to use these buttons.',
    ]);
  });

  it('Comment…: the modal is sealed to its opener; an empty text is refused beside the field; a forged one is refused', async () => {
    const { p, forgeCalls, web } = ports();
    await handleInteraction(p, actClick(ACTION_COMMENT, 'UBOB')).later?.();
    expect(web.views).toHaveLength(1);
    const opened = web.views[0]!.view as { callback_id?: string; private_metadata?: string };
    expect(opened.callback_id).toBe(REVIEW_CALLBACK);
    const submit = (user: string, text: string, metadata = opened.private_metadata) => ({
      type: 'view_submission',
      user: { id: user },
      view: {
        callback_id: REVIEW_CALLBACK,
        private_metadata: metadata,
        state: { values: { body: { value: { value: text } } } },
      },
    });
    expect(handleInteraction(p, submit('UBOB', '   ')).ack).toEqual({
      response_action: 'errors',
      errors: { body: 'Write something first: it cannot be empty.' },
    });
    // Someone else replaying bob's modal, or bob's metadata edited to name them: refused, nothing sent.
    expect(handleInteraction(p, submit('UALICE', 'hi')).ack).toMatchObject({ response_action: 'errors' });
    const edited = (opened.private_metadata ?? '').replace('UBOB', 'UALICE');
    expect(handleInteraction(p, submit('UALICE', 'hi', edited)).ack).toMatchObject({ response_action: 'errors' });
    expect(forgeCalls).toEqual([]);
    const good = handleInteraction(p, submit('UBOB', 'Looks good'));
    expect(good.ack).toEqual({});
    await good.later?.();
    expect(forgeCalls).toEqual(['comment octo/app#7 Looks good with gho_bob']);
  });
});
