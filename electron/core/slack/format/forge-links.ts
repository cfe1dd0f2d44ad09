import type { ForgeEvent } from '../../events/forge-event.js';
import { cleanText } from './mrkdwn.js';

/** Web links and names that differ between GitHub, GitLab and Gitea/Forgejo. */

function base(event: ForgeEvent): string {
  return event.repoUrl.replace(/\/+$/, '');
}

/** encodeURIComponent after cleaning: it throws on lone surrogates, which forge text may contain. */
function encode(text: string): string {
  return encodeURIComponent(cleanText(text));
}

function encodePath(ref: string): string {
  return ref.split('/').map(encode).join('/');
}

/** Web page of a branch (or any ref). */
export function treeUrl(event: ForgeEvent, ref: string): string {
  if (event.forge === 'gitlab') return `${base(event)}/-/tree/${encodePath(ref)}`;
  if (event.forge === 'gitea') return `${base(event)}/src/branch/${encodePath(ref)}`;
  return `${base(event)}/tree/${encodePath(ref)}`;
}

export function commitUrl(event: ForgeEvent, sha: string): string {
  return event.forge === 'gitlab' ? `${base(event)}/-/commit/${encode(sha)}` : `${base(event)}/commit/${encode(sha)}`;
}

export function tagUrl(event: ForgeEvent, tag: string): string {
  return event.forge === 'gitlab'
    ? `${base(event)}/-/tags/${encode(tag)}`
    : `${base(event)}/releases/tag/${encode(tag)}`;
}

/** Abbreviated commit id as each forge shows it (GitHub 7, GitLab 8 characters). */
export function shortSha(event: ForgeEvent, sha: string): string {
  return sha.slice(0, event.forge === 'gitlab' ? 8 : 7);
}

export type SubjectKind = 'issue' | 'pull' | 'mr' | 'discussion' | null;

/** What the event is about, from its thread key or else its event name. */
export function subjectKind(event: ForgeEvent): SubjectKind {
  const prefix = event.subjectKey?.split(':', 1)[0];
  if (prefix === 'issue' || prefix === 'pull' || prefix === 'mr' || prefix === 'discussion') return prefix;
  switch (event.event) {
    case 'issues':
    case 'confidential_issues':
      return 'issue';
    case 'pulls':
    case 'reviews':
      return event.forge === 'gitlab' ? 'mr' : 'pull';
    case 'discussions':
      return 'discussion';
    default:
      return null;
  }
}

/** "issue", "pull request", "merge request", "discussion" (or "item"). */
export function subjectNoun(event: ForgeEvent): string {
  switch (subjectKind(event)) {
    case 'issue':
      return 'issue';
    case 'pull':
      return 'pull request';
    case 'mr':
      return 'merge request';
    case 'discussion':
      return 'discussion';
    default:
      return 'item';
  }
}

/** `#12`, or `!7` for a GitLab merge request; '' without a number. */
export function numberRef(event: ForgeEvent): string {
  if (event.number === null || !Number.isFinite(event.number)) return '';
  return `${subjectKind(event) === 'mr' ? '!' : '#'}${event.number}`;
}

export function isPullLike(event: ForgeEvent): boolean {
  const kind = subjectKind(event);
  return kind === 'pull' || kind === 'mr';
}
