import type { ForgeEvent } from '../../events/forge-event.js';
import { context, fieldsSection, joinLines, listText, section } from './block-builders.js';
import type { Block } from './block-types.js';
import { repoLink } from './card-parts.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from './limits.js';
import { clipLine, escapeTruncated } from './mrkdwn.js';

/**
 * A format-neutral description of one event, built per event name and rendered into blocks, digest lines and
 * fallback text. All mrkdwn in it is already escaped.
 */
export interface Card {
  /** Slack emoji shortcode, e.g. `:rocket:`. */
  emoji: string;
  /** What happened, without the repository: `*alice* opened issue`. */
  headline: string;
  /** Link to what it happened to, e.g. `<url|#12 Title>`; '' for none. */
  subject: string;
  /** Further short lines under the headline. */
  lines: string[];
  /** `*Label*\nvalue` fields (at most 10 are shown). */
  fields: string[];
  /** A bounded list (commits, failed jobs, wiki pages); `hidden` counts items not in `items`. */
  list: { title: string; items: string[]; hidden: number } | null;
  /** A quoted excerpt (`>` lines), '' for none. */
  excerpt: string;
  /** Small print: state, labels, branches, markers. */
  context: string[];
  /** Raw, unescaped one-line description for the notification text. */
  summary: string;
}

export function emptyCard(emoji: string, headline: string, summary: string): Card {
  return { emoji, headline, subject: '', lines: [], fields: [], list: null, excerpt: '', context: [], summary };
}

/** `:emoji: headline in <repo>` */
export function cardHeadline(card: Card, event: ForgeEvent): string {
  return `${card.emoji} ${card.headline} in ${repoLink(event)}`;
}

/** The card as blocks; each block is within Block Kit limits by construction. */
export function renderCard(card: Card, event: ForgeEvent): Block[] {
  const blocks: Block[] = [];
  const main = joinLines(
    [cardHeadline(card, event), card.subject === '' ? '' : `*${card.subject}*`, ...card.lines],
    MAX_SECTION_TEXT,
  );
  blocks.push(section(main));
  if (card.fields.length > 0) blocks.push(fieldsSection(card.fields));
  if (card.list !== null && (card.list.items.length > 0 || card.list.hidden > 0)) {
    const title = card.list.title === '' ? '' : `${card.list.title}\n`;
    blocks.push(section(title + listText(card.list.items, card.list.hidden, MAX_SECTION_TEXT - title.length)));
  }
  if (card.excerpt !== '') blocks.push(section(card.excerpt));
  const small = context(card.context);
  if (small !== null) blocks.push(small);
  return blocks;
}

/** Notification text: `[owner/repo] alice opened issue #12 Title`, escaped and at most MAX_FALLBACK_TEXT long. */
export function fallbackText(card: Card, event: ForgeEvent): string {
  const repo = clipLine(event.repo, 150);
  const text = clipLine(`${repo ? `[${repo}] ` : ''}${card.summary}`, MAX_FALLBACK_TEXT);
  return escapeTruncated(text, MAX_FALLBACK_TEXT) || 'Forgebell notification';
}
