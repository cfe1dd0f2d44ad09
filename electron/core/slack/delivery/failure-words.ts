import { type FixPlace, fixPlaceOf } from '../../../contract/vocabulary/delivery-errors.js';
import type { SlackDeliveryError } from './slack-delivery-error.js';

/** What the feed says about a delivery that failed for good: what happened, what to do, and where. */
export interface FailureWords {
  reason: string;
  fix: string | null;
  fixAt: FixPlace | null;
}

/**
 * Splits the error's fix-it text ("The channel is archived. Unarchive it or …") into the cause (its first sentence)
 * and what to do (the rest). Errors that only ran out of attempts say so and point at Diagnostics.
 */
export function failureWords(err: SlackDeliveryError, attempts: number): FailureWords {
  const text = err.fix;
  if (!err.permanent || !text) {
    return {
      reason: err.permanent ? err.message : `${err.message} (gave up after ${attempts} attempts)`,
      fix: err.permanent
        ? 'Look at the log in Diagnostics for details.'
        : 'Check the connection to Slack in Diagnostics, then retry.',
      fixAt: 'diagnostics',
    };
  }
  const split = /^(.+?[.!?])\s+(.+)$/s.exec(text);
  return {
    reason: split?.[1] ?? text,
    fix: split?.[2] ?? null,
    fixAt: fixPlaceOf(err.code),
  };
}
