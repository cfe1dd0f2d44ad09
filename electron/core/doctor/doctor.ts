import type { WebAPICallResult } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import type { DoctorCheck } from '../../contract/schemas.js';
import { createAdapter } from '../forges/adapter-factory.js';
import { ForgeError } from '../forges/forge-error.js';
import { createDispatcher } from '../http/dispatcher.js';
import type { NetworkRoute } from '../http/dispatcher-cache.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Settings } from '../settings/settings-model.js';
import { subscriptionChannel } from '../settings/settings-model.js';
import { createWebClient } from '../slack/connection/slack-client.js';
import { checkChannel } from '../slack/connection/channel-check.js';
import { identifyBot, NEEDED_BOT_SCOPES } from '../slack/connection/slack-verify.js';
import { toDeliveryError } from '../slack/delivery/bot-transport.js';
import { dnsCheck, tcpCheck, tlsCheck } from './network-checks.js';
import { peopleChecks, peopleScopeCheck } from './people-checks.js';

export interface DoctorDeps {
  clock: Clock;
  logger: Logger;
  proxyFor: (url: string) => string | null;
  /** The engine's cached dispatchers (one per proxy and CA); the CLI, a one-shot process, makes its own. */
  dispatcher?: (route: NetworkRoute) => Dispatcher | undefined;
  /** People whose DMs Slack refused (the running engine knows; the CLI reads state.db when it can). */
  dmProblems?: ReadonlyMap<string, { message: string }>;
}

function routeDispatcher(deps: DoctorDeps, route: NetworkRoute): Dispatcher | undefined {
  if (deps.dispatcher) return deps.dispatcher(route);
  return route.proxyUrl || route.caFile ? createDispatcher(route) : undefined;
}

const pass = (name: string, message: string): DoctorCheck => ({ name, ok: true, message, fix: null });
const fail = (name: string, message: string, fix: string | null): DoctorCheck => ({ name, ok: false, message, fix });

/** Opens the Socket Mode WebSocket (through the proxy when one is set) and waits for Slack's hello. */
async function socketHello(url: string, dispatcher: Dispatcher | undefined): Promise<string | null> {
  // Loaded when the doctor runs: a running engine never needs undici's WebSocket (see http/undici-parts.ts).
  const { WebSocket } = await import('undici/lib/web/websocket/websocket.js');
  return new Promise((resolve) => {
    const ws = new WebSocket(url, dispatcher ? { dispatcher } : undefined);
    const timer = setTimeout(() => {
      ws.close();
      resolve('no hello within 10 s');
    }, 10_000);
    ws.addEventListener('message', (event) => {
      try {
        if ((JSON.parse(String(event.data)) as { type?: string }).type === 'hello') {
          clearTimeout(timer);
          ws.close();
          resolve(null);
        }
      } catch {}
    });
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      resolve('the WebSocket could not be opened');
    });
  });
}

