import type { ForgeEvent } from '../../../events/forge-event.js';
import { quoteExcerpt } from '../block-builders.js';
import { type Card, emptyCard } from '../card.js';
import { rawAction, rawActor, rawSubjectLabel, subjectLink, who } from '../card-parts.js';
import { clipLine, escapeMrkdwn, escapeTruncated } from '../mrkdwn.js';

/** Card for `discussions` (GitHub Discussions and their comments). */
export function discussionCard(event: ForgeEvent): Card {
  const discussion = event.details.kind === 'discussion' ? event.details : null;
  const action = event.action.toLowerCase();
  let verb: string;
  let emoji = ':speech_balloon:';
  switch (action) {
    case 'created':
    case 'opened':
      [verb, emoji] = ['started a discussion', ':thought_balloon:'];
      break;
    case 'commented':
      verb = 'commented on a discussion';
      break;
    case 'answered':
      [verb, emoji] = ['answered a discussion', ':white_check_mark:'];
      break;
    default:
      verb = `${rawAction(action)} a discussion`;
  }
  const card = emptyCard(
    emoji,
    `${who(event)} ${escapeMrkdwn(verb)}`,
    `${rawActor(event)} ${verb} ${rawSubjectLabel(event)}`,
  );
  card.subject = subjectLink(event);
  card.excerpt = quoteExcerpt(discussion?.body);
  const category = clipLine(discussion?.category ?? '', 80);
  card.context = [category ? `:card_index_dividers: ${escapeTruncated(category, 80)}` : ''];
  return card;
}
