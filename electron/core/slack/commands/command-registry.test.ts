import { describe, expect, it } from 'vitest';
import {
  memoryAdapter,
  memorySettings,
  memorySlackWeb,
  recordingLogger,
} from '../../../../test/support/in-memory-ports.js';
import { parseCommand, runSlashCommand } from './command-registry.js';
import type { SlashCommandPayload } from './command-types.js';
import type { PairingOutcome } from './link-command.js';

describe('slash command grammar', () => {
  it('parses subscribe with events, a quoted label and a commits glob', () => {
    expect(parseCommand('subscribe octo/app reviews +label:"needs review" commits:release/*')).toEqual({
      verb: 'subscribe',
      repo: 'octo/app',
      events: ['reviews', 'commits'],
      labels: ['needs review'],
      branches: ['release/*'],
      problems: [],
    });
  });
  it('checks a commits glob with the same grammar as the app and config import', () => {
    expect(parseCommand('subscribe octo/app commits:v[0-9]*')).toMatchObject({ branches: ['v[0-9]*'], problems: [] });
    expect(parseCommand('subscribe octo/app commits:refs/heads/main')).toMatchObject({
      branches: [],
      problems: ['commits:refs/heads/main: write it without "refs/heads/": main'],
    });
  });
  it('unwraps Slack-formatted URLs', () => {
    expect(parseCommand('close <https://github.com/o/r/issues/3>')).toEqual({
      verb: 'close',
      url: 'https://github.com/o/r/issues/3',
    });
    expect(parseCommand('subscribe <https://gitlab.com/g/s/p|g/s/p>')).toMatchObject({
      repo: 'https://gitlab.com/g/s/p',
    });
  });
  it('reports unknown events and verbs, and defaults to help', () => {
    expect(parseCommand('subscribe o/r issuez')).toMatchObject({ problems: ['unknown event "issuez"'] });
    expect(parseCommand('frobnicate')).toMatchObject({ verb: 'invalid' });
    expect(parseCommand('')).toEqual({ verb: 'help' });
    expect(parseCommand('close not-a-url')).toMatchObject({ verb: 'invalid' });
    expect(parseCommand('link abc123')).toEqual({ verb: 'link', code: 'ABC123' });
  });
});

