import type { EventName } from '../../../contract/vocabulary/event-names.js';
import { isExcluded, parseRepoPattern } from '../../../contract/vocabulary/repo-pattern.js';
import type { DeliveryQueuePort } from '../../engine/delivery-queue.js';
import type { SettingsAccess } from '../../engine/settings-service.js';
import { ActionRefused, type ForgeActions, type PullRef } from '../../forges/actions/forge-actions.js';
import { repoPathFromUrl, webUrlOf } from '../../forges/repo-reference.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { AccountFile } from '../../settings/config-schema.js';
import type { Responder, SlackWeb } from '../connection/slack-web.js';
import { parseActionValue, parseDeployValue } from '../format/buttons.js';
import type { InteractionContext } from './interaction-types.js';
import type { ModalSeal } from './modal-seal.js';

/** What acting as yourself needs from the engine, beyond Slack and the settings. */
export interface ActingPort {
  /** The login of an account's configured token, once the forge said it (null before). */
  accountLogin(accountId: string): string | null;
  /** A person's own access token for the account (a sign-in renewed when about to expire); null when they have none. */
  personalToken(slack: string, accountId: string): Promise<string | null>;
  /** Forgets a person's token the forge no longer accepts. */
  forgetToken(slack: string, accountId: string): Promise<void>;
  /** The forge's actions made with this token; null for a forge Forgebell cannot act on. */
  forgeActions(account: AccountFile, token: string): ForgeActions | null;
  /** Polls the account now, so the card and the feed follow the new state. */
  pollSoon(accountId: string): void;
  readonly seal: ModalSeal;
  /** Actions running now (`verb|account|url`): a second click while the first runs does nothing. */
  readonly inFlight: Set<string>;
}

export interface ActPort {
  settings: Pick<SettingsAccess, 'current'>;
  clock: Clock;
  logger: Logger;
  respond: Responder;
  slackWeb(): SlackWeb | null;
  queue: DeliveryQueuePort;
  acting: ActingPort;
  /** The repositories a pattern subscription (`owner/*`) follows now. */
  patternMembers?(subscriptionId: string): readonly { path: string }[];
}

export type ActVerb =
  'approve' | 'request_changes' | 'comment' | 'merge' | 'rerun' | 'deploy_approve' | 'deploy_reject';

/** What a click or a modal is about: the account, the repository, the pull/merge request or run, and where to confirm. */
export interface ActTarget {
  account: AccountFile;
  repo: string;
  number: number;
  url: string;
  /** A deployment waiting for approval: the environment (`number` is then GitHub's run or GitLab's deployment id). */
  environment?: string;
  /** The clicked card's channel and thread, where the result is confirmed. */
  channel: string | null;
  threadTs: string | null;
}

/** Where an answer to the clicker goes (a button's response_url; a modal has none). */
export interface Reply {
  user: string;
  responseUrl?: string;
  channel: string | null;
}

