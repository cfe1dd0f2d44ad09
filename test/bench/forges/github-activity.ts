import type { GitHubFake } from '../../fakes/github/index.js';
import { ZERO_SHA } from '../../fakes/github/index.js';
import type { FakeEvent } from '../../fakes/github/world-types.js';
import type { Expected, Op, OpKind, OpResult } from './protocol.js';
import { Random } from './random.js';

interface RepoState {
  openIssues: number[];
  closedIssues: number[];
  openPulls: number[];
  draftPulls: number[];
  featureBranches: string[];
  counter: number;
}

const NOTIFIED_SUBJECT_ACTIONS = new Set(['opened', 'closed', 'reopened']);
const NOTIFIED_PULL_ACTIONS = new Set(['opened', 'closed', 'reopened', 'ready_for_review']);
const LABELS = ['bug', 'enhancement', 'docs', 'ops', 'security', 'good first issue'];

/**
 * Realistic GitHub activity on the fake, and the oracle: which of the recorded feed events and deployment
 * statuses a subscription with the default settings must deliver (events commits, issues, pulls, deployments,
 * releases; branches "default"; drafts off; no label filter).
 */
export class GitHubActivity {
  private readonly repos = new Map<string, RepoState>();
  private readonly events = new Map<string, FakeEvent>();
  private indexed = 0;

  constructor(
    private readonly gh: GitHubFake,
    private readonly accountId: string,
  ) {}

  /** A repository with some history: open issues, open pull requests (one draft), a closed issue. */
  setupRepo(repo: string, rnd: Random): void {
    this.gh.createRepo(repo);
    const state: RepoState = {
      openIssues: [],
      closedIssues: [],
      openPulls: [],
      draftPulls: [],
      featureBranches: [],
      counter: 0,
    };
    this.repos.set(repo, state);
    this.gh.push(repo, 'main', rnd.int(2, 5), { actor: actor(rnd) });
    for (let i = 0; i < 4; i++)
      state.openIssues.push(
        this.gh.openIssue(repo, { title: `Existing issue ${i + 1}`, actor: actor(rnd), labels: [rnd.pick(LABELS)] })
          .number,
      );
    const closed = state.openIssues.pop() as number;
    this.gh.closeIssue(repo, closed);
    state.closedIssues.push(closed);
    for (let i = 0; i < 3; i++) {
      const branch = `feature/existing-${i + 1}`;
      const draft = i === 2;
      const pr = this.gh.openPull(repo, {
        title: `Existing change ${i + 1}`,
        head: branch,
        commits: rnd.int(1, 3),
        draft,
        actor: actor(rnd),
      });
      (draft ? state.draftPulls : state.openPulls).push(pr.number);
      state.featureBranches.push(branch);
    }
  }

  perform(op: Op): OpResult {
    const rnd = new Random(op.seed);
    const state = this.repos.get(op.repo);
    if (!state) throw new Error(`unknown GitHub repo ${op.repo}`);
    const before = this.gh.actions.length;
    const followUps: OpResult['followUps'] = [];
    const performed = this.run(op, state, rnd, followUps);
    const actions = this.gh.actions.slice(before);
    return {
      performed,
      actions: actions.length,
      expected: actions.flatMap((a) => this.expectedFor(op.repo, a.type, a.eventIds, a.ref, a.at)),
      followUps,
    };
  }

