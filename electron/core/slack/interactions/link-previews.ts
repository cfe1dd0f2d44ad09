import type { SettingsAccess } from '../../engine/settings-service.js';
import type { ForgeAdapter } from '../../forges/forge-adapter.js';
import { resolveRepoReference } from '../../forges/repo-reference.js';
import { isExcluded, parseRepoPattern } from '../../../contract/vocabulary/repo-pattern.js';
import type { Logger } from '../../runtime/logger.js';
import type { Settings } from '../../settings/settings-model.js';
import type { SlackWeb, UnfurlTarget } from '../connection/slack-web.js';
import { formatUnfurl } from '../format/format-unfurl.js';

/** Slack unfurls at most this many links of one message. */
const MAX_LINKS = 5;

export interface LinkSharedEvent {
  channel?: unknown;
  message_ts?: unknown;
  unfurl_id?: unknown;
  source?: unknown;
  links?: unknown;
}

export interface LinkPreviewPort {
  settings: Pick<SettingsAccess, 'current'>;
  adapter(accountId: string): ForgeAdapter | undefined;
  slackWeb(): SlackWeb | null;
  logger: Logger;
  /** The repositories a pattern subscription follows now (a repository it follows counts as subscribed there). */
  patternMembers?(subscriptionId: string): readonly { path: string }[];
}

/**
 * Link previews (`link_shared` → `chat.unfurl`), read with the account's token — so only what the channel could
 * already see (docs/cli-and-config.md §8): a repository subscribed in that channel, or a public one (the forge says which). A private
 * repository's link pasted anywhere else is left alone; so is every link from the message composer of a channel
 * Slack does not name.
 */
export async function previewLinks(port: LinkPreviewPort, event: LinkSharedEvent): Promise<void> {
  const web = port.slackWeb();
  if (!web) return;
  const channel = typeof event.channel === 'string' ? event.channel : null;
  const links = Array.isArray(event.links) ? (event.links as { url?: unknown }[]) : [];
  const unfurls: Record<string, { blocks: ReturnType<typeof formatUnfurl> }> = {};
  for (const { url } of links.slice(0, MAX_LINKS)) {
    if (typeof url !== 'string') continue;
    const settings = port.settings.current();
    const res = resolveRepoReference(url, settings.accounts);
    if (!res.ok) continue;
    const adapter = port.adapter(res.account.id);
    if (!adapter) continue;
    if (!(await visibleHere(web, adapter, settings, res.repo, channel, port.patternMembers))) {
      port.logger.info(
        `no preview for a link to ${res.account.id}:${res.repo}: not subscribed in that channel and not public`,
      );
      continue;
    }
    const described = await adapter.describeUrl(url).catch(() => null);
    if (described) unfurls[url] = { blocks: formatUnfurl(described) };
  }
  if (Object.keys(unfurls).length === 0) return;
  const target: UnfurlTarget =
    event.unfurl_id && event.source
      ? { unfurl_id: String(event.unfurl_id), source: String(event.source) }
      : { channel: String(event.channel), ts: String(event.message_ts) };
  await web.unfurl(target, unfurls).catch((error: unknown) => port.logger.warn('chat.unfurl failed', { error }));
}

/** Subscribed in this channel (under its name or ID, any of the subscription's channels), else public on the forge. */
async function visibleHere(
  web: SlackWeb,
  adapter: ForgeAdapter,
  settings: Settings,
  repo: string,
  channel: string | null,
  members: LinkPreviewPort['patternMembers'],
): Promise<boolean> {
  if (channel && (await subscribedIn(web, settings, adapter.accountId, [repo], channel, members))) return true;
  let info;
  try {
    info = await adapter.resolveRepo(repo);
  } catch {
    return false;
  }
  if (info.visibility === 'public') return true;
  // The link may name the repository as it was (renamed, other case): check its canonical path too.
  return (
    channel !== null &&
    info.path.toLowerCase() !== repo.toLowerCase() &&
    subscribedIn(web, settings, adapter.accountId, [info.path], channel, members)
  );
}

async function subscribedIn(
  web: SlackWeb,
  settings: Settings,
  accountId: string,
  repos: string[],
  channelId: string,
  members: LinkPreviewPort['patternMembers'],
): Promise<boolean> {
  const wanted = new Set(repos.map((r) => r.toLowerCase()));
  const channels = new Set<string>();
  const follows = (sub: Settings['subscriptions'][number]): boolean =>
    wanted.has(sub.repo.toLowerCase()) ||
    (parseRepoPattern(sub.repo) !== null &&
      (members?.(sub.id) ?? []).some(
        (m) => wanted.has(m.path.toLowerCase()) && !isExcluded(sub.excludeRepos ?? [], m.path),
      ));
  for (const sub of settings.subscriptions) {
    if (sub.account !== accountId || !follows(sub)) continue;
    const main = sub.channel ?? settings.slack.defaultChannel;
    if (main) channels.add(main);
    for (const c of Object.values(sub.channels)) if (c) channels.add(c);
  }
  for (const c of channels) {
    if (c === channelId) return true;
    if ((await web.channelId(c).catch(() => null)) === channelId) return true;
  }
  return false;
}
