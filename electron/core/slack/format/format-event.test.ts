import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { ActionsBlock, Block, SlackMessage } from './block-types.js';
import {
  ACTION_APPROVE,
  ACTION_CLOSE,
  ACTION_COMMENT,
  ACTION_MERGE,
  ACTION_OPEN,
  ACTION_REOPEN,
  ACTION_REQUEST_CHANGES,
  ACTION_RERUN,
  parseDeployValue,
} from './buttons.js';
import { formatEvent } from './format-event.js';
import { allHostileEvents, hostileEvent } from '../../../../test/fixtures/hostile-events.js';
import { messageProblems } from './message-safety.js';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';

function allText(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}

function actionsOf(blocks: Block[]): ActionsBlock | undefined {
  return blocks.find((b): b is ActionsBlock => b.type === 'actions');
}

function actionIds(message: SlackMessage): string[] {
  return (actionsOf(message.blocks)?.elements ?? []).map((e) => e.action_id ?? '');
}

/** Cards with buttons: issues and pull/merge requests, and the sample pipeline (it failed: Re-run failed jobs). */
const SUBJECT_EVENTS = new Set(['issues', 'confidential_issues', 'pulls', 'pipelines']);

describe('formatEvent on sample events', () => {
  for (const forge of ['github', 'gitlab'] as const) {
    for (const name of EVENT_NAMES) {
      it(`${forge} ${name}: valid, escaped, with fallback text`, () => {
        const event = sampleEvent(name, {}, forge);
        const message = formatEvent(event, { buttons: true });
        expect(messageProblems(message)).toEqual([]);
        expect(message.text.length).toBeGreaterThan(10);
        expect(message.text).toContain(event.repo);
        expect(allText(message)).toContain(`<${event.repoUrl}|${event.repo}>`);
      });
    }
  }
});

