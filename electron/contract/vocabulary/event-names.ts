import { z } from 'zod/mini';

/**
 * Event names from the user contract (docs/cli-and-config.md §2, "Event names"), the same for every forge.
 * Shared by the engine (normalisers, filters, config import), the contract and the UI (pickers, feed filters).
 */
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

/** The "default on" column of the table. */
export const DEFAULT_EVENTS: readonly EventName[] = ['commits', 'issues', 'pulls', 'deployments', 'releases'];

export function isEventName(value: string): value is EventName {
  return (EVENT_NAMES as readonly string[]).includes(value);
}

export const eventNameSchema = z.enum(EVENT_NAMES, {
  error: (issue) => `unknown event name ${JSON.stringify(issue.input)}; use one of ${EVENT_NAMES.join(', ')}`,
});
