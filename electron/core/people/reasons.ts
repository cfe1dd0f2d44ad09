import type { NotifyReason } from '../../contract/vocabulary/people.js';
import type { ForgeEvent } from '../events/forge-event.js';
import type { StoredPerson } from '../settings/settings-model.js';
import type { PeopleDirectory } from './directory.js';
import { mentionedLogins } from './text-mentions.js';

/** One person to tell about one event, and why. */
export interface PersonalReason {
  person: StoredPerson;
  reason: NotifyReason;
  /** What tells two notifications of one subject and reason apart (the reviewer of `my_pulls_reviewed`), or null. */
  qualifier: string | null;
}

/** Actions of a pull/merge request that ask its reviewers (the full list when the forge does not say whom). */
const ASKS_REVIEW = new Set(['opened', 'reopened', 'ready_for_review', 'review_requested']);
const ASSIGNS = new Set(['opened', 'reopened', 'assigned']);
const REVIEWED = new Set(['submitted', 'approved']);

/** The text an event brings that may mention people: a new issue or pull request's body, a comment, a review. */
export function eventText(event: ForgeEvent): string | null {
  const d = event.details;
  switch (d.kind) {
    case 'issue':
    case 'pull':
      return event.action === 'opened' ? d.body : null;
    case 'comment':
      return d.body;
    case 'review':
      return d.body;
    case 'discussion':
      return d.body;
    default:
      return null;
  }
}

/** Whether a pipeline event reports a failure (not "fixed", not a success). */
export function pipelineFailed(event: ForgeEvent): boolean {
  if (event.event !== 'pipelines') return false;
  const status = event.details.kind === 'pipeline' ? event.details.status : event.action;
  return /fail/i.test(status);
}

/**
 * The reasons of docs/cli-and-config.md §4 one event gives, per person: only people whose `notify` lists the reason,
 * never for the person's own action (a pipeline is not anyone's action: it fails on someone's push), at most one
 * entry per person and reason. Team review requests are left to the person's inbox (the forge knows the members).
 */
export function reasonsFor(event: ForgeEvent, people: PeopleDirectory): PersonalReason[] {
  const account = event.accountId;
  const involved = event.involved ?? {};
  const out = new Map<string, PersonalReason>();
  const actor = event.actor.toLowerCase();
  const add = (login: string | null | undefined, reason: NotifyReason, qualifier: string | null = null): void => {
    const person = people.byLogin(account, login);
    if (!person || !person.notify.includes(reason)) return;
    const own = (person.accounts[account] ?? '').toLowerCase() === actor;
    if (own && event.event !== 'pipelines') return;
    const key = `${person.slack}\u0000${reason}`;
    if (!out.has(key)) out.set(key, { person, reason, qualifier });
  };

  const isPull = event.event === 'pulls';
  if (isPull && ASKS_REVIEW.has(event.action) && !event.draft) {
    const asked =
      event.action === 'review_requested' && involved.targets?.length ? involved.targets : involved.reviewers;
    for (const login of asked ?? []) add(login, 'review_requested');
  }
  if ((isPull || event.event === 'issues' || event.event === 'confidential_issues') && ASSIGNS.has(event.action)) {
    const assigned = event.action === 'assigned' && involved.targets?.length ? involved.targets : involved.assignees;
    for (const login of assigned ?? []) add(login, 'assigned');
  }
  for (const login of mentionedLogins(eventText(event))) add(login, 'mentioned');
  const reviewOnPull = event.event === 'reviews' || (isPull && event.action === 'approved');
  if (reviewOnPull && REVIEWED.has(event.action))
    for (const login of involved.authors ?? []) add(login, 'my_pulls_reviewed', actor);
  if (isPull && (event.action === 'merged' || event.action === 'closed'))
    for (const login of involved.authors ?? []) add(login, 'my_pulls_merged');
  // A deployment waiting for approval asks its required reviewers (GitHub) or approvers (GitLab) who are people.
  if (event.event === 'deployments' && event.details.kind === 'deployment' && event.details.approval)
    for (const login of involved.reviewers ?? []) add(login, 'review_requested', event.details.environment);
  if (pipelineFailed(event)) for (const login of involved.authors ?? [event.actor]) add(login, 'my_pipelines_failed');
  return [...out.values()];
}
