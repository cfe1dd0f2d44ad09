import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { memorySettings, recordingLogger } from '../../../../test/support/in-memory-ports.js';
import { systemClock } from '../../runtime/clock.js';
import { accountHandlers, type AccountHandlersPort } from './account-handlers.js';

/** The account handlers with their port; `routes` records every network route a check would take. */
function setup() {
  const settings = memorySettings((s) => {
    s.accounts.push({
      id: 'work',
      forge: 'gitlab',
      apiUrl: 'https://gitlab.corp/api/v4',
      token: 'glpat-old',
      caFile: null,
    });
  });
  const routes: { apiUrl: string; caFile: string | null }[] = [];
  const port: AccountHandlersPort = {
    settings: settings.access,
    clock: systemClock,
    logger: recordingLogger(),
    // Every check fails before any network call: the tests look at what would have been asked, and of whom.
    accountRoute: async <T>(
      account: { apiUrl: string; caFile: string | null },
      _work: (d: Dispatcher | undefined) => Promise<T>,
    ) => {
      routes.push(account);
      throw new Error('no network in this test');
    },
    adapter: () => undefined,
    requestBudget: () => [],
    deviceFlows: {
      start: async () => {
        throw new Error('unused');
      },
      status: () => {
        throw new Error('unused');
      },
    },
  };
  return { handlers: accountHandlers(port), settings, routes };
}

describe('accounts.* against in-memory ports', () => {
  it('moving an account to another host without a new token is refused: the stored token is never sent there (#10.3)', async () => {
    const { handlers, settings, routes } = setup();
    await expect(
      handlers['accounts.save']({ id: 'work', forge: 'gitlab', apiUrl: 'https://evil.example/api/v4' }),
    ).rejects.toMatchObject({
      code: 'invalid_params',
      message:
        'The API URL moves account work from https://gitlab.corp to https://evil.example: enter a token for the new host (the stored one is never sent to another host).',
    });
    expect(routes).toEqual([]);
    expect(settings.saved).toEqual([]);
  });

  it('the same host (another path) keeps the stored token and checks it there', async () => {
    const { handlers, routes } = setup();
    const result = await handlers['accounts.save']({
      id: 'work',
      forge: 'gitlab',
      apiUrl: 'https://gitlab.corp/api/v4/',
    });
    expect(result.ok).toBe(false);
    expect(routes).toEqual([{ apiUrl: 'https://gitlab.corp/api/v4/', caFile: null }]);
  });

  it('a new account needs a token; one with subscriptions cannot be removed', async () => {
    const { handlers, settings } = setup();
    await expect(
      handlers['accounts.save']({ id: 'new', forge: 'github', apiUrl: 'https://api.github.com' }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: 'A token is needed for a new account.' });
    await settings.access.update((s) => {
      s.subscriptions.push({
        id: 's1',
        createdAt: '2025-06-02T09:00:00Z',
        account: 'work',
        repo: 'g/p',
        enabled: true,
        events: ['issues'],
        channel: 'general',
        channels: {},
        branches: 'default',
        labels: { include: [], exclude: [], match: 'any' },
        onlyBrokenPipelines: true,
        drafts: false,
        threads: true,
        mentions: true,
        reactions: true,
        actors: { bots: true, exclude: [], only: [] },
      });
      return s;
    });
    await expect(handlers['accounts.remove']({ id: 'work' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(handlers['accounts.repos']({ account: 'work' })).resolves.toEqual({
      repos: [],
      error: 'Account work is not connected.',
    });
  });

  it('a token of another forge, or a CA file that is not there, is named before anything is sent (#12.13)', async () => {
    const { handlers, routes } = setup();
    const glpat = await handlers['accounts.verify']({
      forge: 'github',
      apiUrl: 'https://api.github.com',
      token: 'glpat-x',
    });
    expect(glpat).toMatchObject({ ok: false, details: [{ label: 'Token type' }] });
    expect(glpat.summary).toMatch(/^This is a GitLab token \(glpat-…\)\. Choose a GitLab preset/);
    const missingCa = await handlers['accounts.verify']({
      forge: 'gitlab',
      apiUrl: 'https://gitlab.corp/api/v4',
      token: 'glpat-x',
      caFile: '/nowhere/corp-root.pem',
    });
    expect(missingCa).toMatchObject({ ok: false, details: [{ label: 'CA file' }] });
    expect(missingCa.summary).toBe(
      "There is no file at /nowhere/corp-root.pem on the machine running Forgebell. Give the full path of your CA's PEM file there, or leave the field empty to trust only the usual public CAs.",
    );
    expect(missingCa.summary).not.toMatch(/ENOENT/);
    const notPem = await handlers['accounts.verify']({
      forge: 'gitlab',
      apiUrl: 'https://gitlab.corp/api/v4',
      token: 'glpat-x',
      caFile: fileURLToPath(import.meta.url),
    });
    expect(notPem.summary).toMatch(/holds no PEM certificate/);
    expect(routes).toEqual([]);
  });
});
