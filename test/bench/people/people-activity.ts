import type { GitHubFake } from '../../fakes/github/index.js';
import type { GitLabFake } from '../../fakes/gitlab/index.js';
import { Random } from '../forges/random.js';

/**
 * The simulated hour of `bench:people`: review requests, mentions, assignments, reviews, merges and failed runs on
 * the GitHub and GitLab fakes, by people and by others — and the oracle: which DMs each action must cause (one per
 * person, subject and reason; never for the person's own action), written from the action's meaning, not from the
 * engine's code.
 */

export interface Person {
  slack: string;
  github: string;
  gitlab: string;
  /** Signed in on GitHub (their inbox is read), on GitLab, or not. */
  signedIn: 'github' | 'gitlab' | null;
  /** Never involved in anything: an idle signed-in person's inbox must cost nothing after the first read. */
  idle: boolean;
}

export interface ExpectedDm {
  /** slack|forge|repo(lower)|subject|reason|qualifier — the DM key without the account prefix order (bench-local). */
  key: string;
  slack: string;
  at: number;
  what: string;
}

interface Pull {
  number: number;
  author: string;
  branch: string;
}

const DEVS = Array.from({ length: 8 }, (_, i) => `dev-${i}`);

/** Activity on both fakes; `expect` collects the DMs the oracle requires, `own` the ones that would be own actions. */
export class PeopleActivity {
  readonly expected = new Map<string, ExpectedDm>();
  /** Keys that only an own action would produce (a DM for one is a fault). */
  readonly own = new Set<string>();
  /** Keys of DMs only a person's own inbox can bring (activity in repositories without a subscription). */
  readonly inboxOnly = new Set<string>();
  private readonly pulls = new Map<string, Pull[]>();
  private readonly issues = new Map<string, number[]>();
  private counter = 0;

  constructor(
    private readonly gh: GitHubFake,
    private readonly gl: GitLabFake,
    readonly people: Person[],
    private readonly now: () => number,
  ) {}

  private active(rnd: Random): Person {
    const pool = this.people.filter((p) => !p.idle);
    return rnd.pick(pool);
  }

  private githubActor(rnd: Random): string {
    return rnd.int(0, 2) === 0 ? rnd.pick(DEVS) : this.active(rnd).github;
  }

  private gitlabActor(rnd: Random): string {
    return rnd.int(0, 2) === 0 ? rnd.pick(DEVS) : this.active(rnd).gitlab;
  }

  private personByLogin(forge: 'github' | 'gitlab', login: string): Person | undefined {
    return this.people.find((p) => p[forge] === login);
  }

  /** The oracle: `login` should get a DM unless it is `actor`'s own action (then it must not). */
  private expect(
    forge: 'github' | 'gitlab',
    repo: string,
    login: string,
    actor: string | null,
    subject: string,
    reason: string,
    qualifier = '',
  ): void {
    const person = this.personByLogin(forge, login);
    if (!person) return;
    const key = [person.slack, forge, repo.toLowerCase(), subject, reason, qualifier.toLowerCase()].join('|');
    if (actor !== null && actor.toLowerCase() === login.toLowerCase()) {
      if (!this.expected.has(key)) this.own.add(key);
      return;
    }
    this.own.delete(key);
    if (!this.expected.has(key)) this.expected.set(key, { key, slack: person.slack, at: this.now(), what: reason });
  }

  setupGitHub(repo: string): void {
    this.gh.createRepo(repo);
    this.pulls.set(repo, []);
    this.issues.set(repo, []);
  }

  /** A GitHub repository nobody subscribed: only signed-in people's inboxes hear of it. */
  setupGitHubUnsubscribed(repo: string): void {
    this.setupGitHub(repo);
  }

