import { branchAllowed, type BranchContext } from '../events/branch-match.js';
import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { Branches } from '../../contract/vocabulary/subscription-filters.js';

/**
 * How long a repository's default/protected branches are trusted before they are read again: GitHub revalidates
 * with a free 304, GitLab and Gitea have no ETags on these reads (every read counts), and branches rarely change.
 */
const TTL_MS: Record<ForgeKind, number> = { github: 10 * 60_000, gitlab: 60 * 60_000, gitea: 60 * 60_000 };

interface Known {
  at: number;
  defaultBranch: string | null;
  /** Null until the protected branches were read (only the `protected` presets need them). */
  protectedBranches: string[] | null;
  protectedAt: number;
}

export interface BranchSubscription {
  enabled: boolean;
  events: readonly string[];
  branches: Branches;
}

/**
 * What the engine knows of each repository's default and protected branches, for the branch presets
 * (`default`, `protected`, `default_and_protected`). Reads the forge only for what a preset in use needs, prefers
 * what a poll learned on the way (GitHub reads the default branch in its batched request), and keeps answers for
 * ten minutes. A failed lookup treats every branch as the default: better a notification too many than a lost one.
 */
export class BranchKnowledge {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A default branch learned by a poll. */
  learn(accountId: string, repo: string, defaultBranch: string | null): void {
    const key = keyOf(accountId, repo);
    const known = this.known.get(key);
    this.known.set(key, {
      at: this.clock.now(),
      defaultBranch,
      protectedBranches: known?.protectedBranches ?? null,
      protectedAt: known?.protectedAt ?? 0,
    });
  }

  /** Whether any of the repository's enabled subscriptions wants commits on `branch`. */
  async commitsWanted(
    adapter: ForgeAdapter | undefined,
    repo: string,
    subs: readonly BranchSubscription[],
    branch: string,
    learned: string | null,
  ): Promise<boolean> {
    const wanting = subs.filter((s) => s.enabled && s.events.includes('commits'));
    if (wanting.some((s) => Array.isArray(s.branches) && branchAllowed(branch, s.branches, NO_BRANCHES))) return true;
    if (wanting.some((s) => s.branches === 'all')) return true;
    const presets = wanting.filter((s) => !Array.isArray(s.branches));
    if (presets.length === 0) return false;
    if (learned !== null && adapter) this.learn(adapter.accountId, repo, learned);
    const context = await this.context(adapter, repo, presets);
    return presets.some((s) => branchAllowed(branch, s.branches, context));
  }

  /** Default and (when a subscription's preset needs them) protected branches; fetched only when a preset is in use. */
  async context(
    adapter: ForgeAdapter | undefined,
    repo: string,
    subs: readonly BranchSubscription[],
  ): Promise<BranchContext> {
    const presets = subs.filter(
      (s) =>
        s.enabled && (s.branches === 'default' || s.branches === 'protected' || s.branches === 'default_and_protected'),
    );
    if (!adapter || presets.length === 0) return NO_BRANCHES;
    const needProtected = presets.some((s) => s.branches !== 'default');
    const key = keyOf(adapter.accountId, repo);
    const known = this.known.get(key);
    const now = this.clock.now();
    const ttl = TTL_MS[adapter.kind];
    const fresh =
      known &&
      now - known.at < ttl &&
      (!needProtected || (known.protectedBranches !== null && now - known.protectedAt < ttl));
    if (known && fresh) return { defaultBranch: known.defaultBranch, protectedBranches: known.protectedBranches ?? [] };
    try {
      const info = await adapter.branches(repo, { protectedBranches: needProtected });
      const readProtected = info.protectedKnown !== false;
      const protectedBranches = readProtected ? info.protectedBranches : (known?.protectedBranches ?? null);
      this.known.set(key, {
        at: now,
        defaultBranch: info.defaultBranch,
        protectedBranches,
        protectedAt: readProtected ? now : (known?.protectedAt ?? 0),
      });
      return { defaultBranch: info.defaultBranch, protectedBranches: protectedBranches ?? [] };
    } catch (error) {
      this.logger.warn(
        `cannot read branches of ${adapter.accountId}:${repo}; branch filters treat every branch as the default`,
        { error },
      );
      return known
        ? { defaultBranch: known.defaultBranch, protectedBranches: known.protectedBranches ?? [] }
        : NO_BRANCHES;
    }
  }
}

const NO_BRANCHES: BranchContext = { defaultBranch: null, protectedBranches: [] };

function keyOf(accountId: string, repo: string): string {
  return `${accountId}\u0000${repo.toLowerCase()}`;
}
