import type { FakeEvent, FakeProject, GitLabFake } from '../../fakes/gitlab/index.js';
import type { Expected, Op, OpKind, OpResult } from './protocol.js';
import { Random } from './random.js';

interface ProjectState {
  openIssues: number[];
  closedIssues: number[];
  openMrs: number[];
  draftMrs: number[];
  featureBranches: string[];
  counter: number;
}

/** Deployment statuses GitLab's deployments endpoint reports that Forgebell notifies. */
const NOTIFIED_DEPLOYMENT = new Set(['running', 'success', 'failed', 'canceled']);
const LABELS = ['bug', 'feature', 'docs', 'infra', 'security'];

/**
 * Realistic GitLab activity on the fake, and the oracle: which events the default subscription (commits,
 * issues, pulls, deployments, releases; branches "default"; drafts off; confidential events off) must deliver.
 */
export class GitLabActivity {
  private readonly projects = new Map<string, ProjectState>();

  constructor(
    private readonly gl: GitLabFake,
    private readonly accountId: string,
  ) {}

  setupProject(path: string, rnd: Random): void {
    this.gl.createProject(path, { defaultBranch: 'main' });
    const state: ProjectState = {
      openIssues: [],
      closedIssues: [],
      openMrs: [],
      draftMrs: [],
      featureBranches: [],
      counter: 0,
    };
    this.projects.set(path, state);
    this.gl.push(path, { branch: 'main', commits: rnd.int(2, 5), author: author(rnd) });
    for (let i = 0; i < 4; i++)
      state.openIssues.push(
        this.gl.openIssue(path, { title: `Existing issue ${i + 1}`, labels: [rnd.pick(LABELS)], author: author(rnd) })
          .iid,
      );
    const closed = state.openIssues.pop() as number;
    this.gl.closeIssue(path, closed);
    state.closedIssues.push(closed);
    for (let i = 0; i < 3; i++) {
      const branch = `feature/existing-${i + 1}`;
      this.gl.push(path, { branch, commits: rnd.int(1, 3), author: author(rnd) });
      const draft = i === 2;
      const mr = this.gl.openMergeRequest(path, {
        title: `Existing change ${i + 1}`,
        sourceBranch: branch,
        draft,
        author: author(rnd),
      });
      (draft ? state.draftMrs : state.openMrs).push(mr.iid);
      state.featureBranches.push(branch);
    }
  }

  perform(op: Op): OpResult {
    const rnd = new Random(op.seed);
    const state = this.projects.get(op.repo);
    if (!state) throw new Error(`unknown GitLab project ${op.repo}`);
    const before = this.gl.actions.length;
    const followUps: OpResult['followUps'] = [];
    const performed = this.run(op, state, rnd, followUps);
    const actions = this.gl.actions.slice(before);
    const project = this.gl.project(op.repo);
    return {
      performed,
      actions: actions.length,
      expected: actions.flatMap((a) => this.expectedFor(project, a.kind, a.eventId, a.ref, a.at)),
      followUps,
    };
  }

