import type { Dispatcher } from 'undici';
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