const PULL = /\/(?:pull|pulls|-\/merge_requests)\/(\d+)(?:[/?#]|$)/;
/** Gitea serves a pull request under /issues/N too (it redirects): a link of that form still names it. */
const GITEA_PULL = /\/(?:pulls|issues)\/(\d+)(?:[/?#]|$)/;
const RUN = /\/(?:actions\/runs|-\/pipelines)\/(\d+)(?:[/?#]|$)/;

/**
 * The target of a click: the account named in the button, the repository and number from the URL. A repository no
 * longer subscribed, or an account removed, is answered politely and nothing is done.
 */
export function resolveTarget(
  port: Pick<ActPort, 'settings' | 'patternMembers'>,
  value: string | undefined,
  what: 'pull' | 'run' | 'deployment',
  where: Pick<InteractionContext, 'channel' | 'threadTs'>,
): { ok: true; target: ActTarget } | { ok: false; message: string } {
  const settings = port.settings;
  const deployment = what === 'deployment' ? parseDeployValue(value) : null;
  const parsed = what === 'deployment' ? deployment : parseActionValue(value);
  if (!parsed) return { ok: false, message: 'This button is from an older Forgebell card and cannot be used.' };
  const s = settings.current();
  const account = s.accounts.find((a) => a.id === parsed.accountId);
  if (!account) return { ok: false, message: `The account ${parsed.accountId} is no longer set up in Forgebell.` };
  let url: URL;
  try {
    url = new URL(parsed.url);
  } catch {
    return { ok: false, message: 'This button carries an invalid link.' };
  }
  const web = new URL(webUrlOf(account.apiUrl));
  const repo = repoPathFromUrl(url, account.forge, web.pathname.replace(/\/+$/, ''));
  const number = deployment
    ? String(deployment.id)
    : (what === 'run' ? RUN : account.forge === 'gitea' ? GITEA_PULL : PULL).exec(url.pathname)?.[1];
  if (!repo || !number) return { ok: false, message: 'This button carries a link Forgebell cannot act on.' };
  const path = repo.toLowerCase();
  // A repository is followed by a subscription naming it, or by a pattern subscription (owner/*) that follows it now.
  const followed = s.subscriptions.some(
    (sub) =>
      sub.account === account.id &&
      (sub.repo.toLowerCase() === path ||
        (parseRepoPattern(sub.repo) !== null &&
          (port.patternMembers?.(sub.id) ?? []).some(
            (m) => m.path.toLowerCase() === path && !isExcluded(sub.excludeRepos ?? [], m.path),
          ))),
  );
  if (!followed)
    return {
      ok: false,
      message: `Forgebell no longer follows ${repo}, so it does not act on it from Slack. Subscribe to it again to use these buttons.`,
    };
  return {
    ok: true,
    target: {
      account,
      repo,
      number: Number(number),
      url: parsed.url,
      ...(deployment ? { environment: deployment.environment } : {}),
      channel: where.channel ?? null,
      threadTs: where.threadTs ?? null,
    },
  };
}

/** An answer to the clicker only: through the button's response_url; after a modal, ephemeral in the card's channel. */
export async function tellClicker(port: ActPort, reply: Reply, text: string): Promise<void> {
  try {
    if (reply.responseUrl) {
      await port.respond(reply.responseUrl, { response_type: 'ephemeral', replace_original: false, text });
      return;
    }
    // A modal has no response_url: ephemeral in the card's channel, else in the person's DM with the app.
    const web = port.slackWeb();
    if (reply.channel) await web?.postEphemeral(reply.channel, reply.user, text);
    else await web?.postMessage(reply.user, text);
  } catch (error) {
    port.logger.warn('could not answer the person who acted from Slack', { error });
  }
}

type Identity = { ok: true; token: string; personal: boolean } | { ok: false; message: string };

/**
 * docs/cli-and-config.md §4: the clicker's own token; else, for a paired user who is the person whose login owns the
 * account's configured token, that token; else nobody acts and the clicker is asked to sign in.
 */
export async function whoActs(port: ActPort, account: AccountFile, user: string): Promise<Identity> {
  const s = port.settings.current();
  const personal = await port.acting.personalToken(user, account.id);
  if (personal) return { ok: true, token: personal, personal: true };
  const person = s.people.find((p) => p.slack === user);
  const login = person?.accounts[account.id];
  const owner = port.acting.accountLogin(account.id);
  if (
    account.token &&
    s.slack.commandUsers.includes(user) &&
    login &&
    owner &&
    login.toLowerCase() === owner.toLowerCase()
  )
    return { ok: true, token: account.token, personal: false };
  return { ok: false, message: signInFirst(account) };
}

/**
 * The clicker's identity for the account, or null once they have been told why they cannot act (the modal openers:
 * Request changes…, Comment…, Merge…, Reject…).
 */
export async function actorOrTold(
  port: ActPort,
  account: AccountFile,
  reply: Reply,
): Promise<Extract<Identity, { ok: true }> | null> {
  const who = await whoActs(port, account, reply.user);
  if (who.ok) return who;
  await tellClicker(port, reply, who.message);
  return null;
}

/**
 * What someone without a token for the account is told. Gitea and Forgejo have no device sign-in: a person's token is
 * stored by whoever runs Forgebell (People screen, or `people[].tokens` in the config).
 */
export function signInFirst(account: Pick<AccountFile, 'id' | 'forge'>): string {
  return account.forge === 'gitea'
    ? `Forgebell has no token of yours for ${account.id}, so it cannot act as you there. Gitea and Forgejo have no sign-in from Slack: make an access token on ${account.id} (your settings → Applications, with write access to issues and repositories) and ask the person who runs Forgebell to store it for you (People → Store a token…).`
    : `Sign in first: \`/forgebell signin ${account.id}\` (you act on the forge as yourself).`;
}

/** What someone whose stored token the forge refused (and Forgebell forgot) is told to do. */
export function tokenForgotten(account: Pick<AccountFile, 'id' | 'forge'>): string {
  return account.forge === 'gitea'
    ? `Your token for ${account.id} no longer works (revoked, expired or deleted), so Forgebell forgot it. Nothing was done. Make a new access token on ${account.id} and ask the person who runs Forgebell to store it for you (People → Store a token…).`
    : `Your sign-in for ${account.id} no longer works (revoked or expired), so Forgebell forgot it. Sign in again: \`/forgebell signin ${account.id}\`. Nothing was done.`;
}

export interface Done {
  /** The thread reply: `approved by <@U…> from Slack` (mrkdwn, escaped). */
  reply: string;
  /** The feed line. */
  summary: string;
  event: EventName;
  action: string;
}

/**
 * Runs one action as the clicker: at most one at a time per target and verb, the identity of §4, the forge call, and
 * then either the confirmation (a reply in the card's thread and a feed row, in one transaction) or the forge's refusal
 * in plain words to the clicker alone. A personal token the forge refused is forgotten.
 */
export async function runAction(
  port: ActPort,
  verb: ActVerb,
  target: ActTarget,
  reply: Reply,
  work: (actions: ForgeActions) => Promise<Done>,
): Promise<void> {
  const key = `${verb}|${target.account.id}|${target.url}|${target.environment ?? ''}`;
  if (port.acting.inFlight.has(key)) return;
  port.acting.inFlight.add(key);
  // The click is over once the forge answered: what follows (answers, the reply) never blocks the next click.
  const release = (): void => void port.acting.inFlight.delete(key);
  try {
    const identity = await whoActs(port, target.account, reply.user);
    if (!identity.ok) {
      release();
      await tellClicker(port, reply, identity.message);
      return;
    }
    const actions = port.acting.forgeActions(target.account, identity.token);
    if (!actions) {
      release();
      await tellClicker(port, reply, `Forgebell cannot act on ${target.account.forge} from Slack yet.`);
      return;
    }
    let done: Done;
    try {
      done = await work(actions);
    } catch (error) {
      if (!(error instanceof ActionRefused)) throw error;
      port.logger.info(`a ${verb} from Slack was refused: ${error.reason}`, { user: reply.user, url: target.url });
      if (error.reason === 'revoked' && identity.personal) {
        await port.acting.forgetToken(reply.user, target.account.id);
        release();
        await tellClicker(port, reply, tokenForgotten(target.account));
        return;
      }
      release();
      await tellClicker(port, reply, error.message);
      return;
    }
    port.logger.info(`${reply.user} did ${verb} on ${target.url} from Slack`);
    confirm(port, verb, target, reply, done);
    release();
    port.acting.pollSoon(target.account.id);
  } catch (error) {
    release();
    port.logger.error(`a ${verb} from Slack failed`, { error });
    await tellClicker(port, reply, 'Something went wrong in Forgebell; nothing may have been done. Try again.');
  } finally {
    release();
  }
}

/** The reply under the clicked card and the feed row that says who did what from Slack, committed together. */
function confirm(port: ActPort, verb: ActVerb, target: ActTarget, reply: Reply, done: Done): void {
  const now = port.clock.now();
  const channel = target.channel ?? reply.channel;
  const login = port.settings.current().people.find((p) => p.slack === reply.user)?.accounts[target.account.id];
  port.queue.write((w) => {
    const deliveryId = `act|${verb}|${target.account.id}|${target.url}|${target.environment ?? ''}|${reply.user}|${now}`;
    const feedId = w.addEvent({
      eventId: deliveryId,
      event: done.event,
      action: done.action,
      forge: target.account.forge,
      repo: target.repo,
      actor: login ?? reply.user,
      summary: done.summary,
      url: target.url,
      createdAt: new Date(now).toISOString(),
    });
    const destination = { kind: 'channel' as const, target: channel, subscriptionId: null };
    if (!channel) {
      w.addDestination(feedId, { ...destination, fate: 'delivered' });
      return;
    }
    const text = done.reply;
    w.addDestination(
      feedId,
      { ...destination, fate: 'queued' },
      {
        deliveryId,
        kind: 'reply',
        payload: JSON.stringify({
          kind: target.threadTs ? 'reply' : 'test',
          ...(target.threadTs ? { threadTs: target.threadTs } : {}),
          message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
        }),
        at: now,
      },
    );
  });
}

/** How a person is named in a confirmation in Slack, and in the feed (their login there, else their Slack id). */
export function actorWords(port: ActPort, user: string, target: ActTarget): { mention: string; plain: string } {
  const login = port.settings.current().people.find((p) => p.slack === user)?.accounts[target.account.id];
  return { mention: `<@${user}>`, plain: login ?? user };
}

export function pullRef(target: ActTarget): PullRef {
  return { repo: target.repo, number: target.number };
}

export function pullName(target: ActTarget): string {
  return `${target.repo}${target.account.forge === 'gitlab' ? '!' : '#'}${target.number}`;
}
