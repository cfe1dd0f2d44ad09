import type { Dispatcher } from 'undici';
import type { Clock } from '../../runtime/clock.js';
import type { AccountFile } from '../../settings/config-schema.js';
import type { ForgeActions } from './forge-actions.js';
import { GitHubActions } from './github-actions.js';
import { GiteaActions } from './gitea-actions.js';
import { GitLabActions } from './gitlab-actions.js';

/**
 * The actions of one account made with one token (a person's own, or the account's for its owner). Null for a forge
 * whose actions Forgebell does not offer (every forge has them now; the port keeps the possibility).
 */
export function createForgeActions(
  account: Pick<AccountFile, 'forge' | 'apiUrl'>,
  accessToken: string,
  deps: { clock: Clock; dispatcher?: Dispatcher },
): ForgeActions | null {
  const options = {
    baseUrl: account.apiUrl,
    token: accessToken,
    clock: deps.clock,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  };
  switch (account.forge) {
    case 'github':
      return new GitHubActions(options);
    case 'gitlab':
      return new GitLabActions(options);
    case 'gitea':
      return new GiteaActions(options);
  }
}
