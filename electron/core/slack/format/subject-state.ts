import type { ForgeEvent } from '../../events/forge-event.js';
import { isPullLike } from './forge-links.js';

/** The state of an issue or pull/merge request as a card shows it. */
export type SubjectState = 'open' | 'draft' | 'closed' | 'merged';

function fromWord(word: string): SubjectState | null {
  switch (word) {
    case 'merged':
    case 'accepted':
      return 'merged';
    case 'closed':
      return 'closed';
    case 'draft':
    case 'converted_to_draft':
      return 'draft';
    case 'open':
    case 'opened':
    case 'reopened':
    case 'ready':
    case 'ready_for_review':
    case 'locked':
      return 'open';
    default:
      return null;
  }
}

/**
 * Current state of the event's subject. An explicit `override` (e.g. from the thread map) wins; otherwise the event's
 * `state`, `draft` flag and action decide.
 */
export function subjectState(event: ForgeEvent, override?: string | null): SubjectState {
  const merged = event.details.kind === 'pull' && event.details.merged;
  if (override) {
    const state = fromWord(override.toLowerCase());
    if (state !== null) return state;
  }
  const fromState = event.state ? fromWord(event.state.toLowerCase()) : null;
  if (fromState === 'merged' || merged) return 'merged';
  if (fromState === 'closed') return 'closed';
  if (fromState === 'open' || fromState === 'draft') return event.draft && isPullLike(event) ? 'draft' : fromState;
  const fromAction = fromWord(event.action.toLowerCase());
  if (fromAction === 'merged' || fromAction === 'closed') return fromAction;
  return event.draft && isPullLike(event) ? 'draft' : 'open';
}

/** `:large_green_circle: Open`, `:large_purple_circle: Merged`, … */
export function stateBadge(state: SubjectState, pullLike: boolean): string {
  switch (state) {
    case 'open':
      return ':large_green_circle: Open';
    case 'draft':
      return ':white_circle: Draft';
    case 'merged':
      return ':large_purple_circle: Merged';
    case 'closed':
      return pullLike ? ':red_circle: Closed' : ':white_check_mark: Closed';
  }
}
