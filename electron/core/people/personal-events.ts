import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';

/**
 * The events read for people on an account where someone is a person, whatever the subscriptions post to channels
 * (docs/cli-and-config.md §4): only what costs nothing while a repository is quiet. GitHub: everything in the events
 * feed (one conditional request either way) and workflow runs (a conditional request too: a free 304 when idle; read
 * only while a person's push is watched, see forges/github/runs-watch.ts).
 * GitLab: what its events feed carries (pipelines would cost a request per project per poll, and signed-in people's
 * To-Do items report failed pipelines anyway). Gitea: its activity feed.
 */
const FOR_PEOPLE: Readonly<Record<ForgeKind, readonly EventName[]>> = {
  github: ['issues', 'pulls', 'reviews', 'comments', 'pipelines'],
  gitlab: ['issues', 'pulls', 'comments'],
  gitea: ['issues', 'pulls', 'reviews', 'comments'],
};

export function personalEvents(forge: ForgeKind): readonly EventName[] {
  return FOR_PEOPLE[forge];
}
