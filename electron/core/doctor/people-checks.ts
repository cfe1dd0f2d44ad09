import type { Dispatcher } from 'undici';
import type { DoctorCheck } from '../../contract/schemas.js';
import { createAdapter } from '../forges/adapter-factory.js';
import { ForgeError } from '../forges/forge-error.js';
import { accessTokenOf } from '../forges/personal-token.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { AccountFile } from '../settings/config-schema.js';
import type { Settings } from '../settings/settings-model.js';
import { PEOPLE_SCOPES, SCOPE_EFFECTS } from '../slack/manifest/scopes.js';

export interface PeopleCheckDeps {
  clock: Clock;
  logger: Logger;
  /** The dispatcher for an account's route (proxy, CA); may throw when the CA file cannot be read. */
  dispatcher: (account: AccountFile) => Dispatcher | undefined;
  /** People whose DMs Slack refused for good, with the reason (the engine's record; empty from the CLI). */
  dmProblems?: ReadonlyMap<string, { message: string }>;
}

const pass = (name: string, message: string): DoctorCheck => ({ name, ok: true, message, fix: null });
const fail = (name: string, message: string, fix: string | null): DoctorCheck => ({ name, ok: false, message, fix });

/** The bot scopes people need (docs/cli-and-config.md §4): what breaks without each, and how to add it. */
export function peopleScopeCheck(settings: Settings, granted: readonly string[] | null): DoctorCheck | null {
  if (settings.people.length === 0 || granted === null) return null;
  const missing = ['users:read', ...PEOPLE_SCOPES].filter((s) => !granted.includes(s));
  if (missing.length === 0) return pass('Slack scopes for people', 'users:read, im:write and im:history are granted.');
  return fail(
    'Slack scopes for people',
    `Missing ${missing.join(', ')}: ${missing.map((s) => SCOPE_EFFECTS[s] ?? s).join('; ')}.`,
    `Add ${missing.join(', ')} under OAuth & Permissions → Bot Token Scopes (or re-create the app from Setup → Slack app's manifest), reinstall the app and paste the new bot token.`,
  );
}

/**
 * Per person: DMs Slack refused, each stored token (valid? whose? can it read the inbox — a fine-grained GitHub token
 * cannot), and each login that does not exist on its forge (asked with the account's token).
 */
export async function peopleChecks(settings: Settings, deps: PeopleCheckDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const person of settings.people) {
    const who = `Person ${person.slack}`;
    const dm = deps.dmProblems?.get(person.slack);
    if (dm)
      checks.push(
        fail(`${who}: DMs`, `Slack refused a DM: ${dm.message}`, 'Correct their Slack ID on the People screen.'),
      );
    for (const account of settings.accounts) {
      const login = person.accounts[account.id];
      const token = person.tokens[account.id];
      if (!login && !token) continue;
      let dispatcher: Dispatcher | undefined;
      try {
        dispatcher = deps.dispatcher(account);
      } catch {
        continue;
      }
      const base = { clock: deps.clock, logger: deps.logger, ...(dispatcher ? { dispatcher } : {}) };
      if (token) checks.push(await tokenCheck(`${who}: ${account.id} token`, account, token, login ?? null, base));
      if (login && account.token) {
        const adapter = createAdapter(account, base);
        try {
          const exists = await adapter.people?.userExists(login);
          if (exists === false)
            checks.push(
              fail(
                `${who}: ${account.id} login`,
                `There is no user "${login}" on ${account.id}: they will never be mentioned or notified there.`,
                'Correct the login on the People screen (its search shows the forge’s users).',
              ),
            );
        } catch {
          // The account's own checks say why the forge cannot be reached.
        }
      }
    }
  }
  return checks;
}

async function tokenCheck(
  name: string,
  account: AccountFile,
  stored: string,
  login: string | null,
  deps: { clock: Clock; logger: Logger; dispatcher?: Dispatcher },
): Promise<DoctorCheck> {
  try {
    const me = await createAdapter({ ...account, token: accessTokenOf(stored) }, deps).whoami();
    if (login && me.login.toLowerCase() !== login.toLowerCase())
      return fail(
        name,
        `The token is ${me.login}'s, but their login on ${account.id} is ${login}.`,
        `Sign in again with /forgebell signin ${account.id}, or correct the login on the People screen.`,
      );
    if (account.forge === 'github' && me.scopes === null)
      return fail(
        name,
        `Valid (${me.login}), but it is a fine-grained token: GitHub notifications cannot be read with it.`,
        `Sign in with /forgebell signin ${account.id}, or use a classic token with the notifications scope.`,
      );
    return pass(
      name,
      `Valid (${me.login}${me.scopes ? `; scopes ${me.scopes.join(', ') || 'none'}` : ''}): their inbox is read.`,
    );
  } catch (error) {
    const refused = error instanceof ForgeError && error.code === 'unauthorized';
    return fail(
      name,
      refused ? 'The forge refused the token (revoked or expired).' : `Not checked: ${(error as Error).message}`,
      refused ? `The person signs in again: /forgebell signin ${account.id}.` : null,
    );
  }
}
