import type { Db } from './database.js';

/** One repository a pattern subscription follows (docs/cli-and-config.md §6). */
export interface PatternMember {
  subscriptionId: string;
  /** The forge's id of the repository: a rename keeps it, so the member is followed, not picked up again. */
  repoId: string;
  /** The path as the forge spells it now. */
  path: string;
  /** When it was picked up: activity from before this instant is history and never posted. */
  pickedUpAt: number;
}

export interface PatternListing {
  listedAt: number;
  /** A sentence for the user (the listing was refused, private repositories are left out …), or null. */
  warning: string | null;
}

interface MemberRow {
  subscription_id: string;
  repo_id: string;
  path: string;
  picked_up_at: number;
}

/**
 * Which repositories each pattern subscription follows and since when, and when its owner was last listed. Durable:
 * a repository picked up before a restart keeps its pick-up instant after it (so its history is never posted), and a
 * renamed one keeps being the same member. Changes are written inside the caller's transaction.
 */
export class PatternStore {
  constructor(private readonly db: Db) {}

  members(subscriptionId: string): PatternMember[] {
    return (
      this.db
        .prepare('SELECT * FROM pattern_members WHERE subscription_id = ? ORDER BY path')
        .all(subscriptionId) as MemberRow[]
    ).map(toMember);
  }

  allMembers(): PatternMember[] {
    return (this.db.prepare('SELECT * FROM pattern_members ORDER BY path').all() as MemberRow[]).map(toMember);
  }

  listing(subscriptionId: string): PatternListing | null {
    const row = this.db
      .prepare('SELECT listed_at, warning FROM pattern_listings WHERE subscription_id = ?')
      .get(subscriptionId) as { listed_at: number; warning: string | null } | undefined;
    return row ? { listedAt: row.listed_at, warning: row.warning } : null;
  }

  add(member: PatternMember): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO pattern_members (subscription_id, repo_id, path, picked_up_at) VALUES (?, ?, ?, ?)',
      )
      .run(member.subscriptionId, member.repoId, member.path, member.pickedUpAt);
  }

  rename(subscriptionId: string, repoId: string, path: string): void {
    this.db
      .prepare('UPDATE pattern_members SET path = ? WHERE subscription_id = ? AND repo_id = ?')
      .run(path, subscriptionId, repoId);
  }

  drop(subscriptionId: string, repoId: string): void {
    this.db
      .prepare('DELETE FROM pattern_members WHERE subscription_id = ? AND repo_id = ?')
      .run(subscriptionId, repoId);
  }

  setListing(subscriptionId: string, listing: PatternListing): void {
    this.db
      .prepare('INSERT OR REPLACE INTO pattern_listings (subscription_id, listed_at, warning) VALUES (?, ?, ?)')
      .run(subscriptionId, listing.listedAt, listing.warning);
  }

  /** Forgets everything about subscriptions that no longer exist (or are no longer patterns). */
  forgetExcept(subscriptionIds: ReadonlySet<string>): void {
    const known = (
      this.db
        .prepare('SELECT subscription_id FROM pattern_members UNION SELECT subscription_id FROM pattern_listings')
        .all() as { subscription_id: string }[]
    ).map((r) => r.subscription_id);
    for (const id of known) {
      if (subscriptionIds.has(id)) continue;
      this.db.prepare('DELETE FROM pattern_members WHERE subscription_id = ?').run(id);
      this.db.prepare('DELETE FROM pattern_listings WHERE subscription_id = ?').run(id);
    }
  }
}

function toMember(row: MemberRow): PatternMember {
  return { subscriptionId: row.subscription_id, repoId: row.repo_id, path: row.path, pickedUpAt: row.picked_up_at };
}
