import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Clock } from '../runtime/clock.js';

const TRUST_MS = 24 * 3_600_000;
const CHECK_TIMEOUT_MS = 5_000;

/**
 * Whether a person's login exists on its forge (a typo would silently mean "never notified"): asked with the account's
 * token, remembered for a day, answered within 5 s or not at all (the People screen never waits on a slow forge).
 */
export class LoginCheck {
  private readonly cache = new Map<string, { at: number; problem: string | null }>();

  constructor(private readonly clock: Clock) {}

  async problem(adapter: ForgeAdapter | undefined, login: string): Promise<string | null> {
    if (!adapter?.people) return null;
    const key = `${adapter.accountId}\u0000${login.toLowerCase()}`;
    const cached = this.cache.get(key);
    if (cached && this.clock.now() - cached.at < TRUST_MS) return cached.problem;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
    });
    try {
      const exists = await Promise.race([adapter.people.userExists(login), timeout]);
      if (exists === 'timeout') return null;
      const problem = exists ? null : `No user "${login}" on ${adapter.accountId}: check the spelling.`;
      this.cache.set(key, { at: this.clock.now(), problem });
      return problem;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