async function slackChecks(settings: Settings, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const { slack } = settings;
  const proxy = deps.proxyFor(slack.apiUrl);
  const dispatcher = routeDispatcher(deps, { proxyUrl: proxy, caFile: null });
  const checks: DoctorCheck[] = [];
  if (!slack.botToken && !slack.webhookUrl) {
    checks.push(
      fail(
        'Slack delivery',
        'No bot token and no webhook URL: nothing can be posted.',
        'Add the bot token (xoxb-…) from your Slack app, or an incoming webhook URL.',
      ),
    );
  }
  if (slack.botToken) {
    try {
      const id = await identifyBot(slack.botToken, slack.apiUrl, dispatcher);
      checks.push(pass('Slack Web API', `auth.test OK: workspace ${id.team ?? '?'}, bot ${id.botUser ?? '?'}.`));
      if (id.scopes) {
        const missing = NEEDED_BOT_SCOPES.filter((s) => !id.scopes!.includes(s));
        // Only chat:write is indispensable; the others switch features off, which is worth saying but is no failure.
        checks.push(
          !id.scopes.includes('chat:write')
            ? fail(
                'Slack scopes',
                'The bot lacks chat:write: it cannot post.',
                'Add chat:write under OAuth & Permissions → Bot Token Scopes, reinstall the app and paste the new bot token.',
              )
            : pass(
                'Slack scopes',
                missing.length === 0
                  ? 'All needed bot scopes are granted.'
                  : `chat:write granted. Optional scopes missing: ${missing.join(', ')} (add them under OAuth & Permissions and reinstall for custom names, history checks, link previews and channel joins).`,
              ),
        );
        const forPeople = peopleScopeCheck(settings, id.scopes);
        if (forPeople) checks.push(forPeople);
      }
      const client = createWebClient(slack.botToken, slack.apiUrl, dispatcher);
      const channels = [
        ...new Set(
          settings.subscriptions
            .flatMap((s) => [subscriptionChannel(s, settings), ...Object.values(s.channels)])
            .filter((c): c is string => Boolean(c)),
        ),
      ];
      for (const channel of channels) checks.push(await channelCheck(client, channel, id.scopes));
    } catch (error) {
      const err = toDeliveryError(error);
      checks.push(
        fail(
          'Slack Web API',
          `auth.test failed: ${err.code}.`,
          err.fix ?? 'Check the network and slack.apiUrl, then the bot token.',
        ),
      );
    }
  }
  if (slack.appToken) {
    try {
      const client = createWebClient(slack.appToken, slack.apiUrl, dispatcher);
      const res = (await client.apps.connections.open()) as WebAPICallResult & { url?: string };
      const problem = res.url ? await socketHello(res.url, dispatcher) : 'no WebSocket URL';
      checks.push(
        problem
          ? fail(
              'Socket Mode',
              `Socket Mode did not say hello: ${problem}.`,
              'Check that a proxy allows WebSockets to Slack (wss-primary.slack.com), or set the proxy in Settings.',
            )
          : pass('Socket Mode', 'apps.connections.open OK and the socket said hello.'),
      );
    } catch (error) {
      const err = toDeliveryError(error);
      checks.push(
        fail(
          'Socket Mode',
          `apps.connections.open failed: ${err.code}.`,
          'Generate an app-level token (xapp-…) with connections:write under Basic Information → App-Level Tokens, and enable Socket Mode.',
        ),
      );
    }
  } else {
    checks.push(
      pass('Socket Mode', 'Off (no app-level token): slash commands, buttons and link previews are unavailable.'),
    );
  }
  if (slack.webhookUrl && !slack.botToken)
    checks.push(
      pass(
        'Slack webhook',
        'Webhook URL set (not posted to by doctor, to avoid noise); per-event channels, threads and updates need the bot token.',
      ),
    );
  return checks;
}

async function channelCheck(
  client: ReturnType<typeof createWebClient>,
  channel: string,
  scopes: string[] | null,
): Promise<DoctorCheck> {
  const name = `Slack channel #${channel}`;
  const verdict = await checkChannel(client, channel, scopes);
  switch (verdict.state) {
    case 'ok':
      return pass(name, `#${verdict.name} is reachable.`);
    case 'unknown':
      // The check itself could not run (no channels:read, an API that does not list channels): say so, do not fail.
      return pass(name, `Not checked: ${verdict.why}.`);
    default:
      return fail(name, verdict.problem, verdict.fix);
  }
}

