import type { RequestBudget } from '../../contract/schemas.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { ForgeAdapter } from '../forges/forge-adapter.js';
import { SECONDARY_LIMIT_PER_MINUTE } from '../forges/github/client.js';
import { GITLAB_REQUESTS_PER_MINUTE } from '../forges/gitlab/adapter.js';
import type { RequestLedger } from '../http/request-ledger.js';

/** What each forge's rate-limit headers count, and the cap Forgebell keeps itself under. */
const LIMITS: Record<ForgeKind, { window: RequestBudget['window']; perMinuteCap: number | null }> = {
  // x-ratelimit-*: the primary budget per hour (304s are free); the secondary limit counts every request a minute.
  github: { window: 'hour', perMinuteCap: SECONDARY_LIMIT_PER_MINUTE },
  // RateLimit-*: requests per minute (gitlab.com: 2,000 for an authenticated user).
  gitlab: { window: 'minute', perMinuteCap: GITLAB_REQUESTS_PER_MINUTE },
  gitea: { window: 'hour', perMinuteCap: null },
};

/** Diagnostics' request budget of each connected account: its last hour minute by minute, and its forge's limits. */
export function requestBudgets(
  accounts: readonly { id: string; forge: ForgeKind }[],
  adapter: (id: string) => ForgeAdapter | undefined,
  ledger: (id: string) => RequestLedger,
): RequestBudget[] {
  return accounts.flatMap((account) => {
    const connected = adapter(account.id);
    if (!connected) return [];
    const rate = connected.rateLimit();
    return [
      {
        account: account.id,
        forge: account.forge,
        minutes: ledger(account.id)
          .lastHour()
          .map((m) => ({ at: new Date(m.at).toISOString(), requests: m.requests, notModified: m.notModified })),
        limit: rate.limit,
        remaining: rate.remaining,
        resetAt: rate.resetAt,
        ...LIMITS[account.forge],
      },
    ];
  });
}
