import type { RunsState } from './cursor.js';
import type { FeedEntry } from './feed-entry.js';

/**
 * When workflow runs are read only for people (no subscription posts pipelines; PollRequest.pipelinesFor), reading
 * every repository's runs list costs a billable first read per repository and one per completed run of anyone —
 * mostly runs nobody would be DMed about. A failed run concerns its starter, and runs start on a push (a new branch
 * or tag, a release, a pull request from a fork, whose pushes are not in this feed): so a repository's runs are read
 * only from such an event by a person who wants failed-pipeline DMs, for WATCH_MS after their last one. The list
 * keeps its ETag, so while nothing completes a watched repository costs free 304s.
 * Not seen this way: a run someone starts by hand (workflow_dispatch, re-run) in a repository they did not push to
 * in the last WATCH_MS — a subscription with `pipelines` reads every run.
 */
export const WATCH_MS = 6 * 3_600_000;

const STARTS_RUNS = new Set(['PushEvent', 'CreateEvent', 'ReleaseEvent']);
const PULL_STARTS_RUNS = new Set(['opened', 'reopened', 'synchronize']);

/** The watch after this poll's feed entries: extended by a starting event of a person, else as it was. */
export function runsWatch(
  state: RunsState | null | undefined,
  fresh: readonly FeedEntry[],
  person: (login: string) => boolean,
  now: number,
): { watchFrom: number; watchUntil: number } | null {
  const live = state?.watchFrom !== undefined && state.watchUntil !== undefined && now < state.watchUntil;
  let from = live ? (state.watchFrom as number) : null;
  let started = false;
  for (const entry of fresh) {
    if (!startsRuns(entry) || !person(entry.actor.login)) continue;
    started = true;
    const at = Date.parse(entry.created_at);
    const when = Number.isFinite(at) ? Math.min(at, now) : now;
    from = from === null ? when : Math.min(from, when);
  }
  if (started && from !== null) return { watchFrom: from, watchUntil: now + WATCH_MS };
  return live ? { watchFrom: state.watchFrom as number, watchUntil: state.watchUntil as number } : null;
}

function startsRuns(entry: FeedEntry): boolean {
  if (STARTS_RUNS.has(entry.type)) return true;
  if (entry.type !== 'PullRequestEvent') return false;
  const action = entry.payload.action;
  if (typeof action !== 'string' || !PULL_STARTS_RUNS.has(action)) return false;
  // A pull request from a fork: its pushes land in the fork's feed, not this one.
  const pull = entry.payload.pull_request as { head?: { repo?: { full_name?: unknown } | null } } | undefined;
  const head = pull?.head?.repo?.full_name;
  return (
    typeof head === 'string' && entry.repo?.name !== undefined && head.toLowerCase() !== entry.repo.name.toLowerCase()
  );
}
