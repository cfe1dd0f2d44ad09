/** Event names from the user contract (spec §2, "Event names"). The same for every forge. */
export const EVENT_NAMES = [
  'commits',
  'tags',
  'branches',
  'issues',
  'confidential_issues',
  'pulls',
  'reviews',
  'comments',
  'confidential_comments',
  'pipelines',
  'deployments',
  'releases',
  'wiki',
  'discussions',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The "default on" column of the spec table. */
export const DEFAULT_EVENTS: readonly EventName[] = ['commits', 'issues', 'pulls', 'deployments', 'releases'];

export function isEventName(value: string): value is EventName {
  return (EVENT_NAMES as readonly string[]).includes(value);
}
