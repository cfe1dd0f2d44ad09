import type { ForgeEvent } from '../../events/forge-event.js';

/** The repository a poll or a link preview is about. */
export interface RepoContext {
  accountId: string;
  /** owner/name as the user subscribed it. */
  repo: string;
  repoUrl: string;
  webUrl: string;
}

type RequiredFields = Pick<ForgeEvent, 'id' | 'event' | 'action' | 'title' | 'url' | 'actor' | 'createdAt'>;

/** A GitHub ForgeEvent with neutral defaults for what the caller does not set. */
export function githubEvent(ctx: RepoContext, fields: RequiredFields & Partial<ForgeEvent>): ForgeEvent {
  return {
    accountId: ctx.accountId,
    forge: 'github',
    repo: ctx.repo,
    repoUrl: ctx.repoUrl,
    subjectKey: null,
    number: null,
    state: null,
    labels: [],
    branch: null,
    draft: false,
    confidential: false,
    details: { kind: 'none' },
    ...fields,
    createdAt: isoTime(fields.createdAt),
  };
}

export function isoTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
