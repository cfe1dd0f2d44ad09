import type { Subscription } from '../../contract/schemas.js';
import type { AccountPollState } from '../forges/poll-scheduler.js';
import type { Settings, StoredSubscription } from '../settings/settings-model.js';

/** A subscription as the UI shows it: its forge, when it last heard something, and why it may not work. */
export function subscriptionView(
  s: StoredSubscription,
  deps: {
    settings: Settings;
    pollState: (accountId: string) => AccountPollState | undefined;
    lastEventAt: (subscriptionId: string) => string | null;
  },
): Subscription {
  const account = deps.settings.accounts.find((a) => a.id === s.account);
  return {
    ...s,
    channel: s.channel ?? null,
    forge: account?.forge ?? null,
    lastEventAt: deps.lastEventAt(s.id),
    error: !account
      ? `Account "${s.account}" does not exist.`
      : !account.token
        ? `Account "${s.account}" has no token.`
        : (deps.pollState(s.account)?.error ?? null),
  };
}
