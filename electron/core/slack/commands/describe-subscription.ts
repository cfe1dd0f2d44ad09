import { describeActors } from '../../events/actor-filter.js';
import type { StoredSubscription } from '../../settings/settings-model.js';

/** One line per subscription, as `/forgebell list` and `subscribe` show it. */
export function describeSubscription(s: StoredSubscription): string {
  const filters: string[] = [];
  if (s.branches !== 'default')
    filters.push(`branches: ${Array.isArray(s.branches) ? s.branches.join(', ') : s.branches}`);
  if (s.labels.include.length) filters.push(`labels ${s.labels.match} of ${s.labels.include.join(', ')}`);
  if (s.labels.exclude.length) filters.push(`not ${s.labels.exclude.join(', ')}`);
  const actors = describeActors(s.actors);
  if (actors) filters.push(`actors: ${actors}`);
  if (!s.threads) filters.push('no threads');
  if (!s.mentions) filters.push('no mentions');
  return `• \`${s.account}:${s.repo}\`${s.enabled ? '' : ' (paused)'} — ${s.events.join(', ')}${filters.length ? ` — ${filters.join('; ')}` : ''}`;
}
