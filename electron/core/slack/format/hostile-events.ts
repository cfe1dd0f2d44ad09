import { EVENT_NAMES, type EventName } from '../../events/event-names.js';
import type { CommitSummary, EventDetails, FailedJob, ForgeEvent } from '../../events/forge-event.js';
import { sampleEvent } from './sample-events.js';

/**
 * Adversarial events for tests and benchmarks: 100 KB titles and bodies full of mentions, disguised links, emoji,
 * combining marks, lone surrogates and bidi overrides; 10,000 commits; thousands of jobs, stages, pages and labels.
 */

/** Hostile text: every trick at once, repeated; emoji and entities land on every possible cut point. */
export const EVIL = '<!channel> <@U123> <https://evil.example|click> &amp; & @here *b* _i_ `c` |p| > q\n👨‍👩‍👧‍👦🇫🇷é\u0301\uD800\u202Ertl\u0000\u0007 ';

const textCache = new Map<string, string>();

/** `length` characters of EVIL, starting `offset` characters in (memoised: the generators reuse the same texts). */
export function evilText(length: number, offset = 0): string {
  const key = `${length}:${offset % EVIL.length}`;
  let text = textCache.get(key);
  if (text === undefined) {
    const unit = EVIL.slice(offset % EVIL.length) + EVIL.slice(0, offset % EVIL.length);
    text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    textCache.set(key, text);
  }
  return text;
}

let commitsCache: CommitSummary[] | null = null;
function manyCommits(): CommitSummary[] {
  commitsCache ??= Array.from({ length: 10_000 }, (_, i) => ({
    sha: `${i.toString(16).padStart(8, '0')}deadbeef`,
    title: evilText(1000, i),
    author: evilText(200, i + 3),
    url: i % 3 === 0 ? 'javascript:alert(1)' : `https://github.com/o/r/commit/${i}?a=1&b=<2>|x`,
  }));
  return commitsCache;
}

let jobsCache: FailedJob[] | null = null;
function manyJobs(): FailedJob[] {
  return (jobsCache ??= Array.from({ length: 5000 }, (_, i) => ({ name: evilText(500, i), stage: evilText(300, i + 1), url: i % 2 ? null : `https://gitlab.example.com/g/p/-/jobs/${i}` })));
}

let pagesCache: { title: string; action: string; url: string }[] | null = null;
let labelsCache: string[] | null = null;

function hostileDetails(kind: EventDetails['kind']): EventDetails {
  const body = evilText(100_000, 5);
  switch (kind) {
    case 'push':
      return { kind, commits: manyCommits(), totalCommits: 10_000, compareUrl: `https://github.com/o/r/compare/a...b?${evilText(50)}`, before: 'a', after: 'b' };
    case 'ref':
      return { kind, refType: 'branch', ref: evilText(5000, 2) };
    case 'issue':
      return { kind, body };
    case 'pull':
      return { kind, body, sourceBranch: evilText(3000, 1), targetBranch: evilText(3000, 4), merged: false };
    case 'review':
      return { kind, state: evilText(500), body };
    case 'comment':
      return { kind, body, on: evilText(500, 9) };
    case 'pipeline':
      return {
        kind,
        status: 'failed',
        durationSeconds: 1e12,
        sha: evilText(2000),
        failedStages: Array.from({ length: 2000 }, (_, i) => evilText(300, i)),
        failedJobs: manyJobs(),
        name: evilText(5000, 7),
      };
    case 'deployment':
      return { kind, environment: evilText(10_000, 3), status: evilText(300), sha: evilText(100) };
    case 'release':
      return { kind, tag: evilText(5000, 8), name: evilText(10_000, 6), body };
    case 'wiki':
      return { kind, pages: (pagesCache ??= Array.from({ length: 5000 }, (_, i) => ({ title: evilText(800, i), action: evilText(50, i), url: i % 2 ? `https://x.example/${'w'.repeat(2500)}` : 'https://x.example/wiki' }))) };
    case 'discussion':
      return { kind, body, category: evilText(2000) };
    case 'none':
      return { kind };
  }
}

export type UrlVariant = 'normal' | 'javascript' | 'huge';

/** A hostile version of the sample event for `name`. */
export function hostileEvent(name: EventName, forge: 'github' | 'gitlab', action: string, urlVariant: UrlVariant = 'normal'): ForgeEvent {
  const sample = sampleEvent(name, {}, forge);
  const url =
    urlVariant === 'javascript' ? 'javascript:alert(document.cookie)' : urlVariant === 'huge' ? `https://example.com/${'u'.repeat(5000)}` : `${sample.url}?x=<y>&z=|w|`;
  const details = hostileDetails(sample.details.kind);
  return {
    ...sample,
    repo: evilText(10_000, 1),
    repoUrl: urlVariant === 'huge' ? `https://example.com/${'r'.repeat(4000)}` : sample.repoUrl,
    action,
    title: evilText(100_000),
    url,
    actor: evilText(10_000, 2),
    state: evilText(100),
    labels: (labelsCache ??= Array.from({ length: 500 }, (_, i) => evilText(200, i))),
    branch: evilText(3000, 6),
    draft: true,
    confidential: action.length % 2 === 0,
    number: 2 ** 53 - 1,
    details,
  };
}

/** Actions that exercise every code path, including a hostile one. */
export const HOSTILE_ACTIONS = ['opened', 'closed', 'merged', 'reopened', 'fixed', 'deleted', 'ready_for_review', evilText(2000)];

/** Every event name × forge × action × URL variant. */
export function* allHostileEvents(): Generator<ForgeEvent> {
  for (const name of EVENT_NAMES) {
    for (const forge of ['github', 'gitlab'] as const) {
      for (const action of HOSTILE_ACTIONS) {
        for (const variant of ['normal', 'javascript', 'huge'] as const) yield hostileEvent(name, forge, action, variant);
      }
    }
  }
}
