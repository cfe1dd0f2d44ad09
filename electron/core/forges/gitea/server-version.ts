/**
 * What a Gitea/Forgejo version string says about the APIs Forgebell needs. Gitea answers `1.21.4`; Forgejo answers
 * `7.0.5+gitea-1.21.11` (its own number, then the Gitea release it is compatible with) or, before v7, `1.20.6-1`.
 */
export interface ServerVersion {
  raw: string;
  product: 'Gitea' | 'Forgejo';
  /** The Gitea API level as [major, minor], or null when the string cannot be read. */
  giteaLevel: [number, number] | null;
}

/** The repository activity-feed API appeared in Gitea 1.20 (and the Forgejo releases built on it). */
export const FEEDS_SINCE: [number, number] = [1, 20];
/** `/actions/tasks` appeared in Gitea 1.22 (Forgejo 7+). */
export const ACTIONS_SINCE: [number, number] = [1, 22];

export function parseServerVersion(raw: string): ServerVersion {
  const compat = /\+gitea-(\d+)\.(\d+)/.exec(raw);
  const leading = /^v?(\d+)\.(\d+)/.exec(raw.trim());
  const major = Number(leading?.[1]);
  // Forgejo's own numbering starts at 7 (after 1.21); it names the Gitea level after "+gitea-".
  const product = compat || major >= 7 ? 'Forgejo' : 'Gitea';
  if (compat) return { raw, product, giteaLevel: [Number(compat[1]), Number(compat[2])] };
  if (!leading) return { raw, product, giteaLevel: null };
  if (major >= 7) return { raw, product, giteaLevel: [1, 21] };
  return { raw, product, giteaLevel: [major, Number(leading[2])] };
}

export function atLeast(level: [number, number] | null, want: [number, number]): boolean | null {
  if (!level) return null;
  return level[0] > want[0] || (level[0] === want[0] && level[1] >= want[1]);
}
