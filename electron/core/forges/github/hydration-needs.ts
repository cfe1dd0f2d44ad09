import type { HydrationSource } from './hydration.js';
import type { CompareData, IssueData, PullData, ReviewData } from './schemas.js';

/** The subjects one repository's new feed entries need read, found before anything is fetched. */
export interface HydrationNeeds {
  issues: Set<number>;
  pulls: Set<number>;
  compares: { base: string; head: string }[];
}

/** Stands for "the default branch, whatever its name" in a recorded comparison base. */
export const DEFAULT_BRANCH = '\u0000default-branch';

export function needsCount(needs: HydrationNeeds): number {
  return needs.issues.size + needs.pulls.size + needs.compares.length;
}

/**
 * A HydrationSource that only writes down what it is asked for and answers "unknown" (null), the answer every
 * normaliser already handles. Running the normalisers over a poll's new entries with it lists the subjects to
 * fetch, so a whole cycle's subjects can be read in one batched request before the real normalisation.
 */
export class NeedsRecorder implements HydrationSource {
  readonly needs: HydrationNeeds = { issues: new Set(), pulls: new Set(), compares: [] };

  issue(number: number): Promise<IssueData | null> {
    this.needs.issues.add(number);
    return Promise.resolve(null);
  }

  pull(number: number): Promise<PullData | null> {
    this.needs.pulls.add(number);
    return Promise.resolve(null);
  }

  compare(base: string, head: string): Promise<CompareData | null> {
    if (!this.needs.compares.some((c) => c.base === base && c.head === head)) this.needs.compares.push({ base, head });
    return Promise.resolve(null);
  }

  /** Reviews are read over REST (rarely needed: only when a thinned payload lacks the state). */
  review(): Promise<ReviewData | null> {
    return Promise.resolve(null);
  }

  /** New-branch pushes compare against the default branch, whose name the batch reads along with the comparison. */
  defaultBranch(): Promise<string | null> {
    return Promise.resolve(DEFAULT_BRANCH);
  }
}
