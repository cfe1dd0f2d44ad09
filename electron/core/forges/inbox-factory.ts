import { ForgeHttp } from '../http/forge-http.js';
import type { AdapterDeps } from './adapter-factory.js';
import { GitHubClient } from './github/client.js';
import { createGitHubInbox } from './github/inbox.js';
import { GitLabClient } from './gitlab/client.js';
import { createGitLabInbox } from './gitlab/inbox.js';
import type { PersonalInbox } from './personal-inbox.js';
import type { AccountFile } from '../settings/config-schema.js';

/**
 * A person's inbox on an account, read with their own access token (never the account's): GitHub notifications or
 * GitLab To-Do items. Null for a forge without one Forgebell reads (Gitea).
 */
export function createPersonalInbox(
  account: Pick<AccountFile, 'forge' | 'apiUrl'>,
  accessToken: string,
  deps: AdapterDeps,
): PersonalInbox | null {
  const http = deps.dispatcher ? { dispatcher: deps.dispatcher } : {};
  switch (account.forge) {
    case 'github':
      return createGitHubInbox(
        new GitHubClient({ apiUrl: account.apiUrl, token: accessToken, clock: deps.clock, http }),
      );
    case 'gitlab':
      return createGitLabInbox(
        new GitLabClient(
          new ForgeHttp({
            baseUrl: account.apiUrl.replace(/\/+$/, ''),
            headers: { authorization: `Bearer ${accessToken}` },
            clock: deps.clock,
            ...http,
          }),
          deps.logger,
        ),
      );
    case 'gitea':
      return null;
  }
}
