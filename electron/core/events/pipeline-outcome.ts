/**
 * What a run's or pipeline's status says about its checks, shared by the filters (a passing run that
 * `onlyBrokenPipelines` leaves out still clears the `x`) and the reaction lane (a passing run clears it), so both
 * read a status the same way.
 */

/** The statuses of a run/pipeline whose checks passed: GitHub's conclusion and GitLab's and Gitea's status `success`. */
const PASSED = new Set(['success', 'succeeded', 'passed']);

export function checksPassed(status: string): boolean {
  return PASSED.has(status.toLowerCase());
}