  private run(op: Op, s: RepoState, rnd: Random, followUps: OpResult['followUps']): OpKind {
    const { repo } = op;
    const by = { actor: actor(rnd) };
    switch (op.kind) {
      case 'pushMain':
        this.gh.push(repo, 'main', rnd.int(1, 3), by);
        return 'pushMain';
      case 'pushFeature': {
        const branch =
          s.featureBranches.length > 0 && rnd.chance(0.7) ? rnd.pick(s.featureBranches) : `feature/work-${++s.counter}`;
        if (!s.featureBranches.includes(branch)) s.featureBranches.push(branch);
        this.gh.push(repo, branch, rnd.int(1, 3), by);
        return 'pushFeature';
      }
      case 'openPull': {
        const branch = `feature/pr-${++s.counter}`;
        const draft = rnd.chance(0.2);
        const pr = this.gh.openPull(repo, {
          title: `Change ${s.counter}`,
          head: branch,
          commits: rnd.int(1, 3),
          draft,
          labels: rnd.chance(0.5) ? [rnd.pick(LABELS)] : [],
          ...by,
        });
        (draft ? s.draftPulls : s.openPulls).push(pr.number);
        s.featureBranches.push(branch);
        return 'openPull';
      }
      case 'mergePull': {
        const n = take(s.openPulls, rnd);
        if (n === null) return this.run({ ...op, kind: 'openPull' }, s, rnd, followUps);
        this.gh.mergePull(repo, n, by);
        return 'mergePull';
      }
      case 'closePull': {
        const n = take(s.openPulls, rnd);
        if (n === null) return this.run({ ...op, kind: 'openPull' }, s, rnd, followUps);
        this.gh.closePull(repo, n, by);
        return 'closePull';
      }
      case 'markReady': {
        const n = take(s.draftPulls, rnd);
        if (n === null) return this.run({ ...op, kind: 'review' }, s, rnd, followUps);
        this.gh.markReady(repo, n, by);
        s.openPulls.push(n);
        return 'markReady';
      }
      case 'review': {
        if (s.openPulls.length === 0) return this.run({ ...op, kind: 'comment' }, s, rnd, followUps);
        this.gh.review(repo, rnd.pick(s.openPulls), {
          state: rnd.chance(0.6) ? 'approved' : 'commented',
          body: 'Looks good',
          ...by,
        });
        return 'review';
      }
      case 'comment': {
        const targets = [...s.openIssues, ...s.openPulls, ...s.draftPulls];
        if (targets.length === 0) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gh.comment(repo, { issue: rnd.pick(targets) }, 'A comment', by);
        return 'comment';
      }
      case 'openIssue':
        s.openIssues.push(
          this.gh.openIssue(repo, {
            title: `Issue ${++s.counter}`,
            body: 'Steps to reproduce …',
            labels: rnd.chance(0.6) ? [rnd.pick(LABELS)] : [],
            ...by,
          }).number,
        );
        return 'openIssue';
      case 'closeIssue': {
        const n = take(s.openIssues, rnd);
        if (n === null) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gh.closeIssue(repo, n, by);
        s.closedIssues.push(n);
        return 'closeIssue';
      }
      case 'reopenIssue': {
        const n = take(s.closedIssues, rnd);
        if (n === null) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gh.reopenIssue(repo, n, by);
        s.openIssues.push(n);
        return 'reopenIssue';
      }
      case 'labelIssue': {
        if (s.openIssues.length === 0) return this.run({ ...op, kind: 'openIssue' }, s, rnd, followUps);
        this.gh.labelIssue(repo, rnd.pick(s.openIssues), [rnd.pick(LABELS)], by);
        return 'labelIssue';
      }
      case 'release':
        this.gh.publishRelease(repo, {
          tag: `v1.${++s.counter}.0`,
          name: `Release 1.${s.counter}`,
          body: 'Changes …',
          ...by,
        });
        return 'release';
      case 'deploy': {
        // Most deployments go out from main; some are previews of a feature branch (filtered by branches: default).
        const ref = s.featureBranches.length > 0 && rnd.chance(0.15) ? rnd.pick(s.featureBranches) : 'main';
        const deployment = this.gh.deploy(repo, {
          environment: ref === 'main' ? rnd.pick(['production', 'staging']) : 'preview',
          ref,
          state: 'in_progress',
          ...by,
        });
        followUps.push({
          delayMs: rnd.int(60, 240) * 1000,
          op: { forge: 'github', repo, kind: 'deployFinish', seed: rnd.int(1, 2 ** 30), deploymentId: deployment.id },
        });
        return 'deploy';
      }
      case 'deployFinish':
        this.gh.deploymentStatus(repo, op.deploymentId ?? 0, rnd.chance(0.85) ? 'success' : 'failure', by);
        return 'deployFinish';
    }
  }

  private expectedFor(
    repo: string,
    type: string,
    eventIds: string[],
    ref: string | number | null,
    at: number,
  ): Expected[] {
    const fakeRepo = this.gh.world.repo(repo);
    if (type === 'deploymentStatus') {
      const deployment = fakeRepo.deployments.find((d) => d.statuses.some((st) => st.id === ref));
      return deployment?.ref === fakeRepo.defaultBranch
        ? [
            {
              eventId: `${this.accountId}:gh-deploy-status:${String(ref)}`,
              forge: 'github',
              repo,
              at,
              what: 'deployment status',
            },
          ]
        : [];
    }
    const out: Expected[] = [];
    for (const id of eventIds) {
      const event = this.event(id);
      if (!event) continue;
      const what = this.notifies(event, fakeRepo.defaultBranch, repo);
      if (what) out.push({ eventId: `${this.accountId}:gh:${id}`, forge: 'github', repo, at, what });
    }
    return out;
  }

  /** What the default subscription reports for this feed event, or null. */
  private notifies(event: FakeEvent, defaultBranch: string, repo: string): string | null {
    const p = event.payload;
    const action = typeof p.action === 'string' ? p.action : '';
    switch (event.type) {
      case 'PushEvent':
        return p.ref === `refs/heads/${defaultBranch}` && p.head !== ZERO_SHA && p.head !== p.before
          ? 'push to the default branch'
          : null;
      case 'IssuesEvent':
        return NOTIFIED_SUBJECT_ACTIONS.has(action) ? `issue ${action}` : null;
      case 'PullRequestEvent': {
        if (!NOTIFIED_PULL_ACTIONS.has(action)) return null;
        const number = typeof p.number === 'number' ? p.number : -1;
        const draft = this.gh.world.repo(repo).issues.get(number)?.pull?.draft === true;
        return draft ? null : `pull request ${action}`;
      }
      case 'ReleaseEvent':
        return action === 'published' ? 'release published' : null;
      default:
        return null;
    }
  }

  private event(id: string): FakeEvent | undefined {
    const all = this.gh.world.events;
    for (; this.indexed < all.length; this.indexed++) {
      const e = all[this.indexed] as FakeEvent;
      this.events.set(String(e.id), e);
    }
    return this.events.get(id);
  }
}

function take(list: number[], rnd: Random): number | null {
  if (list.length === 0) return null;
  const index = Math.floor(rnd.next() * list.length);
  return list.splice(index, 1)[0] ?? null;
}

function actor(rnd: Random): string {
  return `dev-${rnd.int(1, 40)}`;
}
