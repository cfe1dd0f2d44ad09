import type { Forge, OpKind } from './protocol.js';
import { Random } from './random.js';

export interface PlannedOp {
  /** ms after the start of the simulated hour. */
  offsetMs: number;
  forge: Forge;
  repo: string;
  kind: OpKind;
  seed: number;
  burst: boolean;
}

export interface PlanOptions {
  github: string[];
  gitlab: string[];
  /** Repositories (from the start of each list) with no activity at all, to measure what idle ones cost. */
  idleGithub: number;
  idleGitlab: number;
  durationMs: number;
  /** Activity per repository per 10 minutes, averaged over ALL repositories (idle ones included). */
  perRepoPer10Min: number;
  /** Share of the activity that comes in bursts (release trains, merge sprees). */
  burstShare: number;
  seed: number;
}

/** Everyday mix: what a team does in a repository (weights). Deployments add a second action when they finish. */
const EVERYDAY: Record<Exclude<OpKind, 'deployFinish'>, number> = {
  pushMain: 12,
  pushFeature: 16,
  openPull: 8,
  mergePull: 6,
  closePull: 1,
  markReady: 1,
  review: 6,
  comment: 16,
  openIssue: 6,
  closeIssue: 5,
  reopenIssue: 1,
  labelIssue: 4,
  release: 1,
  deploy: 3,
};

/** Burst mix: a merge train ending in a release and a deployment. */
const BURST: Partial<Record<OpKind, number>> = {
  mergePull: 4,
  pushMain: 3,
  openPull: 2,
  review: 2,
  comment: 3,
  release: 1,
  deploy: 2,
};

/**
 * A reproducible hour of activity: per-repository rates drawn from a log-normal (a few busy repositories, many
 * quiet ones), uniform arrival times, plus bursts of 6–14 actions a few seconds apart on one repository.
 * Deployments schedule their own "finished" action later (not counted here).
 */
export function planActivity(o: PlanOptions): PlannedOp[] {
  const rnd = new Random(o.seed);
  const repos = [
    ...o.github.map((repo) => ({ forge: 'github' as const, repo })),
    ...o.gitlab.map((repo) => ({ forge: 'gitlab' as const, repo })),
  ];
  const active = [
    ...o.github.slice(o.idleGithub).map((repo) => ({ forge: 'github' as const, repo })),
    ...o.gitlab.slice(o.idleGitlab).map((repo) => ({ forge: 'gitlab' as const, repo })),
  ];
  const total = Math.round((repos.length * o.perRepoPer10Min * o.durationMs) / 600_000);
  const weights = active.map(() => Math.exp(0.8 * rnd.normal()));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pickRepo = (): (typeof active)[number] => {
    let x = rnd.next() * weightSum;
    for (let i = 0; i < active.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return active[i] as (typeof active)[number];
    }
    return active[active.length - 1] as (typeof active)[number];
  };
  const ops: PlannedOp[] = [];
  const burstTarget = Math.round(total * o.burstShare);
  let bursty = 0;
  while (bursty < burstTarget) {
    const target = pickRepo();
    const size = Math.min(rnd.int(6, 14), burstTarget - bursty);
    let at = rnd.next() * (o.durationMs - 180_000);
    for (let i = 0; i < size; i++) {
      ops.push({
        offsetMs: Math.round(at),
        ...target,
        kind: rnd.weighted(BURST as Record<OpKind, number>),
        seed: rnd.int(1, 2 ** 30),
        burst: true,
      });
      at += rnd.exponential(12_000);
    }
    bursty += size;
  }
  for (let i = bursty; i < total; i++) {
    ops.push({
      offsetMs: Math.round(rnd.next() * o.durationMs),
      ...pickRepo(),
      kind: rnd.weighted(EVERYDAY),
      seed: rnd.int(1, 2 ** 30),
      burst: false,
    });
  }
  return ops.sort((a, b) => a.offsetMs - b.offsetMs);
}
