import type { SettingsAccess } from '../../engine/settings-service.js';
import type { ForgeAdapter } from '../../forges/forge-adapter.js';
import { resolveRepoReference } from '../../forges/repo-reference.js';
import type { Logger } from '../../runtime/logger.js';

export interface ItemStatePort {
  settings: Pick<SettingsAccess, 'current'>;
  adapter(accountId: string): ForgeAdapter | undefined;
  logger: Logger;
}

/** Closes or reopens an issue/PR/MR by its web URL (buttons and `/forgebell close|reopen`); returns what to tell the user. */
export async function setItemState(
  port: ItemStatePort,
  url: string,
  state: 'closed' | 'open',
  user: string,
): Promise<string> {
  const res = resolveRepoReference(url, port.settings.current().accounts);
  if (!res.ok) return res.message;
  const m = /\/(?:-\/)?(issues|pull|pulls|merge_requests)\/(\d+)/.exec(new URL(url).pathname);
  if (!m) return `${url} is not an issue or pull/merge request URL.`;
  const adapter = port.adapter(res.account.id);
  if (!adapter) return `Account ${res.account.id} has no working token.`;
  try {
    await adapter.setIssueState(res.repo, Number(m[2]), m[1] === 'issues' ? 'issue' : 'pull', state);
    port.logger.info(`${user} ${state === 'closed' ? 'closed' : 'reopened'} ${url} from Slack`);
    return `${state === 'closed' ? 'Closed' : 'Reopened'} ${url}`;
  } catch (error) {
    return `Could not ${state === 'closed' ? 'close' : 'reopen'} ${url}: ${(error as Error).message}`;
  }
}
