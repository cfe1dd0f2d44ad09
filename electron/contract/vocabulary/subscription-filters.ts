import { z } from 'zod/mini';
import { validateBranchPattern } from './branch-glob.js';

/**
 * A subscription's filters (docs/cli-and-config.md §2 `branches` and `labels`), shared by config import, the
 * contract and the subscription editor. Written with zod/mini: the UI bundles these to validate what the engine pushes.
 */

export const BRANCH_PRESETS = ['default', 'protected', 'default_and_protected', 'all'] as const;

export type BranchPreset = (typeof BRANCH_PRESETS)[number];

const branchPattern = z.string().check(
  z.minLength(1, 'branch name or glob must not be empty'),
  z.superRefine((value, ctx) => {
    const problem = value.length > 0 ? validateBranchPattern(value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

/** `branches` as written by the user (config import, the app, Slack): presets, or valid names and globs. */
export const branchesSchema = z.union(
  [z.enum(BRANCH_PRESETS), z.array(branchPattern).check(z.minLength(1, 'list at least one branch or glob'))],
  {
    // Neither a preset nor a list: say which presets exist, and how to write names and globs (never "Invalid input").
    error: (issue) =>
      typeof issue.input === 'string'
        ? `"${issue.input}" is not one of the presets (${BRANCH_PRESETS.join(', ')}); to name branches or globs, write a list: ["${issue.input}"]`
        : `must be one of the presets (${BRANCH_PRESETS.join(', ')}) or a list of branch names and globs such as ["main", "release/*"]`,
  },
);

/**
 * `branches` as kept and reported: any non-empty names, so a subscription saved before the glob grammar was enforced
 * still loads, lists and can be edited (the editor then shows what to change). The engine matches such an entry only
 * by its exact name.
 */
export const storedBranchesSchema = z.union([
  z.enum(BRANCH_PRESETS),
  z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
]);

export const labelsSchema = z.strictObject({
  include: z._default(z.array(z.string().check(z.minLength(1))), []),
  exclude: z._default(z.array(z.string().check(z.minLength(1))), []),
  match: z._default(z.enum(['any', 'all']), 'any'),
});

export type Branches = z.output<typeof storedBranchesSchema>;
export type LabelFilter = z.output<typeof labelsSchema>;
