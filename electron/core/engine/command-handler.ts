import { randomUUID } from 'node:crypto';
import { FORGE_LABELS, availableEvents, unavailableEventReason } from '../../contract/vocabulary/forges.js';
import { DEFAULT_EVENTS } from '../../contract/vocabulary/event-names.js';
import { resolveRepoReference } from '../forges/repo-reference.js';
import { type ParsedCommand, parseCommand, usage } from '../slack/commands/command-parser.js';
import { subscriptionKey, type StoredSubscription } from '../settings/settings-model.js';
import type { Engine } from './engine.js';
import { subscriptionTarget, type SubscriptionTarget } from './subscription-target.js';
import type { Pairing } from './pairing.js';

export interface SlashCommand {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
  response_url?: string;
  trigger_id?: string;
}

export interface CommandReply {
  /** The ack payload: shown at once. */
  ack: { response_type: 'ephemeral' | 'in_channel'; text: string };
  /** Slow work that answers later through response_url. */
  later?: () => Promise<{ response_type: 'ephemeral' | 'in_channel'; text: string } | null>;
}

const eph = (text: string): CommandReply['ack'] => ({ response_type: 'ephemeral', text });

function describeSub(s: StoredSubscription): string {
  const filters: string[] = [];
  if (s.branches !== 'default')
    filters.push(`branches: ${Array.isArray(s.branches) ? s.branches.join(', ') : s.branches}`);
  if (s.labels.include.length) filters.push(`labels ${s.labels.match} of ${s.labels.include.join(', ')}`);
  if (s.labels.exclude.length) filters.push(`not ${s.labels.exclude.join(', ')}`);
  if (!s.threads) filters.push('no threads');
  return `• \`${s.account}:${s.repo}\`${s.enabled ? '' : ' (paused)'} — ${s.events.join(', ')}${filters.length ? ` — ${filters.join('; ')}` : ''}`;
}