describe('formatEvent on hostile events', () => {
  it('respects every limit and escapes everything, for every event name, forge, action and URL shape', () => {
    let count = 0;
    const started = performance.now();
    for (const event of allHostileEvents()) {
      count++;
      const message = formatEvent(event, { buttons: count % 3 !== 0, fixed: count % 2 === 0 });
      const problems = messageProblems(message);
      if (problems.length > 0)
        throw new Error(`${event.event}/${event.forge}/${event.action.slice(0, 20)}: ${problems.join('; ')}`);
      expect(message.text.length).toBeLessThan(4000);
      expect(message.blocks.length).toBeGreaterThan(0);
    }
    expect(count).toBe(EVENT_NAMES.length * 2 * 8 * 3);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('never lets a planted mention or link through', () => {
    const event = hostileEvent('issues', 'github', 'opened');
    const json = allText(formatEvent(event, { buttons: true }));
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<https://evil.example');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('shows javascript: URLs as plain text, never as links or buttons', () => {
    const message = formatEvent(hostileEvent('pulls', 'gitlab', 'opened', 'javascript'), { buttons: true });
    expect(allText(message)).not.toContain('javascript:');
    expect(actionsOf(message.blocks)).toBeUndefined();
  });
});

describe('buttons', () => {
  it('appear only on issues and pull/merge requests, and only when asked for', () => {
    for (const name of EVENT_NAMES) {
      const withButtons = formatEvent(sampleEvent(name), { buttons: true });
      const without = formatEvent(sampleEvent(name), { buttons: false });
      expect(actionsOf(without.blocks)).toBeUndefined();
      expect(actionsOf(withButtons.blocks) !== undefined).toBe(SUBJECT_EVENTS.has(name));
    }
  });

  it('offer Close while open (with the web URL as value) and Reopen when closed', () => {
    const open = formatEvent(sampleEvent('issues'), { buttons: true });
    expect(actionIds(open)).toEqual([ACTION_OPEN, ACTION_CLOSE]);
    const close = actionsOf(open.blocks)?.elements[1];
    expect(close?.type === 'button' && close.value).toBe('https://github.com/octo-org/hello-world/issues/12');
    expect(close?.type === 'button' && close.confirm?.title?.text).toBe('Close this issue?');

    const closed = formatEvent(sampleEvent('issues', { action: 'closed', state: 'closed' }), { buttons: true });
    expect(actionIds(closed)).toEqual([ACTION_OPEN, ACTION_REOPEN]);
  });

  it('offer neither Close nor Reopen on a merged pull request', () => {
    const base = sampleEvent('pulls');
    const merged: ForgeEvent = {
      ...base,
      action: 'closed',
      state: 'closed',
      details: { ...(base.details as Extract<ForgeEvent['details'], { kind: 'pull' }>), merged: true },
    };
    const message = formatEvent(merged, { buttons: true });
    expect(actionIds(message)).toEqual([ACTION_OPEN]);
    expect(message.text).toContain('merged pull request #7');
  });

  it('are left out when the URL is too long to be a button value', () => {
    const message = formatEvent(sampleEvent('issues', { url: `https://github.com/o/r/issues/1?${'q'.repeat(2100)}` }), {
      buttons: true,
    });
    expect(actionsOf(message.blocks)).toBeUndefined();
  });
});

describe('push cards', () => {
  it('list at most 10 commits, count the rest and link the comparison', () => {
    const event = hostileEvent('commits', 'github', 'pushed');
    const message = formatEvent(event, { buttons: false });
    const json = allText(message);
    expect(json).toContain('…and 9,990 more');
    expect(json).toContain('Compare changes');
    const list = message.blocks[1];
    expect(list?.type === 'section' && list.text?.text.split('\n')).toHaveLength(11);
  });

  it('show sha, title and author per commit', () => {
    const message = formatEvent(sampleEvent('commits', {}, 'gitlab'), { buttons: false });
    expect(allText(message)).toContain(
      '<https://gitlab.example.com/group/sub/project/-/commit/a1b2c3d4e5f6a7b8c9d0|a1b2c3d4> Fix the login redirect — Alice',
    );
    expect(message.text).toBe('[group/sub/project] alice pushed 2 commits to main');
  });
});

describe('pipeline cards', () => {
  it('show status, duration, ref, commit, failed stages and at most 10 failed jobs', () => {
    const base = sampleEvent('pipelines', {}, 'gitlab');
    const details = base.details as Extract<ForgeEvent['details'], { kind: 'pipeline' }>;
    const jobs = Array.from({ length: 25 }, (_, i) => ({
      name: `job-${i}`,
      stage: 'test',
      url: `https://gitlab.example.com/j/${i}`,
    }));
    const message = formatEvent(
      { ...base, details: { ...details, failedJobs: jobs, failedStages: ['build', 'test'] } },
      { buttons: true },
    );
    const json = allText(message);
    expect(json).toContain(':x: <https://gitlab.example.com/group/sub/project/-/pipelines/345|Pipeline #345> failed');
    expect(json).toContain('12m 34s');
    expect(json).toContain('*Failed stages:* build, test');
    expect(json).toContain('job-9');
    expect(json).not.toContain('job-10');
    expect(json).toContain('…and 15 more');
    // A failed pipeline: Re-run failed jobs, with the account and the pipeline's URL.
    expect(actionIds(message)).toEqual([ACTION_RERUN]);
    const rerun = actionsOf(message.blocks)?.elements[0];
    expect(rerun?.type === 'button' && rerun.value).toBe(
      `${base.accountId} https://gitlab.example.com/group/sub/project/-/pipelines/345`,
    );
    // A failed Gitea/Forgejo Actions run too (its web page /actions/runs/N).
    const giteaRun = { ...base, forge: 'gitea' as const, url: 'https://tea.example/acme/app/actions/runs/12' };
    expect(actionIds(formatEvent(giteaRun, { buttons: true }))).toEqual([ACTION_RERUN]);
    // …but not from a server known to have no re-run API (its runs came from /actions/tasks).
    const noApi = { ...giteaRun, details: { ...giteaRun.details, rerunnable: false } } as ForgeEvent;
    expect(actionsOf(formatEvent(noApi, { buttons: true }).blocks)).toBeUndefined();
    const passed = formatEvent(
      { ...base, action: 'success', details: { ...details, status: 'success', failedJobs: [], failedStages: [] } },
      { buttons: true },
    );
    expect(actionsOf(passed.blocks)).toBeUndefined();
  });

  it('open pull/merge requests (GitHub, GitLab, Gitea) carry Approve, Request changes…, Comment… and Merge…', () => {
    const open = formatEvent(sampleEvent('pulls'), { buttons: true });
    expect(actionIds(open)).toEqual([
      ACTION_OPEN,
      ACTION_APPROVE,
      ACTION_REQUEST_CHANGES,
      ACTION_COMMENT,
      ACTION_MERGE,
      ACTION_CLOSE,
    ]);
    const approve = actionsOf(open.blocks)?.elements[1];
    expect(approve?.type === 'button' && approve.value).toMatch(/^\S+ https:\/\/github\.com\/.+\/pull\/7$/);
    expect(actionIds(formatEvent(sampleEvent('pulls', {}, 'gitlab'), { buttons: true }))).toContain(ACTION_MERGE);
    expect(actionIds(formatEvent(sampleEvent('issues'), { buttons: true }))).not.toContain(ACTION_APPROVE);
    // Gitea/Forgejo (§7): the same buttons while open, none of them once closed.
    const gitea = { ...sampleEvent('pulls'), forge: 'gitea' as const, url: 'https://tea.example/acme/app/pulls/7' };
    expect(actionIds(formatEvent(gitea, { buttons: true }))).toEqual(actionIds(open));
    expect(actionIds(formatEvent({ ...gitea, action: 'closed', state: 'closed' }, { buttons: true }))).not.toContain(
      ACTION_APPROVE,
    );
  });

  it('render the fixed variant from the option or the action', () => {
    for (const message of [
      formatEvent(sampleEvent('pipelines', { action: 'success' }), { buttons: false, fixed: true }),
      formatEvent(sampleEvent('pipelines', { action: 'fixed' }), { buttons: false }),
    ]) {
      expect(message.text).toContain('CI #345 is fixed');
      expect(allText(message)).toContain('Back to green');
      expect(allText(message)).not.toContain('Failed jobs');
    }
  });
});

describe('issue and pull request cards', () => {
  it('quote the body only when opened', () => {
    expect(allText(formatEvent(sampleEvent('issues'), { buttons: false }))).toContain('>Steps to reproduce:');
    expect(
      allText(formatEvent(sampleEvent('issues', { action: 'closed', state: 'closed' }), { buttons: false })),
    ).not.toContain('Steps to reproduce');
  });

  it('show labels, branches, draft and the confidential marker', () => {
    const pr = allText(formatEvent(sampleEvent('pulls', { draft: true }, 'gitlab'), { buttons: false }));
    expect(pr).toContain('`fix/login` → `main`');
    expect(pr).toContain(':white_circle: Draft');
    expect(pr).toContain('!7 Redirect after login');
    const confidential = formatEvent(sampleEvent('confidential_issues', {}, 'gitlab'), { buttons: false });
    expect(allText(confidential)).toContain(':lock: Confidential');
    expect(confidential.text).toContain('confidential issue #12');
  });

  it('describe ready for review and approvals', () => {
    expect(formatEvent(sampleEvent('pulls', { action: 'ready_for_review' }), { buttons: false }).text).toContain(
      'marked pull request ready for review',
    );
    expect(formatEvent(sampleEvent('pulls', { action: 'approved' }, 'gitlab'), { buttons: false }).text).toContain(
      'approved merge request !7',
    );
  });
});

describe('other cards', () => {
  it('deployment: environment and status', () => {
    expect(formatEvent(sampleEvent('deployments'), { buttons: false }).text).toBe(
      '[octo-org/hello-world] Deployment to production succeeded',
    );
    const failed = sampleEvent('deployments');
    expect(
      formatEvent(
        { ...failed, details: { kind: 'deployment', environment: 'staging', status: 'failure', sha: null } },
        { buttons: false },
      ).text,
    ).toContain('Deployment to staging failed');
  });

  it('deployment waiting for approval: Approve / Reject… while it waits (any environment name), none once it moved on', () => {
    const base = sampleEvent('deployments');
    const waiting: ForgeEvent = {
      ...base,
      url: 'https://github.com/octo-org/hello-world/actions/runs/42',
      details: { kind: 'deployment', environment: 'prod eu/1', status: 'waiting', sha: null, approval: { id: 42 } },
    };
    const message = formatEvent(waiting, { buttons: true });
    expect(message.text).toContain('Deployment to prod eu/1 is waiting for approval');
    const buttons = message.blocks.filter((b): b is ActionsBlock => b.type === 'actions').flatMap((b) => b.elements);
    expect(buttons.map((b) => ('action_id' in b ? b.action_id : ''))).toEqual([
      'forgebell_deploy_approve',
      'forgebell_deploy_reject',
    ]);
    const value = (buttons[0] as { value?: string }).value;
    expect(parseDeployValue(value)).toEqual({
      accountId: base.accountId,
      url: 'https://github.com/octo-org/hello-world/actions/runs/42',
      id: 42,
      environment: 'prod eu/1',
    });
    const moved = { ...waiting, details: { ...waiting.details, status: 'queued' } } as ForgeEvent;
    expect(JSON.stringify(formatEvent(moved, { buttons: true }).blocks)).not.toContain('forgebell_deploy');
    expect(JSON.stringify(formatEvent({ ...waiting, forge: 'gitea' }, { buttons: true }).blocks)).not.toContain(
      'forgebell_deploy',
    );
  });

  it('deployment waiting only for its wait timer: says how long, no buttons', () => {
    const base = sampleEvent('deployments');
    const timer = (minutes: number): ForgeEvent => ({
      ...base,
      url: 'https://github.com/octo-org/hello-world/actions/runs/42',
      details: { kind: 'deployment', environment: 'soak', status: 'waiting', sha: null, waitTimer: { minutes } },
    });
    const message = formatEvent(timer(5), { buttons: true });
    expect(message.text).toContain('Deployment to soak waits 5 minutes (wait timer)');
    expect(JSON.stringify(message.blocks)).not.toContain('forgebell_deploy');
    expect(formatEvent(timer(1), { buttons: true }).text).toContain('waits 1 minute (wait timer)');
  });

  it('release: tag, name and notes', () => {
    const json = allText(formatEvent(sampleEvent('releases'), { buttons: false }));
    expect(json).toContain('`v1.2.0`');
    expect(json).toContain('>- Faster login');
  });

  it('tags and branches: created and deleted', () => {
    expect(formatEvent(sampleEvent('tags'), { buttons: false }).text).toContain('pushed tag v1.2.0');
    expect(formatEvent(sampleEvent('branches', { action: 'deleted' }), { buttons: false }).text).toContain(
      'deleted branch feature/login',
    );
  });

  it('wiki: several pages become a list', () => {
    const pages = Array.from({ length: 14 }, (_, i) => ({
      title: `Page ${i}`,
      action: 'created',
      url: `https://github.com/o/r/wiki/P${i}`,
    }));
    const message = formatEvent(sampleEvent('wiki', { details: { kind: 'wiki', pages } }), { buttons: false });
    expect(message.text).toContain('updated 14 wiki pages');
    expect(allText(message)).toContain('…and 4 more');
  });

  it('comments and reviews quote their text', () => {
    expect(allText(formatEvent(sampleEvent('comments'), { buttons: false }))).toContain('>I can reproduce this.');
    expect(allText(formatEvent(sampleEvent('reviews'), { buttons: false }))).toContain('>Looks good.');
  });

  it('copes with details that do not match the event name', () => {
    for (const name of EVENT_NAMES) {
      const message = formatEvent(sampleEvent(name, { details: { kind: 'none' } }), { buttons: true });
      expect(messageProblems(message)).toEqual([]);
    }
  });
});
