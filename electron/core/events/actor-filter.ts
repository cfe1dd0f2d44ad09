import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import { type ActorFilter, PEOPLE_WORD } from '../../contract/vocabulary/people.js';
import type { ForgeEvent } from './forge-event.js';

/**
 * A subscription's actor filter (docs/cli-and-config.md §4 "Actors"): bots, exclude, only. Logins and globs compare
 * case-insensitively; `*` is any characters, `?` one; "@people" is every person's login on the account.
 */

/** GitLab's project and group access-token bots (`project_123_bot_…`, `group_45_bot_…`) and its own internal bots. */
const GITLAB_BOT =
  /^(?:(?:project|group)_\d+_bot(?:_[0-9a-f]+)?|(?:alert|support|visual-review|security|automation|admin|suggested-reviewers|duo-code-review|gitlab-llm)-bot)$/i;

/** Whether a login is a bot when the forge did not say (GitHub and Gitea apps end in "[bot]"). */
export function isBotLogin(forge: ForgeKind, login: string): boolean {
  if (/\[bot\]$/i.test(login)) return true;
  return forge === 'gitlab' && GITLAB_BOT.test(login);
}

export function isBotActor(event: Pick<ForgeEvent, 'forge' | 'actor' | 'actorBot'>): boolean {
  return event.actorBot ?? isBotLogin(event.forge, event.actor);
}

const globCache = new Map<string, RegExp>();

/** A login glob as a case-insensitive regular expression (everything but `*` and `?` literal). */
export function actorGlob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = [...pattern.trim()]
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'i');
    globCache.set(pattern, re);
  }
  return re;
}

function matches(login: string, pattern: string, people: ReadonlySet<string>): boolean {
  if (pattern === PEOPLE_WORD) return people.has(login.toLowerCase());
  return actorGlob(pattern).test(login);
}

/**
 * Why the subscription does not want this event's actor (the feed's "filtered: actor …"), or null when it does.
 * `people`: every person's login on the event's account, lower case.
 */
export function actorProblem(
  event: Pick<ForgeEvent, 'forge' | 'actor' | 'actorBot'>,
  actors: ActorFilter,
  people: ReadonlySet<string>,
): string | null {
  const login = event.actor;
  if (!actors.bots && isBotActor(event)) return `actor ${login} is a bot (bots are off)`;
  const excluded = actors.exclude.find((p) => matches(login, p, people));
  if (excluded !== undefined)
    return `actor ${login} is excluded${excluded.toLowerCase() === login.toLowerCase() ? '' : ` (${excluded})`}`;
  if (actors.only.length > 0 && !actors.only.some((p) => matches(login, p, people)))
    return `actor ${login} is not in only: ${actors.only.join(', ')}`;
  return null;
}

/** The filter in a few words, for `/forgebell list` and the subscription row (empty when it lets everyone through). */
export function describeActors(actors: ActorFilter): string {
  const parts: string[] = [];
  if (!actors.bots) parts.push('no bots');
  if (actors.only.length) parts.push(`only ${actors.only.join(', ')}`);
  if (actors.exclude.length) parts.push(`not ${actors.exclude.join(', ')}`);
  return parts.join('; ');
}
