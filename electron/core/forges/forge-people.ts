/**
 * What the personal layer asks a forge account with its configured token: whether a person may read a repository
 * (before telling them about a mention there), the login picker's search, and whether a login exists (doctor, the
 * People screen).
 */
export interface ForgePeople {
  /** True for a public repository; null when the forge cannot say (the token lacks the right to ask). */
  canRead(repo: string, login: string): Promise<boolean | null>;
  searchUsers(query: string): Promise<{ login: string; name: string | null }[]>;
  userExists(login: string): Promise<boolean>;
}
