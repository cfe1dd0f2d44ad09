import type { Dispatcher } from 'undici';
import { NOTIFY_REASONS, REASON_LABELS, timeZoneProblem } from '../../contract/vocabulary/people.js';
import type { SettingsAccess } from '../engine/settings-service.js';
import { createAdapter } from '../forges/adapter-factory.js';
import { ForgeError } from '../forges/forge-error.js';
import { requestDeviceCode, waitForToken } from '../forges/github/device-flow.js';
import { requestGrantCode, waitForGrant } from '../forges/gitlab/device-grant.js';
import { accessTokenOf, encodeOAuthToken } from '../forges/personal-token.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { AccountFile } from '../settings/config-schema.js';
import type { StoredPerson } from '../settings/settings-model.js';
import { FORGE_LABELS } from '../../contract/vocabulary/forges.js';
import type { SlackWeb } from '../slack/connection/slack-web.js';
import type { PeopleStore } from '../state/people-store.js';

/** GitHub: `repo` reads notifications and lets #14's buttons act as the person; nothing admin. */
export const GITHUB_SIGNIN_SCOPES = 'repo';

export interface SigninServiceDeps {
  clock: Clock;
  logger: Logger;
  settings: SettingsAccess;
  store: Pick<PeopleStore, 'setSigninAsked'>;
  slackWeb: () => SlackWeb | null;
  dispatcher: (account: Pick<AccountFile, 'apiUrl' | 'caFile'>) => Dispatcher | undefined;
}

/** A sign-in refused before anything was asked of the forge, in a sentence for the person. */
export class SigninRefused extends Error {
  override readonly name = 'SigninRefused';
}

/** How a sign-in from Slack ended (the last DM says it). */
export type SigninOutcome = 'signed_in' | 'claimed' | 'expired' | 'denied' | 'failed' | 'cancelled';

/**
 * `/forgebell signin <account>` (docs/cli-and-config.md §4): the forge's device flow (GitHub/GHES: the account's OAuth
 * client ID; GitLab ≥ 17.2: its OAuth application's device grant), run for the person who typed it. The code and its
 * link go to their DM only; success, expiry and denial each get a DM; the forge's `/user` answer for the new token
 * sets the login (refused when another person claims it); the token is stored sealed with the settings. Signing in
 * makes nobody a command user.
 */
export class SigninService {
  private readonly running = new Map<string, AbortController>();
  private readonly finished: Promise<SigninOutcome>[] = [];

  constructor(private readonly deps: SigninServiceDeps) {}