  /**
   * Activity in a repository without a subscription that concerns one signed-in, active GitHub person (everyone
   * else involved is not a person): a review request, an assignment or a mention. Only that person's inbox can
   * bring the DM.
   */
  githubInboxOnly(repo: string, seed: number): string {
    const rnd = new Random(seed);
    const pool = this.people.filter((p) => p.signedIn === 'github' && !p.idle);
    if (pool.length === 0) return 'skip';
    const who = rnd.pick(pool).github;
    const author = rnd.pick(DEVS);
    const n = ++this.counter;
    const pulls = this.pulls.get(repo) as Pull[];
    const kind = pulls.length === 0 ? 0 : rnd.int(0, 2);
    const expectOnly = (subject: string, reason: string): void => {
      this.expect('github', repo, who, author, subject, reason);
      const person = this.personByLogin('github', who) as Person;
      this.inboxOnly.add([person.slack, 'github', repo.toLowerCase(), subject, reason, ''].join('|'));
    };
    if (kind === 0) {
      const pull = this.gh.openPull(repo, {
        title: `Elsewhere ${n}`,
        head: `elsewhere-${n}`,
        actor: author,
        reviewers: [who],
      });
      pulls.push({ number: pull.number, author, branch: `elsewhere-${n}` });
      expectOnly(`pull:${pull.number}`, 'review_requested');
      return 'inboxOnlyReviewRequest';
    }
    if (kind === 1) {
      const issue = this.gh.openIssue(repo, { title: `Elsewhere issue ${n}`, actor: author, assignees: [who] });
      expectOnly(`issue:${issue.number}`, 'assigned');
      return 'inboxOnlyAssign';
    }
    const pull = rnd.pick(pulls);
    this.gh.comment(repo, { issue: pull.number }, `Could you look, @${who}?`, { actor: author });
    expectOnly(`pull:${pull.number}`, 'mentioned');
    return 'inboxOnlyMention';
  }

  setupGitLab(path: string): void {
    this.gl.createProject(path, { visibility: 'public' });
    this.pulls.set(`gl:${path}`, []);
    this.issues.set(`gl:${path}`, []);
  }

  github(repo: string, seed: number): string {
    const rnd = new Random(seed);
    const pulls = this.pulls.get(repo) as Pull[];
    const issues = this.issues.get(repo) as number[];
    const n = ++this.counter;
    const kind = rnd.int(0, 9);
    if (kind <= 2 || pulls.length === 0) {
      const author = this.githubActor(rnd);
      const reviewer = this.active(rnd).github;
      const reviewers = [...new Set([reviewer, rnd.pick(DEVS)])].filter((r) => r !== author);
      const assignee = rnd.int(0, 3) === 0 ? this.active(rnd).github : null;
      const branch = `change-${n}`;
      const pull = this.gh.openPull(repo, {
        title: `Change ${n}`,
        head: branch,
        actor: author,
        reviewers,
        body: rnd.int(0, 4) === 0 ? `cc @${this.active(rnd).github}` : null,
      });
      if (assignee) this.gh.assign(repo, pull.number, [assignee], { actor: author });
      pulls.push({ number: pull.number, author, branch });
      for (const r of reviewers) this.expect('github', repo, r, author, `pull:${pull.number}`, 'review_requested');
      if (assignee) this.expect('github', repo, assignee, author, `pull:${pull.number}`, 'assigned');
      const mentioned = /@(\S+)/.exec(pull.body ?? '')?.[1];
      if (mentioned) this.expect('github', repo, mentioned, author, `pull:${pull.number}`, 'mentioned');
      return 'openPull';
    }
    const pull = rnd.pick(pulls);
    switch (kind) {
      case 3: {
        const actor = this.githubActor(rnd);
        const reviewer = this.active(rnd).github;
        if (reviewer === pull.author) return 'skip';
        this.gh.requestReview(repo, pull.number, { reviewers: [reviewer], actor });
        this.expect('github', repo, reviewer, actor, `pull:${pull.number}`, 'review_requested');
        return 'requestReview';
      }
      case 4: {
        const actor = this.githubActor(rnd);
        const who = this.active(rnd).github;
        this.gh.comment(repo, { issue: pull.number }, `What do you think, @${who}?`, { actor });
        this.expect('github', repo, who, actor, `pull:${pull.number}`, 'mentioned');
        return 'mention';
      }
      case 5: {
        const reviewer = this.githubActor(rnd);
        if (reviewer === pull.author) return 'skip';
        this.gh.review(repo, pull.number, {
          state: rnd.pick(['approved', 'changes_requested'] as const),
          actor: reviewer,
        });
        this.expect('github', repo, pull.author, reviewer, `pull:${pull.number}`, 'my_pulls_reviewed', reviewer);
        return 'review';
      }
      case 6: {
        const actor = this.githubActor(rnd);
        this.gh.mergePull(repo, pull.number, { actor });
        pulls.splice(pulls.indexOf(pull), 1);
        this.expect('github', repo, pull.author, actor, `pull:${pull.number}`, 'my_pulls_merged');
        return 'merge';
      }
      case 7: {
        const pusher = this.active(rnd).github;
        const branch = `run-${n}`;
        this.gh.push(repo, branch, 1, { actor: pusher });
        this.gh.workflowRun(repo, { branch, conclusion: 'failure', actor: pusher });
        // A failed run is nobody's own action: its starter hears of it.
        this.expect('github', repo, pusher, null, `pipeline:${branch}`, 'my_pipelines_failed');
        return 'failRun';
      }
      default: {
        const actor = this.githubActor(rnd);
        const assignee = this.active(rnd).github;
        const issue = this.gh.openIssue(repo, { title: `Issue ${n}`, actor, assignees: [assignee] });
        issues.push(issue.number);
        this.expect('github', repo, assignee, actor, `issue:${issue.number}`, 'assigned');
        return 'openIssue';
      }
    }
  }