  private run(op: Op, s: ProjectState, rnd: Random, followUps: OpResult['followUps']): OpKind {
    const path = op.repo;
    const by = { author: author(rnd) };
    switch (op.kind) {
      case 'pushMain':
        this.gl.push(path, { branch: 'main', commits: rnd.int(1, 3), ...by });
        return 'pushMain';
      case 'pushFeature': {
        const branch =
          s.featureBranches.length > 0 && rnd.chance(0.7) ? rnd.pick(s.featureBranches) : `feature/work-${++s.counter}`;
        if (!s.featureBranches.includes(branch)) s.featureBranches.push(branch);
        this.gl.push(path, { branch, commits: rnd.int(1, 3), ...by });
        return 'pushFeature';
      }
      case 'openPull': {
        const branch = `feature/mr-${++s.counter}`;
        this.gl.push(path, { branch, commits: rnd.int(1, 3), ...by });
        s.featureBranches.push(branch);
        const draft = rnd.chance(0.2);
        const mr = this.gl.openMergeRequest(path, {
          title: `Change ${s.counter}`,
          sourceBranch: branch,
          draft,
          labels: rnd.chance(0.5) ? [rnd.pick(LABELS)] : [],
          ...by,
        });
        (draft ? s.draftMrs : s.openMrs).push(mr.iid);
        return 'openPull';
      }
      case 'mergePull': {
        const iid = take(s.openMrs, rnd);
        if (iid === null) return this.run({ ...op, kind: 'openPull' }, s, rnd, followUps);
        this.gl.mergeMergeRequest(path, iid, by);
        return 'mergePull';
      }
      case 'closePull': {
        const iid = take(s.openMrs, rnd);
        if (iid === null) return this.run({ ...op, kind: 'openPull' }, s, rnd, followUps);
        this.gl.closeMergeRequest(path, iid, by);
        return 'closePull';
      }
      case 'markReady':
      case 'review': {
        if (s.openMrs.length === 0) return this.run({ ...op, kind: 'comment' }, s, rnd, followUps);
        this.gl.approve(path, rnd.pick(s.openMrs), { author: `reviewer-${rnd.int(1, 500)}` });
        return 'review';
      }
      case 'comment': {
        if (s.openIssues.length > 0 && (s.openMrs.length === 0 || rnd.chance(0.5)))
          this.gl.comment(path, { body: 'A note', issue: rnd.pick(s.openIssues), ...by });
        else if (s.openMrs.length > 0)
          this.gl.comment(path, { body: 'A note', mergeRequest: rnd.pick(s.openMrs), ...by });
        else return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        return 'comment';
      }
      case 'openIssue': {
        // A few confidential issues: not delivered with the default events (confidential_issues is off).
        const confidential = rnd.chance(0.05);
        s.openIssues.push(
          this.gl.openIssue(path, {
            title: `Issue ${++s.counter}`,
            description: 'Steps to reproduce …',
            labels: rnd.chance(0.6) ? [rnd.pick(LABELS)] : [],
            confidential,
            ...by,
          }).iid,
        );
        return 'openIssue';
      }
      case 'closeIssue': {
        const iid = take(s.openIssues, rnd);
        if (iid === null) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gl.closeIssue(path, iid, by);
        s.closedIssues.push(iid);
        return 'closeIssue';
      }
      case 'reopenIssue': {
        const iid = take(s.closedIssues, rnd);
        if (iid === null) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gl.reopenIssue(path, iid, by);
        s.openIssues.push(iid);
        return 'reopenIssue';
      }
      case 'labelIssue': {
        if (s.openIssues.length === 0) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gl.labelIssue(path, rnd.pick(s.openIssues), [rnd.pick(LABELS)]);
        return 'labelIssue';
      }
      case 'release':
        this.gl.publishRelease(path, {
          tag: `v2.${++s.counter}.0`,
          name: `Release 2.${s.counter}`,
          description: 'Changes …',
          ...by,
        });
        return 'release';
      case 'deploy': {
        const ref = s.featureBranches.length > 0 && rnd.chance(0.15) ? rnd.pick(s.featureBranches) : 'main';
        const deployment = this.gl.deploy(path, {
          environment: ref === 'main' ? rnd.pick(['production', 'staging']) : `review/${ref}`,
          ref,
          status: 'running',
          user: by.author,
        });
        // GitLab lists only a deployment's current status: finishing it within one poll interval would hide
        // "running" from any poller, so deployments here run 2 to 5 minutes.
        followUps.push({
          delayMs: rnd.int(120, 300) * 1000,
          op: {
            forge: 'gitlab',
            repo: path,
            kind: 'deployFinish',
            seed: rnd.int(1, 2 ** 30),
            deploymentId: deployment.id,
          },
        });
        return 'deploy';
      }
      case 'deployFinish':
        this.gl.updateDeployment(path, op.deploymentId ?? 0, rnd.chance(0.85) ? 'success' : 'failed');
        return 'deployFinish';
    }
  }

  private expectedFor(
    project: FakeProject,
    kind: string,
    eventId: number | null,
    ref: string | number | null,
    at: number,
  ): Expected[] {
    const make = (id: string, what: string): Expected => ({
      eventId: `${this.accountId}:${id}`,
      forge: 'gitlab',
      repo: project.path,
      at,
      what,
    });
    if (kind.startsWith('deployment.')) {
      const status = kind.slice('deployment.'.length);
      const deployment = project.deployments.find((d) => d.id === ref);
      return NOTIFIED_DEPLOYMENT.has(status) && deployment?.ref === project.defaultBranch
        ? [make(`gl-deploy:${String(ref)}:${status}`, `deployment ${status}`)]
        : [];
    }
    if (kind === 'release.published') return [make(`gl-release:${project.path}:${String(ref)}`, 'release published')];
    if (eventId === null) return [];
    const index = project.events.findIndex((e) => e.id === eventId);
    const event = project.events[index];
    if (!event) return [];
    const out: Expected[] = [];
    if (kind === 'mr.merged') {
      // The merge commit's push lands just before the "accepted" row; the fake logs one action for both.
      const push = project.events
        .slice(0, index)
        .reverse()
        .find((e) => e.pushData !== null);
      const what = push ? this.notifies(project, push) : null;
      if (push && what) out.push(make(`gl:${push.id}${push.pushData?.action === 'created' ? ':commits' : ''}`, what));
    }
    const what = this.notifies(project, event);
    if (what) out.push(make(`gl:${event.id}${event.pushData?.action === 'created' ? ':commits' : ''}`, what));
    return out;
  }

  private notifies(project: FakeProject, event: FakeEvent): string | null {
    const push = event.pushData;
    if (push)
      return push.ref_type === 'branch' &&
        push.action !== 'removed' &&
        push.commit_count > 0 &&
        push.ref === project.defaultBranch
        ? 'push to the default branch'
        : null;
    if (event.targetType === 'Issue') {
      const issue = project.issues.find((i) => i.iid === event.targetIid);
      return issue && !issue.confidential && (event.actionName === 'opened' || event.actionName === 'closed')
        ? `issue ${event.actionName}`
        : null;
    }
    if (event.targetType === 'MergeRequest') {
      const mr = project.mergeRequests.find((m) => m.iid === event.targetIid);
      if (!mr || mr.draft) return null;
      return ['opened', 'closed', 'accepted', 'approved'].includes(event.actionName)
        ? `merge request ${event.actionName}`
        : null;
    }
    return null;
  }
}

function take(list: number[], rnd: Random): number | null {
  if (list.length === 0) return null;
  const index = Math.floor(rnd.next() * list.length);
  return list.splice(index, 1)[0] ?? null;
}

function author(rnd: Random): string {
  return `dev-${rnd.int(1, 40)}`;
}