  /** Asks the forge for a code and DMs it; the rest runs in the background. Throws SigninRefused with what to do. */
  async start(slack: string, accountId: string): Promise<{ account: string; expiresAt: number }> {
    const settings = this.deps.settings.current();
    const account = settings.accounts.find((a) => a.id === accountId);
    if (!account)
      throw new SigninRefused(
        `There is no account "${accountId}". Accounts: ${settings.accounts.map((a) => `\`${a.id}\``).join(', ') || 'none yet'}.`,
      );
    if (account.forge === 'gitea')
      throw new SigninRefused(
        `${account.id} is a Gitea/Forgejo account, and Gitea has no sign-in from Slack. To act as yourself there: make an access token on ${account.id} (your settings → Applications, with read and write access to issues and repositories) and ask the person who runs Forgebell to store it for you (People → Store a token…). Nothing was sent to the forge.`,
      );
    if (!account.clientId)
      throw new SigninRefused(
        `Signing in to ${account.id} needs an OAuth ${account.forge === 'github' ? 'app' : 'application'} client ID, which this account has none of. Ask the person who runs Forgebell to set it (accounts[].clientId; see the README, "People and personal notifications").`,
      );
    const web = this.deps.slackWeb();
    if (!web) throw new SigninRefused('Forgebell has no Slack bot token, so it cannot send you the code.');
    const dispatcher = this.deps.dispatcher(account);
    const options = {
      apiUrl: account.apiUrl,
      clientId: account.clientId,
      clock: this.deps.clock,
      ...(dispatcher ? { dispatcher } : {}),
    };
    let code: { userCode: string; url: string; expiresInSeconds: number };
    let wait: (signal: AbortSignal, expiresAt: number) => Promise<WaitResult>;
    try {
      if (account.forge === 'github') {
        const device = await requestDeviceCode(options, GITHUB_SIGNIN_SCOPES);
        code = { userCode: device.userCode, url: device.verificationUri, expiresInSeconds: device.expiresInSeconds };
        wait = async (signal, expiresAt) => {
          const r = await waitForToken(options, device.deviceCode, {
            expiresAt,
            intervalSeconds: device.intervalSeconds,
            signal,
          });
          return r.kind === 'token' ? { kind: 'token', stored: r.accessToken } : r;
        };
      } else {
        const grant = await requestGrantCode(options);
        code = {
          userCode: grant.userCode,
          url: grant.verificationUriComplete ?? grant.verificationUri,
          expiresInSeconds: grant.expiresInSeconds,
        };
        wait = async (signal, expiresAt) => {
          const r = await waitForGrant(options, grant, { expiresAt, signal });
          return r.kind === 'token' ? { kind: 'token', stored: encodeOAuthToken(r.token) } : r;
        };
      }
    } catch (error) {
      throw new SigninRefused(
        `${FORGE_LABELS[account.forge]} did not start the sign-in: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const expiresAt = this.deps.clock.now() + code.expiresInSeconds * 1000;
    const minutes = Math.max(1, Math.round(code.expiresInSeconds / 60));
    try {
      await web.postMessage(
        slack,
        `To sign in to *${account.id}* (${FORGE_LABELS[account.forge]}), open ${code.url} and enter the code *${code.userCode}* within ${minutes} minutes. Only you see this message. Signing in lets Forgebell notify you and act as you; it grants nothing else.`,
      );
    } catch (error) {
      throw new SigninRefused(
        `I could not send you a DM with the code (${error instanceof Error ? error.message : String(error)}). Check that Forgebell's Messages tab is on.`,
      );
    }
    const key = `${slack}\u0000${account.id}`;
    this.running.get(key)?.abort();
    const abort = new AbortController();
    this.running.set(key, abort);
    const done = wait(abort.signal, expiresAt)
      .then((result) => this.finish(slack, account, result))
      .catch((error: unknown) => this.finish(slack, account, { kind: 'failed', code: 'error', message: String(error) }))
      .finally(() => {
        if (this.running.get(key) === abort) this.running.delete(key);
      });
    this.finished.push(done);
    return { account: account.id, expiresAt };
  }

  /** Forgets the person's token for `accountId` (or every one); returns the accounts signed out of. */
  async signout(slack: string, accountId: string | null): Promise<string[]> {
    const person = this.deps.settings.current().people.find((p) => p.slack === slack);
    const gone = Object.keys(person?.tokens ?? {}).filter((a) => accountId === null || a === accountId);
    for (const id of gone) this.running.get(`${slack}\u0000${id}`)?.abort();
    if (gone.length === 0) return [];
    await this.deps.settings.update((s) => ({
      ...s,
      people: s.people.map((p) =>
        p.slack === slack
          ? { ...p, tokens: Object.fromEntries(Object.entries(p.tokens).filter(([a]) => !gone.includes(a))) }
          : p,
      ),
    }));
    return gone;
  }

  cancelAll(): void {
    for (const abort of this.running.values()) abort.abort();
    this.running.clear();
  }

  /** Every sign-in started so far, settled (tests). */
  async settled(): Promise<SigninOutcome[]> {
    return Promise.all(this.finished);
  }

  private async finish(slack: string, account: AccountFile, result: WaitResult): Promise<SigninOutcome> {
    const web = this.deps.slackWeb();
    const say = async (text: string): Promise<void> => {
      await web?.postMessage(slack, text).catch((error: unknown) => {
        this.deps.logger.warn('could not DM the outcome of a sign-in', { error });
      });
    };
    if (result.kind !== 'token') {
      const outcome: SigninOutcome =
        result.kind === 'failed' && result.code === 'cancelled' ? 'cancelled' : result.kind;
      if (outcome === 'cancelled') return outcome;
      await say(
        result.kind === 'expired'
          ? `Your sign-in to *${account.id}* expired before the code was entered. Type \`/forgebell signin ${account.id}\` to get a new one.`
          : result.kind === 'denied'
            ? `The sign-in to *${account.id}* was declined on ${FORGE_LABELS[account.forge]}. Nothing was stored.`
            : `The sign-in to *${account.id}* failed: ${result.message}`,
      );
      return outcome;
    }
    let login: string;
    try {
      const dispatcher = this.deps.dispatcher(account);
      const adapter = createAdapter(
        { ...account, token: accessTokenOf(result.stored) },
        { clock: this.deps.clock, logger: this.deps.logger, ...(dispatcher ? { dispatcher } : {}) },
      );
      login = (await adapter.whoami()).login;
    } catch (error) {
      await say(
        `Signed in on ${FORGE_LABELS[account.forge]}, but it would not say who you are (${error instanceof ForgeError ? error.message : String(error)}). Nothing was stored; try again.`,
      );
      return 'failed';
    }
    const settings = this.deps.settings.current();
    const other = settings.people.find(
      (p) => p.slack !== slack && (p.accounts[account.id] ?? '').toLowerCase() === login.toLowerCase(),
    );
    if (other) {
      await say(
        `You signed in as *${login}* on ${account.id}, but that login already belongs to <@${other.slack}> in Forgebell. Nothing was stored. If that is wrong, ask the person who runs Forgebell to fix it on the People screen.`,
      );
      return 'claimed';
    }
    const tz = await this.slackTimeZone(slack);
    await this.deps.settings.update((s) => {
      const existing = s.people.find((p) => p.slack === slack);
      const person: StoredPerson = existing ?? {
        slack,
        accounts: {},
        tokens: {},
        notify: [...NOTIFY_REASONS],
        timeZone: tz ?? 'UTC',
        quietHours: null,
        digest: null,
      };
      const next = {
        ...person,
        accounts: { ...person.accounts, [account.id]: login },
        tokens: { ...person.tokens, [account.id]: result.stored },
      };
      return {
        ...s,
        people: existing ? s.people.map((p) => (p.slack === slack ? next : p)) : [...s.people, next],
      };
    });
    this.deps.store.setSigninAsked(slack, account.id, null);
    const person = this.deps.settings.current().people.find((p) => p.slack === slack);
    const reasons = (person?.notify ?? []).map((r) => REASON_LABELS[r].toLowerCase()).join(', ') || 'nothing yet';
    await say(
      `Signed in to *${account.id}* as *${login}*. You will get DMs for: ${reasons}. \`/forgebell me\` changes that, your time zone and quiet hours; \`/forgebell signout ${account.id}\` forgets the sign-in.`,
    );
    this.deps.logger.info('a person signed in from Slack', { slack, account: account.id, login });
    return 'signed_in';
  }

  private async slackTimeZone(slack: string): Promise<string | null> {
    try {
      const tz = (await this.deps.slackWeb()?.userInfo(slack))?.tz ?? null;
      return tz && timeZoneProblem(tz) === null ? tz : null;
    } catch {
      return null;
    }
  }
}

type WaitResult =
  | { kind: 'token'; stored: string }
  | { kind: 'expired'; message: string }
  | { kind: 'denied'; message: string }
  | { kind: 'failed'; code: string; message: string };