describe('slash commands against in-memory ports', () => {
  function ports(options: { paired?: string[]; pairing?: PairingOutcome } = {}) {
    const settings = memorySettings((s) => {
      s.slack.defaultChannel = 'general';
      s.slack.commandUsers = options.paired ?? ['UALICE'];
      s.accounts.push({
        id: 'github',
        forge: 'github',
        apiUrl: 'https://api.github.com',
        token: 'ghp_x',
        caFile: null,
      });
    });
    const adapter = memoryAdapter('github');
    adapter.repos.set('octo/app', 'public');
    const web = memorySlackWeb();
    const pairingCalls: string[] = [];
    const signinCalls: string[] = [];
    const p = {
      settings: settings.access,
      adapter: (id: string) => (id === 'github' ? adapter : undefined),
      clock: {
        now: () => Date.parse('2025-06-02T09:00:00Z'),
        monotonic: () => 0,
        setTimeout: () => ({ cancel: () => undefined }),
      },
      logger: recordingLogger(),
      slackWeb: () => web,
      pairing: {
        complete: async (code: string, user: string): Promise<PairingOutcome> => {
          pairingCalls.push(`${code} ${user}`);
          return options.pairing ?? { ok: true };
        },
      },
      digests: {
        digestFor: (channel: string) => ({
          channel,
          at: '09:30',
          days: ['mon' as const],
          timeZone: 'UTC',
          repos: [],
          ignoreDrafts: true,
          staleAfterDays: 2,
        }),
        postNow: async (digest: { channel: string }) => `Posting the review queue for #${digest.channel}.`,
      },
      todo: {
        forSlackUser: async (slack: string) =>
          slack === 'UALICE' ? { text: 'alice’s queue', blocks: [{ type: 'divider' as const }] } : null,
      },
      signin: {
        start: async (slack: string, account: string) => {
          signinCalls.push(`start ${slack} ${account}`);
          if (account === 'nope') throw new Error('There is no account "nope".');
          return { account, expiresAt: 0 };
        },
        signout: async (slack: string, account: string | null) => {
          signinCalls.push(`signout ${slack} ${account ?? '*'}`);
          return account === 'github' || account === null ? ['github'] : [];
        },
      },
    };
    return { p, settings, adapter, web, pairingCalls, signinCalls };
  }
  const run = (
    p: ReturnType<typeof ports>['p'],
    text: string,
    user = 'UALICE',
    extra: Partial<SlashCommandPayload> = {},
  ) =>
    runSlashCommand(p, {
      command: '/forgebell',
      text,
      user_id: user,
      channel_id: 'C0GENERAL1',
      channel_name: 'general',
      trigger_id: 'T1',
      ...extra,
    });

  it.each([
    ['help', 'help', /\*\/forgebell usage\*[\s\S]*subscribe <repo>[\s\S]*link <code>[\s\S]*Events: commits, tags/],
    ['nothing', '', /\/forgebell usage/],
    ['an unknown verb', 'frobnicate', /^Unknown command "frobnicate"\.\n\n\*\/forgebell usage/],
    ['a verb without its argument', 'open', /^Say which repository: `open <repo>`\.\n\n/],
    ['close with something that is not a URL', 'close not-a-url', /Give the issue or pull\/merge request URL/],
    ['subscribe with an unknown event', 'subscribe octo/app issuez', /^unknown event "issuez"\.\n\n/],
    [
      'list in a channel without subscriptions',
      'list',
      /This channel has no subscriptions\. Try `\/forgebell subscribe owner\/repo`/,
    ],
  ])('%s → %s', async (_name, text, answer) => {
    const { p } = ports();
    const reply = await run(p, text);
    expect(reply.ack.response_type).toBe('ephemeral');
    expect(reply.ack.text).toMatch(answer);
    expect(reply.later).toBeUndefined();
  });

  it.each([
    'subscribe octo/app',
    'unsubscribe octo/app',
    'open octo/app',
    'close https://github.com/octo/app/issues/1',
    'reopen https://github.com/octo/app/issues/1',
  ])('a stranger may not %s (acts with the configured credentials)', async (text) => {
    const { p, adapter, settings } = ports();
    const reply = await run(p, text, 'UBOB');
    expect(reply.ack.text).toMatch(/^Sorry, you are not allowed to \w+ with Forgebell's credentials/);
    expect(reply.later).toBeUndefined();
    expect(adapter.calls).toEqual([]);
    expect(settings.saved).toEqual([]);
  });

  it('subscribe acks at once, then checks the repository on the forge and saves the subscription', async () => {
    const { p, settings, adapter } = ports();
    const reply = await run(p, 'subscribe octo/app reviews +label:"bug" commits:release/*');
    expect(reply.ack.text).toBe('Subscribing this channel to github:octo/app…');
    expect(adapter.calls).toEqual([]);
    const later = await reply.later?.();
    expect(later).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringMatching(/^<@UALICE> subscribed this channel to octo\/app/),
    });
    expect(settings.access.current().subscriptions).toEqual([
      expect.objectContaining({
        repo: 'octo/app',
        channel: 'C0GENERAL1',
        sinceSeq: 42,
        branches: ['release/*'],
        labels: { include: ['bug'], exclude: [], match: 'any' },
        events: expect.arrayContaining(['reviews', 'commits', 'issues']),
      }),
    ]);
    const again = await (await run(p, 'unsubscribe octo/app reviews')).later?.();
    expect(again?.text).toBe('<@UALICE> turned off reviews for octo/app here.');
    expect(settings.access.current().subscriptions[0]?.events).not.toContain('reviews');
    expect((await run(p, 'list', 'UBOB')).ack.text).toMatch(/\*Subscriptions in this channel\*\n• `github:octo\/app`/);
    await settings.access.update((s) => {
      const sub = s.subscriptions[0];
      if (sub) sub.actors = { bots: false, exclude: ['renovate*'], only: ['@people'] };
      return s;
    });
    expect((await run(p, 'list', 'UBOB')).ack.text).toMatch(/actors: no bots; only @people; not renovate\*/);
  });

  it('subscribe to a repository the token cannot read answers why, and saves nothing', async () => {
    const { p, settings } = ports();
    const later = await (await run(p, 'subscribe octo/secret')).later?.();
    expect(later?.text).toMatch(/^Cannot subscribe: octo\/secret was not found with account github/);
    expect(settings.saved).toEqual([]);
  });

  it('open opens the new-issue form with the trigger id; close asks the forge and says what happened', async () => {
    const { p, web, adapter } = ports();
    const open = await run(p, 'open octo/app');
    expect(open.ack.text).toBe('Opening the new-issue form for octo/app…');
    expect(await open.later?.()).toBeNull();
    expect(web.views).toEqual([
      {
        triggerId: 'T1',
        view: expect.objectContaining({
          callback_id: 'forgebell_open_issue',
          private_metadata: JSON.stringify({ account: 'github', repo: 'octo/app', channel: 'C0GENERAL1' }),
        }),
      },
    ]);
    const close = await run(p, 'close <https://github.com/octo/app/issues/3>');
    expect(await close.later?.()).toEqual({
      response_type: 'ephemeral',
      text: 'Closed https://github.com/octo/app/issues/3',
    });
    expect(adapter.calls).toEqual(['setIssueState octo/app#3 issue closed']);
  });

  it.each<[string, PairingOutcome, RegExp]>([
    ['paired', { ok: true }, /^Paired: <@UBOB> can now run \/forgebell commands/],
    ['wrong or expired', { ok: false, reason: 'unknown' }, /unknown or expired/],
    ['invalidated after five wrong codes', { ok: false, reason: 'locked' }, /too many wrong codes were tried/],
    [
      'saving failed',
      { ok: false, reason: 'save_failed', message: 'ENOSPC' },
      /could not save the pairing \(ENOSPC\)\. You are not paired yet/,
    ],
  ])('link: %s', async (_name, outcome, answer) => {
    const { p, pairingCalls } = ports({ pairing: outcome });
    const reply = await run(p, 'link abc123', 'UBOB');
    expect(reply.ack.text).toMatch(answer);
    expect(reply.ack.text).not.toMatch(outcome.ok ? /not paired/ : /^Paired/);
    expect(pairingCalls).toEqual(['ABC123 UBOB']);
  });

  it('signin: anyone, ack at once without any code, the code by DM; a refusal in words', async () => {
    const { p, signinCalls } = ports({ paired: [] });
    const reply = await run(p, 'signin github', 'UBOB');
    expect(reply.ack.text).toBe('Starting your sign-in to github… the code comes to you by DM.');
    expect(reply.ack.response_type).toBe('ephemeral');
    expect(await reply.later?.()).toMatchObject({ text: expect.stringMatching(/I sent you a DM with the code/) });
    expect(signinCalls).toEqual(['start UBOB github']);
    // With one account, the account may be left out.
    expect((await run(p, 'signin', 'UBOB')).ack.text).toMatch(/sign-in to github/);
    const refused = await run(p, 'signin nope', 'UBOB');
    expect(await refused.later?.()).toMatchObject({ text: 'There is no account "nope".' });
  });

  it('signout: forgets your own token, says when there was none', async () => {
    const { p, signinCalls } = ports({ paired: [] });
    expect(await (await run(p, 'signout github', 'UBOB')).later?.()).toMatchObject({
      text: expect.stringMatching(/^Signed out of github/),
    });
    expect(await (await run(p, 'signout work', 'UBOB')).later?.()).toMatchObject({
      text: 'You are not signed in to work.',
    });
    expect(signinCalls).toEqual(['signout UBOB github', 'signout UBOB work']);
  });

  it('me: anyone opens their own settings modal with the trigger', async () => {
    const { p, web } = ports({ paired: [] });
    const reply = await run(p, 'me', 'UBOB');
    expect(reply.ack.text).toBe('Opening your settings…');
    expect(await reply.later?.()).toBeNull();
    expect(web.views).toHaveLength(1);
    expect(web.views[0]).toMatchObject({ triggerId: 'T1', view: { callback_id: 'forgebell_me' } });
    expect(JSON.parse(String(web.views[0]?.view.private_metadata))).toEqual({ slack: 'UBOB' });
  });
});
