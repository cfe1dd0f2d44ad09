import { REASON_SENTENCES } from '../../../contract/vocabulary/people.js';
import type { PersonalNotice } from '../../people/personal-notice.js';
import { context, joinLines, listText, section } from './block-builders.js';
import type { Block, SlackMessage } from './block-types.js';
import { NAME_MAX, plural, TITLE_MAX } from './card-parts.js';
import { formatEvent } from './format-event.js';
import { enforceLimits, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from './limits.js';
import { clipLine, escapeTruncated, link } from './mrkdwn.js';
import type { MentionLookup } from './people-mentions.js';

/** Items a quiet-hours summary lists; the rest are counted. */
export const SUMMARY_ITEMS_SHOWN = 40;
const SUMMARY_LINE_MAX = 300;

const REASON_EMOJI: Record<PersonalNotice['reason'], string> = {
  review_requested: ':eyes:',
  mentioned: ':speech_balloon:',
  assigned: ':point_right:',
  my_pulls_reviewed: ':memo:',
  my_pulls_merged: ':large_purple_circle:',
  my_pipelines_failed: ':x:',
};

function reference(notice: PersonalNotice): string {
  const ref = notice.number === null ? '' : `${notice.subject.startsWith('mr:') ? '!' : '#'}${notice.number} `;
  return clipLine(`${clipLine(notice.repo, 150)} ${ref}${clipLine(notice.title, TITLE_MAX)}`, TITLE_MAX + 160);
}

/** `:eyes: You were asked to review <url|octo/app #7 Title> by *alice*` (escaped). */
function noticeLine(notice: PersonalNotice): string {
  const by = notice.actor ? ` by *${escapeTruncated(clipLine(notice.actor, NAME_MAX), NAME_MAX)}*` : '';
  return `${REASON_EMOJI[notice.reason]} ${REASON_SENTENCES[notice.reason]}: ${link(notice.url, reference(notice))}${by}`;
}

/**
 * A personal DM: why first ("You were asked to review"), then the event's card when the event is known (formatted
 * now, with today's people as mentions when `mentions`), else the item's link, repository, title and who.
 */
export function formatDm(notice: PersonalNotice, lookup: MentionLookup | null, buttons = false): SlackMessage {
  const why = `${REASON_EMOJI[notice.reason]} *${REASON_SENTENCES[notice.reason]}*`;
  const fallback = escapeTruncated(
    clipLine(`${REASON_SENTENCES[notice.reason]}: ${reference(notice)}`, MAX_FALLBACK_TEXT),
    MAX_FALLBACK_TEXT,
  );
  if (notice.event) {
    const card = formatEvent(notice.event, { buttons, mentions: lookup });
    return { text: fallback, blocks: enforceLimits([section(why), ...card.blocks]) };
  }
  const blocks: Block[] = [section(joinLines([why, noticeLine(notice)], MAX_SECTION_TEXT))];
  const small = context([':inbox_tray: from your forge inbox']);
  if (small) blocks.push(small);
  return { text: fallback, blocks: enforceLimits(blocks) };
}

/** One message for everything held during quiet hours: one line per item with its link, "and N more" past 40. */
export function formatDmSummary(notices: readonly PersonalNotice[]): SlackMessage {
  const lines = notices.slice(0, SUMMARY_ITEMS_SHOWN).map((n) => noticeLine(n));
  const hidden = notices.length - lines.length;
  const title = `:crescent_moon: *While your notifications were quiet: ${plural(notices.length, 'thing')} for you*`;
  const blocks: Block[] = [section(title)];
  for (let i = 0; i < lines.length; i += 10) {
    const chunk = lines.slice(i, i + 10);
    const last = i + 10 >= lines.length;
    blocks.push(section(listText(chunk, last ? hidden : 0, MAX_SECTION_TEXT, SUMMARY_LINE_MAX)));
  }
  const text = `While your notifications were quiet: ${plural(notices.length, 'thing')} for you`;
  return { text: escapeTruncated(text, MAX_FALLBACK_TEXT), blocks: enforceLimits(blocks) };
}