async function accountChecks(settings: Settings, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const account of settings.accounts) {
    const label = `${account.id} (${account.forge})`;
    const url = new URL(account.apiUrl);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const proxy = deps.proxyFor(account.apiUrl);
    if (!proxy) {
      const dns = await dnsCheck(`${label}: DNS`, url.hostname);
      checks.push(dns);
      if (!dns.ok) continue;
      const tcp = await tcpCheck(`${label}: TCP`, url.hostname, port);
      checks.push(tcp);
      if (!tcp.ok) continue;
      if (url.protocol === 'https:') {
        const tls = await tlsCheck(`${label}: TLS`, url.hostname, port, account.caFile);
        checks.push(tls);
        if (!tls.ok) continue;
      }
    } else {
      checks.push(pass(`${label}: network`, `Through the proxy ${new URL(proxy).host}.`));
    }
    if (!account.token) {
      checks.push(fail(`${label}: auth`, 'No token.', 'Add a personal access token to this account.'));
      continue;
    }
    let dispatcher;
    try {
      dispatcher = routeDispatcher(deps, { proxyUrl: proxy, caFile: account.caFile });
    } catch (error) {
      checks.push(
        fail(
          `${label}: CA file`,
          `Cannot read ${account.caFile}: ${(error as Error).message}.`,
          'Fix the caFile path.',
        ),
      );
      continue;
    }
    const adapter = createAdapter(account, {
      clock: deps.clock,
      logger: deps.logger,
      ...(dispatcher ? { dispatcher } : {}),
    });
    try {
      const me = await adapter.whoami();
      checks.push(pass(`${label}: auth`, `Signed in as ${me.login}.`));
      if (me.scopes) {
        const needed = account.forge === 'github' ? ['repo'] : ['read_api'];
        const alternatives: Record<string, string[]> = { repo: ['repo', 'public_repo'], read_api: ['read_api', 'api'] };
        const ok = needed.every((s) => (alternatives[s] ?? [s]).some((a) => me.scopes!.includes(a)));
        checks.push(
          ok
            ? pass(`${label}: scopes`, `Scopes: ${me.scopes.join(', ')}.`)
            : fail(
                `${label}: scopes`,
                `Scopes ${me.scopes.join(', ') || '(none)'} lack ${needed.join(', ')}.`,
                `Create a token with the ${needed.join(', ')} scope${account.forge === 'gitlab' ? ' (api to close issues from Slack)' : ''}.`,
              ),
        );
      }
      // Checks only the forge can answer (Gitea/Forgejo: the server version, each scope by probing).
      for (const c of (await adapter.checkAccess?.()) ?? [])
        checks.push({ name: `${label}: ${c.label}`, ok: c.ok, message: c.message, fix: c.fix });
      const rl = adapter.rateLimit();
      if (rl.remaining !== null && rl.limit !== null) {
        const low = rl.remaining < rl.limit * 0.1;
        checks.push({
          name: `${label}: rate limit`,
          ok: !low,
          message: `${rl.remaining} of ${rl.limit} requests left${rl.resetAt ? `, resets ${rl.resetAt}` : ''}.`,
          fix: low ? 'Raise pollIntervalSeconds or subscribe fewer repositories on this token.' : null,
        });
      }
    } catch (error) {
      const err = error instanceof ForgeError ? error : null;
      checks.push(
        fail(
          `${label}: auth`,
          err ? err.message : (error as Error).message,
          err?.code === 'unauthorized'
            ? 'Create a new personal access token and update the account.'
            : err?.code === 'tls'
              ? 'Set caFile on this account to your company CA bundle (PEM).'
              : null,
        ),
      );
    }
  }
  if (settings.accounts.length === 0)
    checks.push(
      fail(
        'Forge accounts',
        'No forge account is configured.',
        'Add a GitHub, GitLab or Gitea/Forgejo account (Setup → Accounts, or accounts[] in the config).',
      ),
    );
  return checks;
}

/** `doctor`: every connection, one line each with a cause and a fix. */
export async function runDoctor(settings: Settings, deps: DoctorDeps): Promise<DoctorCheck[]> {
  return [
    ...(await slackChecks(settings, deps)),
    ...(await accountChecks(settings, deps)),
    ...(await peopleChecks(settings, {
      clock: deps.clock,
      logger: deps.logger,
      dispatcher: (account) =>
        routeDispatcher(deps, { proxyUrl: deps.proxyFor(account.apiUrl), caFile: account.caFile }),
      ...(deps.dmProblems ? { dmProblems: deps.dmProblems } : {}),
    })),
  ];
}
