import type { ApiHandlers } from '../../../contract/api.js';
import type { PersonView } from '../../../contract/schemas.js';
import { ApiError } from '../../../contract/wire.js';
import type { ForgeAdapter } from '../../forges/forge-adapter.js';
import { ForgeError } from '../../forges/forge-error.js';
import type { AccountFile } from '../../settings/config-schema.js';
import type { InboxState } from '../../people/inbox-service.js';
import type { Settings, StoredPerson } from '../../settings/settings-model.js';
import type { SlackUser, SlackWeb } from '../../slack/connection/slack-web.js';
import type { DmProblem } from '../../state/people-store.js';
import type { SettingsAccess } from '../settings-service.js';

export interface PeopleHandlersPort {
  settings: SettingsAccess;
  adapter(accountId: string): ForgeAdapter | undefined;
  slackWeb(): SlackWeb | null;
  /** A person's inbox on an account, when they signed in there. */
  inboxState(slack: string, account: string): InboxState | null;
  dmProblems(): Map<string, DmProblem>;
  /** Forgets a person's DM problem (they were edited: the next DM tries again with a clean slate). */
  clearDmProblem(slack: string): void;
  /** Why a login is wrong on an account ("no such user"), cached; null when it exists or nobody can say. */
  loginProblem(account: string, login: string): Promise<string | null>;
  /** The login a token belongs to on an account (the forge's `/user`); throws ForgeError when the forge refuses it. */
  tokenLogin(account: AccountFile, token: string): Promise<string>;
}

/** `people.*`: the People screen and the wizard's "add yourself". Tokens never leave the engine. */
export function peopleHandlers(
  port: PeopleHandlersPort,
): Pick<
  ApiHandlers,
  | 'people.list'
  | 'people.save'
  | 'people.remove'
  | 'people.revokeToken'
  | 'people.storeToken'
  | 'people.searchLogins'
  | 'people.slackUsers'
  | 'people.setOwner'
