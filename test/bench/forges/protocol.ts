/**
 * Messages between the benchmark (engine process) and the fakes' process. The fakes run in a child process so
 * the engine's CPU and memory figures are the engine's, not the fakes'.
 */

export type Forge = 'github' | 'gitlab';

export type OpKind =
  | 'pushMain'
  | 'pushFeature'
  | 'openPull'
  | 'mergePull'
  | 'closePull'
  | 'markReady'
  | 'review'
  | 'comment'
  | 'openIssue'
  | 'closeIssue'
  | 'reopenIssue'
  | 'labelIssue'
  | 'release'
  | 'deploy'
  | 'deployFinish';

export interface Op {
  forge: Forge;
  repo: string;
  kind: OpKind;
  /** Seed for the op's own choices (which issue, how many commits …). */
  seed: number;
  /** deployFinish: the deployment to finish. */
  deploymentId?: number;
}

/** A notification the default subscription must produce, by the engine's stable event id. */
export interface Expected {
  eventId: string;
  forge: Forge;
  repo: string;
  /** Fake-clock time the fake recorded the action. */
  at: number;
  what: string;
}

export interface OpResult {
  /** What was done (an op falls back to another kind when its target does not exist). */
  performed: OpKind;
  /** Mutator calls recorded by the fake. */
  actions: number;
  expected: Expected[];
  followUps: { delayMs: number; op: Op }[];
}

/** Request header with the engine's virtual time when it sent the request. */
export const VIRTUAL_NOW_HEADER = 'x-bench-virtual-now';

export interface SetupParams {
  githubRepos: string[];
  gitlabProjects: string[];
  channels: string[];
  seed: number;
  /** virtual time − Date.now(), as in the engine's clock. */
  offset: number;
  slackRateLimit: { perSecond: number; burst: number } | null;
}

export interface SetupResult {
  github: { apiUrl: string; origin: string; token: string; pollIntervalSeconds: number };
  gitlab: { apiUrl: string; origin: string; token: string };
  slack: { apiUrl: string; origin: string; botToken: string };
}

export interface SlackPost {
  deliveryId: string | null;
  postedAt: number;
  channel: string;
  threaded: boolean;
}

export interface Collected {
  slack: { posts: SlackPost[]; rateLimited: number; callsByMethod: Record<string, number>; edits: number };
  github: { total: number; billable: number; notModified: number; rateLimited: number; actions: number };
  gitlab: { total: number; actions: number };
  process: { cpuMicros: number; maxRssKb: number; rssBytes: number };
}

export interface Methods {
  setup: { params: SetupParams; result: SetupResult };
  /** `now`: the sender's virtual time (the fakes' clock follows it). */
  op: { params: { op: Op; now: number }; result: OpResult };
  collect: { params: null; result: Collected };
  close: { params: null; result: null };
}

export type Method = keyof Methods;

export interface RpcRequest<M extends Method = Method> {
  id: number;
  method: M;
  params: Methods[M]['params'];
}

export interface RpcReply {
  id: number;
  result?: unknown;
  error?: string;
}

export function isRpcReply(value: unknown): value is RpcReply {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number';
}

export function isRpcRequest(value: unknown): value is RpcRequest {
  return isRpcReply(value) && typeof (value as { method?: unknown }).method === 'string';
}
