import type { Branches } from '../settings/config-schema.js';

/** `*` matches within a path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export interface BranchContext {
  defaultBranch: string | null;
  protectedBranches: readonly string[];
}

/** Whether `branch` passes the subscription's `branches` setting; protected entries may be globs (GitLab allows wildcards). */
export function branchAllowed(branch: string, setting: Branches, ctx: BranchContext): boolean {
  // When the default branch could not be learned, err on the side of notifying rather than losing events.
  const isDefault = ctx.defaultBranch === null || branch === ctx.defaultBranch;
  const isProtected = ctx.protectedBranches.some(
    (p) => p === branch || (p.includes('*') && globToRegExp(p).test(branch)),
  );
  if (Array.isArray(setting)) return setting.some((g) => g === branch || globToRegExp(g).test(branch));
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