> {
  const settings = (): Settings => port.settings.current();
  const slackUsers = async (): Promise<Map<string, SlackUser>> => {
    try {
      return new Map(((await port.slackWeb()?.listUsers()) ?? []).map((u) => [u.id, u]));
    } catch {
      return new Map();
    }
  };
  const view = async (person: StoredPerson, users: Map<string, SlackUser>): Promise<PersonView> => {
    const s = settings();
    const problems = port.dmProblems();
    const user = users.get(person.slack);
    return {
      slack: person.slack,
      name: user?.name ?? null,
      realName: user?.realName ?? null,
      accounts: await Promise.all(
        s.accounts.map(async (a) => {
          const login = person.accounts[a.id] ?? null;
          const inbox = person.tokens[a.id] ? port.inboxState(person.slack, a.id) : null;
          return {
            account: a.id,
            forge: a.forge,
            login,
            signedIn: Boolean(person.tokens[a.id]),
            inbox: inbox
              ? {
                  state: inbox.state,
                  message: inbox.message,
                  backedOffSeconds: inbox.backedOffMs === null ? null : Math.round(inbox.backedOffMs / 1000),
                }
              : null,
            loginProblem: login ? await port.loginProblem(a.id, login) : null,
          };
        }),
      ),
      notify: person.notify,
      timeZone: person.timeZone,
      quietHours: person.quietHours,
      dmProblem: problems.get(person.slack)?.message ?? null,
      owner: s.owner === person.slack,
    };
  };
  const find = (slack: string): StoredPerson => {
    const person = settings().people.find((p) => p.slack === slack);
    if (!person) throw new ApiError('not_found', `No person with Slack ID ${slack}.`);
    return person;
  };
  return {
    'people.list': async () => {
      const users = await slackUsers();
      return { people: await Promise.all(settings().people.map((p) => view(p, users))) };
    },
    'people.save': async (input) => {
      const s = settings();
      const key = input.previous ?? input.slack;
      const existing = s.people.find((p) => p.slack === key);
      const issues: { path: string; message: string }[] = [];
      if (input.slack !== key || !existing) {
        const twin = s.people.find((p) => p.slack === input.slack);
        if (twin) issues.push({ path: 'slack', message: `${input.slack} is already on the People list.` });
      }
      if (input.previous && !existing) issues.push({ path: 'slack', message: `No person with Slack ID ${key}.` });
      for (const [account, login] of Object.entries(input.accounts)) {
        if (!s.accounts.some((a) => a.id === account))
          issues.push({ path: `accounts.${account}`, message: `There is no account "${account}".` });
        const claimed = s.people.find(
          (p) => p.slack !== key && (p.accounts[account] ?? '').toLowerCase() === login.toLowerCase(),
        );
        if (claimed)
          issues.push({
            path: `accounts.${account}`,
            message: `"${login}" on ${account} is already ${claimed.slack}'s: a login belongs to one person.`,
          });
      }
      if (issues.length) throw new ApiError('invalid_params', issues.map((i) => i.message).join(' '), issues);
      const person: StoredPerson = {
        slack: input.slack,
        accounts: Object.fromEntries(Object.entries(input.accounts).filter(([, login]) => login.trim() !== '')),
        // A token stays with its account while the person keeps a login there (a new login means a new sign-in).
        tokens: Object.fromEntries(
          Object.entries(existing?.tokens ?? {}).filter(
            ([a]) => (existing?.accounts[a] ?? '').toLowerCase() === (input.accounts[a] ?? '').toLowerCase(),
          ),
        ),
        notify: [...new Set(input.notify)],
        timeZone: input.timeZone,
        quietHours: input.quietHours ? { ...input.quietHours, weekends: input.quietHours.weekends ?? false } : null,
        digest: existing?.digest ?? null,
      };
      await port.settings.update((current) => ({
        ...current,
        people: existing ? current.people.map((p) => (p.slack === key ? person : p)) : [...current.people, person],
        owner: current.owner === key ? person.slack : current.owner,
      }));
      port.clearDmProblem(key);
      return view(person, await slackUsers());
    },
    'people.remove': async ({ slack }) => {
      find(slack);
      await port.settings.update((s) => ({
        ...s,
        people: s.people.filter((p) => p.slack !== slack),
        owner: s.owner === slack ? null : s.owner,
      }));
      return { ok: true as const };
    },
    'people.revokeToken': async ({ slack, account }) => {
      const person = find(slack);
      if (!person.tokens[account]) throw new ApiError('not_found', `${slack} has no stored token for ${account}.`);
      await port.settings.update((s) => ({
        ...s,
        people: s.people.map((p) =>
          p.slack === slack
            ? { ...p, tokens: Object.fromEntries(Object.entries(p.tokens).filter(([a]) => a !== account)) }
            : p,
        ),
      }));
      return { ok: true as const };
    },
    'people.storeToken': async ({ slack, account: accountId, token }) => {
      const person = find(slack);
      const account = settings().accounts.find((a) => a.id === accountId);
      if (!account) throw new ApiError('not_found', `There is no account ${accountId}.`);
      const secret = token.trim();
      let login: string;
      try {
        login = await port.tokenLogin(account, secret);
      } catch (error) {
        const why =
          error instanceof ForgeError && error.code === 'unauthorized'
            ? 'the forge does not accept it (mistyped, expired or deleted)'
            : error instanceof ForgeError && error.code === 'missing_scope'
              ? `it lacks a scope (${error.message})`
              : error instanceof ForgeError
                ? error.message
                : 'the forge could not be asked';
        throw new ApiError('invalid_params', `That token was not stored: ${why}.`);
      }
      const linked = person.accounts[account.id];
      if (linked && linked.toLowerCase() !== login.toLowerCase())
        throw new ApiError(
          'invalid_params',
          `That token belongs to ${login} on ${account.id}, but this person is ${linked} there. Nothing was stored.`,
        );
      const other = settings().people.find(
        (p) => p.slack !== slack && (p.accounts[account.id] ?? '').toLowerCase() === login.toLowerCase(),
      );
      if (other)
        throw new ApiError(
          'invalid_params',
          `That token belongs to ${login} on ${account.id}, who is another person here (${other.slack}). Nothing was stored.`,
        );
      await port.settings.update((s) => ({
        ...s,
        people: s.people.map((p) =>
          p.slack === slack
            ? {
                ...p,
                accounts: { ...p.accounts, [account.id]: linked ?? login },
                tokens: { ...p.tokens, [account.id]: secret },
              }
            : p,
        ),
      }));
      return { login };
    },
    'people.searchLogins': async ({ account, query }) => {
      const adapter = port.adapter(account);
      if (!adapter?.people) return { users: [], error: `Account ${account} is not connected, or cannot search users.` };
      try {
        return { users: await adapter.people.searchUsers(query), error: null };
      } catch (error) {
        return { users: [], error: error instanceof Error ? error.message : String(error) };
      }
    },
    'people.slackUsers': async () => {
      const web = port.slackWeb();
      if (!web) return { users: [], error: 'Slack has no bot token yet: add it in Setup → Slack app.' };
      try {
        const users = (await web.listUsers()).filter((u) => !u.isBot && !u.deleted && u.id !== 'USLACKBOT');
        return {
          users: users.map((u) => ({ id: u.id, name: u.name, realName: u.realName, tz: u.tz })),
          error: null,
        };
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        return {
          users: [],
          error:
            code === 'missing_scope'
              ? 'The Slack app lacks users:read: add it under OAuth & Permissions and reinstall the app.'
              : error instanceof Error
                ? error.message
                : String(error),
        };
      }
    },
    'people.setOwner': async ({ slack }) => {
      if (slack !== null) find(slack);
      await port.settings.update((s) => ({ ...s, owner: slack }));
      return { ok: true as const };
    },
  };
}
