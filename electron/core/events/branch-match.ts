import { matchesAnyBranchGlob } from '../../contract/vocabulary/branch-glob.js';
import type { Branches } from '../../contract/vocabulary/subscription-filters.js';

/**
 * Whether a branch passes a subscription's `branches` setting. Names and globs follow the one grammar in
 * contract/vocabulary/branch-glob.ts (the subscription editor's); protected branches are the forge's own.
 */

export interface BranchContext {
  defaultBranch: string | null;
  protectedBranches: readonly string[];
}

/**
 * GitLab's protected-branch wildcards (its RefMatcher): the exact name, or with `*` standing for any characters,
 * "/" included (`release/*` protects release/1/2 too); nothing else is special. GitHub lists protected branches by name.
 */
export function protectedPatternMatches(pattern: string, branch: string): boolean {
  if (pattern === branch) return true;
  if (!pattern.includes('*')) return false;
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's').test(branch);
}

/** Whether `branch` passes the subscription's `branches` setting. */
export function branchAllowed(branch: string, setting: Branches, ctx: BranchContext): boolean {
  // When the default branch could not be learned, err on the side of notifying rather than losing events.
  const isDefault = ctx.defaultBranch === null || branch === ctx.defaultBranch;
  const isProtected = ctx.protectedBranches.some((p) => protectedPatternMatches(p, branch));
  if (Array.isArray(setting)) return matchesAnyBranchGlob(setting, branch);
  switch (setting) {
    case 'all':
      return true;
    case 'default':
      return isDefault;
    case 'protected':
      return isProtected;
    case 'default_and_protected':
      return isDefault || isProtected;
  }
}

export function describeBranches(setting: Branches): string {
  if (Array.isArray(setting)) return setting.join(', ');
  return setting === 'default_and_protected'
    ? 'default and protected branches'
    : setting === 'all'
      ? 'all branches'
      : `${setting} branch${setting === 'protected' ? 'es' : ''}`;
}
