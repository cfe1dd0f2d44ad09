import { validateBranchPattern } from '../../../contract/vocabulary/branch-glob.js';
import { type EventName, isEventName } from '../../../contract/vocabulary/event-names.js';

export interface SubscriptionWords {
  events: EventName[];
  labels: string[];
  branches: string[];
  problems: string[];
}

/** The words after `<repo>` in subscribe/unsubscribe: event names, `+label:"name"`, `commits:<branch-or-glob>`. */
export function parseSubscriptionWords(words: readonly string[], filters: boolean): SubscriptionWords {
  const events: EventName[] = [];
  const labels: string[] = [];
  const branches: string[] = [];
  const problems: string[] = [];
  for (const raw of words) {
    const t = raw.replace(/,$/, '');
    const label = /^\+label:"?([^"]+)"?$/i.exec(t);
    const commits = /^commits:(.+)$/i.exec(t);
    if (label && filters) labels.push(label[1]!);
    else if (commits && filters) {
      const problem = validateBranchPattern(commits[1]!);
      if (problem) problems.push(`commits:${commits[1]!}: ${problem}`);
      else branches.push(commits[1]!);
      if (!events.includes('commits')) events.push('commits');
    } else if (isEventName(t.toLowerCase())) events.push(t.toLowerCase() as EventName);
    else problems.push(`unknown event "${t}"`);
  }
  return { events, labels, branches, problems };
}
