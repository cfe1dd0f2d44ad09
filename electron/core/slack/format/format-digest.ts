import type { ForgeEvent } from '../../events/forge-event.js';
import { andMore, context, header, joinLines, listText, section } from './block-builders.js';
import type { Block, SlackMessage } from './block-types.js';
import { buildCard } from './cards/build-card.js';
import { plural, repoLink } from './card-parts.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, enforceLimits } from './limits.js';
import { clipLine, escapeMrkdwn, escapeTruncated, truncate, truncateMrkdwn } from './mrkdwn.js';

/** Repositories with their own section in a digest; the rest are summarised in one line. */
export const DIGEST_REPOS_SHOWN = 20;
/** Event lines per repository; the rest are counted in "…and N more". */
export const DIGEST_EVENTS_PER_REPO = 10;
const DIGEST_LINE_MAX = 300;

/** `<#C0123>` for a channel ID, `#name` otherwise. */
export function channelRef(channel: string): string {
  const trimmed = clipLine(channel, 80).replace(/^#/, '');
  if (/^[CGD][A-Z0-9]{6,}$/.test(trimmed)) return `<#${trimmed}>`;
  return trimmed ? `#${escapeTruncated(trimmed, 80)}` : 'this channel';
}

/** One line per event: `:emoji: *alice* opened issue: <url|#12 Title>`. */
function digestLine(event: ForgeEvent): string {
  const card = buildCard(event);
  return truncateMrkdwn(`${card.emoji} ${card.headline}${card.subject ? `: ${card.subject}` : ''}`, DIGEST_LINE_MAX);
}

interface RepoGroup {
  first: ForgeEvent;
  events: ForgeEvent[];
}

function groupByRepo(events: readonly ForgeEvent[]): RepoGroup[] {
  const groups = new Map<string, RepoGroup>();
  for (const event of events) {
    const key = `${event.accountId}\u0000${event.repo}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: event, events: [event] });
    else group.events.push(event);
  }
  return [...groups.values()];
}

/**
 * One message summarising the events held for `channel` while notifications were paused: grouped by repository
 * (in order of first appearance), at most 10 lines per repository and 20 repositories, "…and N more" for the rest.
 */
export function formatDigest(events: readonly ForgeEvent[], channel: string): SlackMessage {
  const groups = groupByRepo(events);
  const where = channelRef(channel);
  const blocks: Block[] = [header(`Forgebell: ${plural(events.length, 'event')} while paused`)];
  if (events.length === 0) {
    blocks.push(section(`Nothing happened for ${where} while notifications were paused.`));
  } else {
    blocks.push(
      section(
        `Held for ${where} while notifications were paused: *${plural(events.length, 'event')}* in *${plural(groups.length, 'repository', 'repositories')}*.`,
      ),
    );
  }
  const shown = groups.slice(0, DIGEST_REPOS_SHOWN);
  for (const group of shown) {
    const title = `*${repoLink(group.first)}* · ${plural(group.events.length, 'event')}`;
    const lines = group.events.slice(0, DIGEST_EVENTS_PER_REPO).map(digestLine);
    const hidden = group.events.length - lines.length;
    blocks.push(
      section(
        joinLines(
          [title, listText(lines, hidden, MAX_SECTION_TEXT - title.length - 1, DIGEST_LINE_MAX)],
          MAX_SECTION_TEXT,
        ),
      ),
    );
  }
  const rest = groups.slice(DIGEST_REPOS_SHOWN);
  if (rest.length > 0) {
    const restEvents = rest.reduce((sum, g) => sum + g.events.length, 0);
    const names = rest.slice(0, 5).map((g) => escapeMrkdwn(clipLine(g.first.repo, 60)));
    const ctx = context([
      `${andMore(rest.length, rest.length === 1 ? 'repository' : 'repositories')} (${plural(restEvents, 'event')}): ${names.join(', ')}${rest.length > 5 ? ', …' : ''}`,
    ]);
    if (ctx !== null) blocks.push(ctx);
  }
  const plainWhere = clipLine(channel, 80).replace(/^#/, '') || 'this channel';
  const text = `Forgebell digest for #${truncate(plainWhere, 80)}: ${plural(events.length, 'event')} in ${plural(groups.length, 'repository', 'repositories')}`;
  return { text: escapeTruncated(text, MAX_FALLBACK_TEXT), blocks: enforceLimits(blocks) };
}
