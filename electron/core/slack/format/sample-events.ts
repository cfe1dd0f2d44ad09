import type { EventName } from '../../events/event-names.js';
import type { EventDetails, ForgeEvent } from '../../events/forge-event.js';

/**
 * Realistic sample events, one per event name: used by the formatter tests, and usable for UI previews and demos.
 * Pure data; nothing here touches the network.
 */

const GH = 'https://github.com/octo-org/hello-world';
const GL = 'https://gitlab.example.com/group/sub/project';

function base(event: EventName, forge: 'github' | 'gitlab'): ForgeEvent {
  const repoUrl = forge === 'github' ? GH : GL;
  return {
    id: `${forge}:${event}:1`,
    accountId: forge,
    forge,
    repo: forge === 'github' ? 'octo-org/hello-world' : 'group/sub/project',
    repoUrl,
    event,
    action: 'opened',
    subjectKey: null,
    number: null,
    title: '',
    url: repoUrl,
    actor: 'alice',
    createdAt: '2025-05-01T12:00:00Z',
    state: null,
    labels: [],
    branch: null,
    draft: false,
    confidential: false,
    details: { kind: 'none' },
  };
}

function details(event: EventName, forge: 'github' | 'gitlab'): Partial<ForgeEvent> & { details: EventDetails } {
  const repoUrl = forge === 'github' ? GH : GL;
  const mr = forge === 'gitlab';
  const pullPath = mr ? '/-/merge_requests/7' : '/pull/7';
  switch (event) {
    case 'commits':
      return {
        action: 'pushed',
        branch: 'main',
        details: {
          kind: 'push',
          commits: [
            { sha: 'a1b2c3d4e5f6a7b8c9d0', title: 'Fix the login redirect', author: 'Alice', url: `${repoUrl}${mr ? '/-' : ''}/commit/a1b2c3d4e5f6a7b8c9d0` },
            { sha: 'b2c3d4e5f6a7b8c9d0e1', title: 'Add tests', author: 'Bob', url: `${repoUrl}${mr ? '/-' : ''}/commit/b2c3d4e5f6a7b8c9d0e1` },
          ],
          totalCommits: 2,
          compareUrl: `${repoUrl}${mr ? '/-' : ''}/compare/0000000...b2c3d4e`,
          before: '0000000',
          after: 'b2c3d4e5f6a7b8c9d0e1',
        },
      };
    case 'tags':
      return { action: 'created', details: { kind: 'ref', refType: 'tag', ref: 'v1.2.0' } };
    case 'branches':
      return { action: 'created', branch: 'feature/login', details: { kind: 'ref', refType: 'branch', ref: 'feature/login' } };
    case 'issues':
    case 'confidential_issues':
      return {
        subjectKey: 'issue:12',
        number: 12,
        title: 'Login fails on Safari',
        url: `${repoUrl}${mr ? '/-' : ''}/issues/12`,
        state: 'open',
        labels: ['bug', 'ui'],
        confidential: event === 'confidential_issues',
        details: { kind: 'issue', body: 'Steps to reproduce:\n1. Open Safari\n2. Log in' },
      };
    case 'pulls':
      return {
        subjectKey: mr ? 'mr:7' : 'pull:7',
        number: 7,
        title: 'Redirect after login',
        url: `${repoUrl}${pullPath}`,
        state: 'open',
        labels: ['feature'],
        branch: 'main',
        details: { kind: 'pull', body: 'Closes #12.', sourceBranch: 'fix/login', targetBranch: 'main', merged: false },
      };
    case 'reviews':
      return {
        action: 'submitted',
        subjectKey: mr ? 'mr:7' : 'pull:7',
        number: 7,
        title: 'Redirect after login',
        url: `${repoUrl}${pullPath}`,
        details: { kind: 'review', state: 'approved', body: 'Looks good.' },
      };
    case 'comments':
    case 'confidential_comments':
      return {
        action: 'commented',
        subjectKey: 'issue:12',
        number: 12,
        title: 'Login fails on Safari',
        url: `${repoUrl}${mr ? '/-' : ''}/issues/12#note_1`,
        confidential: event === 'confidential_comments',
        details: { kind: 'comment', body: 'I can reproduce this.', on: 'issue' },
      };
    case 'pipelines':
      return {
        action: 'failed',
        number: 345,
        title: 'Fix the login redirect',
        url: `${repoUrl}${mr ? '/-/pipelines/345' : '/actions/runs/345'}`,
        branch: 'main',
        details: {
          kind: 'pipeline',
          status: 'failed',
          durationSeconds: 754,
          sha: 'a1b2c3d4e5f6a7b8c9d0',
          failedStages: ['test'],
          failedJobs: [{ name: 'unit', stage: 'test', url: `${repoUrl}${mr ? '/-/jobs/1' : '/actions/runs/345/job/1'}` }],
          name: mr ? null : 'CI',
        },
      };
    case 'deployments':
      return {
        action: 'success',
        title: 'Deploy v1.2.0',
        url: `${repoUrl}${mr ? '/-/environments' : '/deployments'}`,
        branch: 'main',
        details: { kind: 'deployment', environment: 'production', status: 'success', sha: 'a1b2c3d4e5f6a7b8c9d0' },
      };
    case 'releases':
      return {
        action: 'published',
        title: 'Version 1.2',
        url: `${repoUrl}${mr ? '/-' : ''}/releases/${mr ? '' : 'tag/'}v1.2.0`,
        details: { kind: 'release', tag: 'v1.2.0', name: 'Version 1.2', body: '## Changes\n- Faster login' },
      };
    case 'wiki':
      return {
        action: 'edited',
        details: { kind: 'wiki', pages: [{ title: 'Home', action: 'edited', url: `${repoUrl}${mr ? '/-/wikis/home' : '/wiki/Home'}` }] },
      };
    case 'discussions':
      return {
        action: 'created',
        subjectKey: 'discussion:3',
        number: 3,
        title: 'Roadmap ideas',
        url: `${repoUrl}/discussions/3`,
        details: { kind: 'discussion', body: 'What should we build next?', category: 'Ideas' },
      };
  }
}

/** A sample event for `event` on `forge` (GitHub by default), with `overrides` applied. */
export function sampleEvent(event: EventName, overrides: Partial<ForgeEvent> = {}, forge: 'github' | 'gitlab' = 'github'): ForgeEvent {
  return { ...base(event, forge), ...details(event, forge), ...overrides };
}