/** Slash commands (spec §3). Every reply is built fast; forge calls run in `later`. */
export function handleCommand(engine: Engine, pairing: Pairing, cmd: SlashCommand): CommandReply {
  const parsed: ParsedCommand = parseCommand(cmd.text);
  const name = cmd.command || '/forgebell';
  const allowed = engine.settings.slack.commandUsers.includes(cmd.user_id);
  const refuse = (): CommandReply => ({
    ack: eph(
      `Sorry, you are not allowed to ${parsed.verb} with Forgebell's credentials. Ask the person who runs Forgebell to add you, or pair your user from the app (\`${name} link <code>\`).`,
    ),
  });
  switch (parsed.verb) {
    case 'help':
      return { ack: eph(usage(name)) };
    case 'invalid':
      return { ack: eph(`${parsed.message}\n\n${usage(name)}`) };
    case 'link': {
      const ok = pairing.complete(parsed.code, cmd.user_id);
      return {
        ack: eph(
          ok
            ? `Paired: <@${cmd.user_id}> can now run ${name} commands for this Forgebell.`
            : 'That code is unknown or expired (codes are valid for 10 minutes). Get a fresh one in the Forgebell app.',
        ),
      };
    }
    case 'list': {
      const subs = engine.settings.subscriptions.filter((s) =>
        [cmd.channel_id, cmd.channel_name].includes(s.channel ?? engine.settings.slack.defaultChannel ?? ''),
      );
      return {
        ack: eph(
          subs.length
            ? `*Subscriptions in this channel*\n${subs.map(describeSub).join('\n')}`
            : `This channel has no subscriptions. Try \`${name} subscribe owner/repo\`.`,
        ),
      };
    }
    case 'subscribe': {
      if (!allowed) return refuse();
      if (parsed.problems.length) return { ack: eph(`${parsed.problems.join('; ')}.\n\n${usage(name)}`) };
      const res = resolveRepoReference(parsed.repo, engine.settings.accounts);
      if (!res.ok) return { ack: eph(res.message) };
      const refused = parsed.events.flatMap((e) => {
        const reason = unavailableEventReason(res.account.forge, e);
        return reason ? [`\`${e}\` is not available on ${FORGE_LABELS[res.account.forge]} accounts: ${reason}`] : [];
      });
      if (refused.length) return { ack: eph(`Cannot subscribe: ${refused.join(' ')}`) };
      return {
        ack: eph(`Subscribing this channel to ${res.account.id}:${res.repo}…`),
        later: async () => {
          const adapter = engine.adapters.get(res.account.id);
          if (!adapter) return eph(`Account ${res.account.id} has no working token.`);
          let target: SubscriptionTarget;
          try {
            target = await subscriptionTarget(adapter, res.repo, engine.logger);
          } catch (error) {
            return eph(`Cannot subscribe: ${(error as Error).message}`);
          }
          const { path: repo, sinceSeq } = target;
          const draft = { account: res.account.id, repo, channel: cmd.channel_id };
          const key = subscriptionKey(draft, engine.settings);
          let summary = '';
          await engine.updateSettings(
            (s) => {
              const existing = s.subscriptions.find((x) => subscriptionKey(x, s) === key);
              if (existing) {
                for (const e of parsed.events) if (!existing.events.includes(e)) existing.events.push(e);
                for (const l of parsed.labels)
                  if (!existing.labels.include.includes(l)) existing.labels.include.push(l);
                if (parsed.branches.length) existing.branches = parsed.branches.includes('*') ? 'all' : parsed.branches;
                existing.enabled = true;
                summary = describeSub(existing);
              } else {
                const sub: StoredSubscription = {
                  ...draft,
                  id: randomUUID(),
                  createdAt: new Date(engine.clock.now()).toISOString(),
                  ...(sinceSeq !== null ? { sinceSeq } : {}),
                  enabled: true,
                  events: [...new Set([...availableEvents(res.account.forge, DEFAULT_EVENTS), ...parsed.events])],
                  channels: {},
                  branches: parsed.branches.length
                    ? parsed.branches.includes('*')
                      ? 'all'
                      : parsed.branches
                    : 'default',
                  labels: { include: parsed.labels, exclude: [], match: 'any' },
                  onlyBrokenPipelines: true,
                  drafts: false,
                  threads: true,
                };
                s.subscriptions.push(sub);
                summary = describeSub(sub);
              }
              return s;
            },
            { subscriptions: true },
          );
          return {
            response_type: 'in_channel',
            text: `<@${cmd.user_id}> subscribed this channel to ${repo}\n${summary}`,
          };
        },
      };
    }
    case 'unsubscribe': {
      if (!allowed) return refuse();
      const res = resolveRepoReference(parsed.repo, engine.settings.accounts);
      if (!res.ok) return { ack: eph(res.message) };
      const key = subscriptionKey(
        { account: res.account.id, repo: res.repo, channel: cmd.channel_id },
        engine.settings,
      );
      const keyByName = subscriptionKey(
        { account: res.account.id, repo: res.repo, channel: cmd.channel_name ?? null },
        engine.settings,
      );
      const existing = engine.settings.subscriptions.find((x) =>
        [key, keyByName].includes(subscriptionKey(x, engine.settings)),
      );
      if (!existing) return { ack: eph(`This channel is not subscribed to ${res.account.id}:${res.repo}.`) };
      return {
        ack: eph(`Updating ${res.repo}…`),
        later: async () => {
          await engine.updateSettings(
            (s) => {
              if (parsed.events.length === 0) s.subscriptions = s.subscriptions.filter((x) => x.id !== existing.id);
              else {
                const sub = s.subscriptions.find((x) => x.id === existing.id);
                if (sub) sub.events = sub.events.filter((e) => !parsed.events.includes(e));
              }
              return s;
            },
            { subscriptions: true },
          );
          return {
            response_type: 'in_channel',
            text: parsed.events.length
              ? `<@${cmd.user_id}> turned off ${parsed.events.join(', ')} for ${res.repo} here.`
              : `<@${cmd.user_id}> unsubscribed this channel from ${res.repo}.`,
          };
        },
      };
    }
    case 'open': {
      if (!allowed) return refuse();
      const res = resolveRepoReference(parsed.repo, engine.settings.accounts);
      if (!res.ok) return { ack: eph(res.message) };
      return {
        ack: eph(`Opening the new-issue form for ${res.repo}…`),
        later: async () => {
          const opened = await engine.socket.openIssueModal(cmd.trigger_id ?? '', {
            account: res.account.id,
            repo: res.repo,
            channel: cmd.channel_id,
          });
          return opened
            ? null
            : eph('Could not open the form (Slack needs the bot token with the commands scope). Try again.');
        },
      };
    }
    case 'close':
    case 'reopen': {
      if (!allowed) return refuse();
      return {
        ack: eph(`${parsed.verb === 'close' ? 'Closing' : 'Reopening'} ${parsed.url}…`),
        later: async () =>
          eph(await engine.socket.setItemState(parsed.url, parsed.verb === 'close' ? 'closed' : 'open', cmd.user_id)),
      };
    }
  }
}
