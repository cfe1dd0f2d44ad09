import type { WebAPICallResult, WebClient } from '@slack/web-api';
import { toDeliveryError } from '../delivery/bot-transport.js';

/** Whether the bot can post to a channel, and if not, why and what to do. */
export type ChannelVerdict =
  | { state: 'ok'; name: string }
  | { state: 'archived' | 'not_member' | 'not_found'; name: string; problem: string; fix: string }
  /** The check could not run (no channels:read, the network): nothing is known, nothing is claimed. */
  | { state: 'unknown'; name: string; why: string };

interface ListedChannel {
  id?: string;
  name?: string;
  is_member?: boolean;
  is_archived?: boolean;
  is_private?: boolean;
}

function verdictFor(name: string, hit: ListedChannel | undefined, scopes: readonly string[] | null): ChannelVerdict {
  if (!hit)
    return {
      state: 'not_found',
      name,
      problem: `There is no channel #${name} that Forgebell can see.`,
      fix: `Check the name, or create #${name} in Slack; for a private channel, type /invite @Forgebell there first.`,
    };
  const label = hit.name ?? name;
  if (hit.is_archived)
    return {
      state: 'archived',
      name: label,
      problem: `#${label} is archived.`,
      fix: 'Unarchive it in Slack, or choose another channel.',
    };
  if (hit.is_member || (!hit.is_private && (scopes === null || scopes.includes('chat:write.public'))))
    return { state: 'ok', name: label };
  return {
    state: 'not_member',
    name: label,
    problem: `The bot is not in #${label}.`,
    fix: `Invite it: type /invite @Forgebell in #${label}${hit.is_private ? '' : ', or grant the app chat:write.public'}.`,
  };
}

/**
 * Looks channels up (by name or ID) the way Slack will treat a post to them — missing, archived, private without the
 * bot, public without the bot and without chat:write.public — with one listing for all of them. Used by doctor, by
 * saving a subscription, and when the engine starts.
 */
export async function checkChannels(
  client: WebClient,
  channels: readonly string[],
  scopes: readonly string[] | null,
): Promise<Map<string, ChannelVerdict>> {
  const names = [...new Set(channels.map((c) => c.replace(/^#/, '')))];
  const found = new Map<string, ListedChannel>();
  const verdicts = new Map<string, ChannelVerdict>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 20 && found.size < names.length; page++) {
      const res = (await client.conversations.list({
        limit: 1000,
        exclude_archived: false,
        types: scopes?.includes('groups:read') ? 'public_channel,private_channel' : 'public_channel',
        ...(cursor ? { cursor } : {}),
      })) as WebAPICallResult & { channels?: ListedChannel[] };
      for (const c of res.channels ?? [])
        for (const name of names) if (c.id === name || c.name === name) found.set(name, c);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
  } catch (error) {
    const err = toDeliveryError(error);
    const why =
      err.code === 'missing_scope' ? 'the app lacks channels:read' : `conversations.list answered ${err.code}`;
    for (const name of names) verdicts.set(name, { state: 'unknown', name, why });
    return verdicts;
  }
  for (const name of names) verdicts.set(name, verdictFor(name, found.get(name), scopes));
  return verdicts;
}

export async function checkChannel(
  client: WebClient,
  channel: string,
  scopes: readonly string[] | null,
): Promise<ChannelVerdict> {
  const name = channel.replace(/^#/, '');
  const verdicts = await checkChannels(client, [name], scopes);
  return verdicts.get(name) ?? { state: 'unknown', name, why: 'not checked' };
}
