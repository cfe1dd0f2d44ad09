import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import { filterSummary, formFromSubscription, formToInput, newForm, validateForm } from './subscription-form.js';

const sub: Subscription = {
  id: 's1',
  account: 'github',
  forge: 'github',
  repo: 'octo/app',
  enabled: true,
  events: ['pulls', 'issues', 'pipelines'],
  channel: 'dev',
  channels: { pipelines: 'ci' },
  branches: ['main', 'release/*'],
  labels: { include: ['bug', 'ui'], exclude: ['wontfix'], match: 'any' },
  onlyBrokenPipelines: true,
  drafts: false,
  threads: true,
  mentions: true,
  reactions: true,
  actors: { bots: true, exclude: [], only: [] },
  createdAt: '2025-01-01T00:00:00Z',
  lastEventAt: null,
  error: null,
};

describe('subscription form', () => {
  it('round-trips a subscription through the editor unchanged', () => {
    const input = formToInput(formFromSubscription(sub));
    expect(input).toEqual({
      account: 'github',
      repo: 'octo/app',
      enabled: true,
      events: ['issues', 'pulls', 'pipelines'],
      channel: 'dev',
      channels: { pipelines: 'ci' },
      branches: ['main', 'release/*'],
      labels: { include: ['bug', 'ui'], exclude: ['wontfix'], match: 'any' },
      onlyBrokenPipelines: true,
      drafts: false,
      threads: true,
      mentions: true,
      reactions: true,
      actors: { bots: true, exclude: [], only: [] },
    });
  });

  it('carries the actor filter and mentions both ways, and refuses "@" and spaces', () => {
    const withActors = {
      ...sub,
      mentions: false,
      actors: { bots: false, exclude: ['renovate*'], only: ['@people', 'mona'] },
    };
    const form = formFromSubscription(withActors);
    expect(form).toMatchObject({
      actorsBots: false,
      actorsExclude: 'renovate*',
      actorsOnly: '@people, mona',
      mentions: false,
    });
    expect(formToInput(form)).toMatchObject({
      mentions: false,
      actors: { bots: false, exclude: ['renovate*'], only: ['@people', 'mona'] },
    });
    expect(validateForm({ ...form, actorsExclude: '@renovate' }).actors).toMatch(/without “@”/);
    expect(validateForm({ ...form, actorsOnly: 'two words' }).actors).toMatch(/no spaces/);
    expect(filterSummary(withActors)).toContain('no bots · only by @people, mona · not by renovate*');
  });

  it('starts with the default events and strips "#" from channels', () => {
    const form = { ...newForm('github', '#dev'), repo: 'octo/app' };
    expect(form.events).toEqual(['commits', 'issues', 'pulls', 'deployments', 'releases']);
    expect(formToInput(form).channel).toBe('dev');
    expect(formToInput(form).branches).toBe('default');
  });

  it('drops per-event channels for events that are off', () => {
    const form = { ...formFromSubscription(sub), events: ['issues' as const] };
    expect(formToInput(form).channels).toEqual({});
  });

  it('reports problems per field', () => {
    const form = {
      ...newForm(''),
      repo: 'not a repo',
      events: [],
      branchMode: 'custom' as const,
      branchText: 'main\nfeat ure',
      labelsInclude: 'bug',
      labelsExclude: 'bug',
    };
    const errors = validateForm(form);
    expect(errors.account).toBeDefined();
    expect(errors.repo).toMatch(/owner\/name/);
    expect(errors.events).toBeDefined();
    expect(errors.branches).toBe('Line 2 (“feat ure”): branch names cannot contain spaces.');
    expect(errors.labels).toMatch(/both included and excluded/);
    expect(validateForm({ ...newForm('github'), repo: 'group/sub/project' })).toEqual({});
  });

  it('summarises filters in one line', () => {
    expect(filterSummary(sub)).toBe(
      'branches main, release/* · labels: bug or ui · not: wontfix · broken pipelines only',
    );
    expect(filterSummary({ ...sub, events: ['issues'], labels: { include: [], exclude: [], match: 'any' } })).toBe(
      'no filters',
    );
  });
});
