import type { ApiHandlers } from '../../../contract/api.js';
import type { RequestBudget } from '../../../contract/schemas.js';
import { ApiError } from '../../../contract/wire.js';
import type { ForgeAdapter } from '../../forges/forge-adapter.js';
import { accountTokenRef, originOf, sameOrigin } from '../../settings/secret-origins.js';
import type { DeviceFlowInput, DeviceFlowStart, DeviceFlowStatus } from '../device-flows.js';
import type { SettingsAccess } from '../settings-service.js';
import { describeRepoProblem } from '../subscription-target.js';
import { type AccountVerifyPort, verifyAccount } from './account-verify.js';

export interface AccountHandlersPort extends AccountVerifyPort {
  settings: SettingsAccess;
  adapter(accountId: string): ForgeAdapter | undefined;
  deviceFlows: {
    start(input: DeviceFlowInput): Promise<DeviceFlowStart>;
    status(flowId: string): DeviceFlowStatus;
  };
  /** Each connected account's requests per minute over the last hour, with its forge's limits. */
  requestBudget(): RequestBudget[];
}

/** `accounts.*`: verify, save and remove forge accounts, the device-flow sign-in, the repository picker. */
export function accountHandlers(
  port: AccountHandlersPort,
): Pick<
  ApiHandlers,
  | 'accounts.verify'
  | 'accounts.save'
  | 'accounts.remove'
  | 'accounts.repos'
  | 'accounts.requestBudget'
  | 'accounts.checkRepo'
  | 'accounts.deviceFlowStart'
  | 'accounts.deviceFlowStatus'
> {
  return {
    'accounts.verify': async (p) => verifyAccount(port, p),
    'accounts.save': async (p) => {
      const existing = port.settings.current().accounts.find((a) => a.id === p.id);
      const apiUrl = p.apiUrl.replace(/\/+$/, '');
      // A stored token is never sent to a host other than the one it was entered for (docs/cli-and-config.md §8).
      const storedToken = existing && sameOrigin(existing.apiUrl, apiUrl) ? existing.token : null;
      const token = p.token ?? storedToken;
      if (!token) {
        const moved = existing?.token && !sameOrigin(existing.apiUrl, apiUrl);
        throw new ApiError(
          'invalid_params',
          moved
            ? `The API URL moves account ${p.id} from ${originOf(existing.apiUrl)} to ${originOf(apiUrl)}: enter a token for the new host (the stored one is never sent to another host).`
            : 'A token is needed for a new account.',
          [{ path: 'token', message: 'required' }],
        );
      }
      const caFile = p.caFile ?? existing?.caFile ?? null;
      const result = await verifyAccount(port, { forge: p.forge, apiUrl: p.apiUrl, token, caFile });
      if (!result.ok) return result;
      await port.settings.update(
        (s) => {
          // The sign-in app (accounts[].clientId) stays unless the form sets or clears it.
          const clientId = p.clientId !== undefined ? p.clientId : (existing?.clientId ?? null);
          const account = { id: p.id, forge: p.forge, apiUrl, token, caFile, ...(clientId ? { clientId } : {}) };
          const accounts = existing ? s.accounts.map((a) => (a.id === p.id ? account : a)) : [...s.accounts, account];
          return { ...s, accounts };
        },
        { fresh: p.token ? [accountTokenRef(p.id)] : [] },
      );
      return result;
    },
    'accounts.deviceFlowStart': async (p) => port.deviceFlows.start(p),
    'accounts.requestBudget': async () => port.requestBudget(),
    'accounts.deviceFlowStatus': async ({ flowId }) => port.deviceFlows.status(flowId),
    'accounts.remove': async ({ id }) => {
      if (port.settings.current().subscriptions.some((s) => s.account === id))
        throw new ApiError('conflict', `Account ${id} still has subscriptions; delete them first.`);
      await port.settings.update((s) => ({ ...s, accounts: s.accounts.filter((a) => a.id !== id) }));
      return { ok: true as const };
    },
    'accounts.checkRepo': async ({ account, repo }) => {
      const adapter = port.adapter(account);
      if (!adapter) return { ok: false, path: null, message: `Account ${account} is not connected.` };
      try {
        const info = await adapter.resolveRepo(repo.trim());
        return {
          ok: true,
          path: info.path,
          message: `${info.path} found${info.visibility ? ` (${info.visibility})` : ''}.`,
        };
      } catch (error) {
        return { ok: false, path: null, message: describeRepoProblem(error, repo.trim(), account) };
      }
    },
    'accounts.repos': async ({ account, search }) => {
      const adapter = port.adapter(account);
      if (!adapter) return { repos: [], error: `Account ${account} is not connected.` };
      if (!adapter.listRepos) return { repos: [], error: 'This forge cannot list repositories; type the path.' };
      try {
        return { repos: await adapter.listRepos(search), error: null };
      } catch (error) {
        return { repos: [], error: (error as Error).message };
      }
    },
  };
}