  gitlab(path: string, seed: number): string {
    const rnd = new Random(seed);
    const pulls = this.pulls.get(`gl:${path}`) as Pull[];
    const n = ++this.counter;
    const kind = rnd.int(0, 5);
    if (kind <= 1 || pulls.length === 0) {
      const author = this.gitlabActor(rnd);
      const reviewer = this.active(rnd).gitlab;
      const reviewers = reviewer === author ? [] : [reviewer];
      const branch = `change-${n}`;
      this.gl.createBranch(path, branch);
      const mr = this.gl.openMergeRequest(path, { title: `Change ${n}`, sourceBranch: branch, author, reviewers });
      pulls.push({ number: mr.iid, author, branch });
      for (const r of reviewers) this.expect('gitlab', path, r, author, `mr:${mr.iid}`, 'review_requested');
      return 'openMergeRequest';
    }
    const mr = rnd.pick(pulls);
    switch (kind) {
      case 2: {
        const actor = this.gitlabActor(rnd);
        const who = this.active(rnd).gitlab;
        this.gl.comment(path, { mergeRequest: mr.number, body: `Thoughts, @${who}?`, author: actor });
        this.expect('gitlab', path, who, actor, `mr:${mr.number}`, 'mentioned');
        return 'mention';
      }
      case 3: {
        const approver = this.gitlabActor(rnd);
        if (approver === mr.author) return 'skip';
        this.gl.approve(path, mr.number, { author: approver });
        this.expect('gitlab', path, mr.author, approver, `mr:${mr.number}`, 'my_pulls_reviewed', approver);
        return 'approve';
      }
      case 4: {
        const actor = this.gitlabActor(rnd);
        this.gl.mergeMergeRequest(path, mr.number, { author: actor });
        pulls.splice(pulls.indexOf(mr), 1);
        this.expect('gitlab', path, mr.author, actor, `mr:${mr.number}`, 'my_pulls_merged');
        return 'merge';
      }
      default: {
        const actor = this.gitlabActor(rnd);
        const assignee = this.active(rnd).gitlab;
        const issue = this.gl.openIssue(path, { title: `Issue ${n}`, author: actor, assignees: [assignee] });
        this.expect('gitlab', path, assignee, actor, `issue:${issue.iid}`, 'assigned');
        return 'openIssue';
      }
    }
  }
}
