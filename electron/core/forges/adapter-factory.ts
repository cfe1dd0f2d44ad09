import type { Dispatcher } from 'undici';
import type { RequestLedger } from '../http/request-ledger.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { AccountFile } from '../settings/config-schema.js';
import type { ForgeAdapter } from './forge-adapter.js';
import { createGitHubAdapter } from './github/adapter.js';
import { createGiteaAdapter } from './gitea/adapter.js';
import { createGitLabAdapter } from './gitlab/adapter.js';

export interface AdapterDeps {
  clock: Clock;
  logger: Logger;
  dispatcher?: Dispatcher;
  /** The account's request ledger (kept across adapter rebuilds). */
  ledger?: RequestLedger;
}

/** The ForgeAdapter registry: one adapter per configured account. */
export function createAdapter(
  account: Pick<AccountFile, 'id' | 'forge' | 'apiUrl' | 'token'>,
  deps: AdapterDeps,
): ForgeAdapter {
  const options = {
    accountId: account.id,
    apiUrl: account.apiUrl,
    token: account.token ?? '',
    http: deps.dispatcher ? { dispatcher: deps.dispatcher } : {},
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.ledger ? { ledger: deps.ledger } : {}),
  };
  switch (account.forge) {
    case 'github':
      return createGitHubAdapter(options);
    case 'gitlab':
      return createGitLabAdapter(options);
    case 'gitea':
      return createGiteaAdapter(options);
  }
}
