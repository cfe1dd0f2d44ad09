import type { ForgeEvent } from '../../events/forge-event.js';
import { numberRef, treeUrl } from './forge-links.js';
import { clipLine, code, escapeTruncated, link } from './mrkdwn.js';
import { countText } from './count-text.js';

/** Shared pieces of cards. Every function returns escaped mrkdwn unless its name says "raw". */

export const TITLE_MAX = 200;
export const NAME_MAX = 80;
export const REF_MAX = 100;

/** The actor's name as raw text (for summaries), cut short; "Someone" when unknown. */
export function rawActor(event: ForgeEvent): string {
  return clipLine(event.actor, NAME_MAX) || 'Someone';
}

/** The actor in bold, or "Someone". */
export function who(event: ForgeEvent): string {
  const name = clipLine(event.actor, NAME_MAX);
  return name === '' ? 'Someone' : `*${escapeTruncated(name, NAME_MAX)}*`;
}

export function repoLink(event: ForgeEvent): string {
  return link(event.repoUrl, clipLine(event.repo, 150) || 'repository');
}

/** Raw "#12 Title" (or "!7 Title" for GitLab merge requests). */
export function rawSubjectLabel(event: ForgeEvent): string {
  return clipLine(`${numberRef(event)} ${clipLine(event.title, TITLE_MAX)}`, TITLE_MAX);
}

/** `<url|#12 Title>`, or just the escaped label when the URL is unusable. */
export function subjectLink(event: ForgeEvent): string {
  const label = rawSubjectLabel(event);
  return label === '' ? '' : link(event.url, label);
}

export function branchLink(event: ForgeEvent, branch: string): string {
  return link(treeUrl(event, branch), clipLine(branch, REF_MAX));
}

export function refCode(ref: string): string {
  return code(clipLine(ref, REF_MAX));
}

/** `:label: bug, ui +3 more` for at most 8 labels; '' without labels. */
export function labelsText(labels: readonly string[]): string {
  const names = labels.filter((l) => l.trim() !== '');
  if (names.length === 0) return '';
  const shown = names.slice(0, 8).map((l) => escapeTruncated(clipLine(l, 50), 50));
  const more = names.length - shown.length;
  return `:label: ${shown.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
}

export const CONFIDENTIAL = ':lock: Confidential';

/** `opened`, `ready for review`, … from a forge action (raw). */
export function rawAction(action: string): string {
  return clipLine(action, 40).replace(/_/g, ' ').toLowerCase() || 'updated';
}

/** `1 commit`, `1,204 commits`; `many` for irregular plurals. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${countText(count)} ${count === 1 ? word : many}`;
}

/** `1h 2m`, `3m 20s`, `45s`; '' for unknown or negative durations. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
