import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';

/** How long one answer ("alice may read octo/app") is trusted. */
const TRUST_MS = 6 * 3_600_000;

/**
 * "A DM never shows what the person could not see on the forge": anyone can be @-mentioned, so before a mention DM
 * from a repository, the forge is asked (with the account's token) whether that person may read it — public ones
 * always; private ones by membership. Answers are cached for six hours; an unknown answer (the token may not ask)
 * counts as no. Asked before the ingest transaction, never inside it.
 */
export class ReadAccess {
  private readonly cache = new Map<string, { at: number; yes: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Answers for these logins on `repo`, as a synchronous lookup for the ingest transaction. */
  async prepare(
    adapter: ForgeAdapter | undefined,
    repo: string,
    logins: Iterable<string>,
  ): Promise<(login: string) => boolean> {
    const now = this.clock.now();
    const answers = new Map<string, boolean>();
    for (const login of new Set([...logins].map((l) => l.toLowerCase()))) {
      const key = `${adapter?.accountId ?? '?'}\u0000${repo.toLowerCase()}\u0000${login}`;
      const cached = this.cache.get(key);
      if (cached && now - cached.at < TRUST_MS) {
        answers.set(login, cached.yes);
        continue;
      }
      let yes = false;
      try {
        yes = (await adapter?.people?.canRead(repo, login)) === true;
      } catch (error) {
        this.logger.info('could not check whether a mentioned person may read the repository; no DM', {
          repo,
          error,
        });
        answers.set(login, false);
        continue;
      }
      this.cache.set(key, { at: now, yes });
      answers.set(login, yes);
    }
    return (login) => answers.get(login.toLowerCase()) ?? false;
  }
}
