import type { ForgeEvent } from '../../../events/forge-event.js';
import { quoteExcerpt } from '../block-builders.js';
import { type Card, emptyCard } from '../card.js';
import { labelsText, rawAction, rawActor, rawSubjectLabel, subjectLink, who } from '../card-parts.js';
import { subjectNoun } from '../forge-links.js';
import { escapeMrkdwn } from '../mrkdwn.js';

/** Card for `reviews`: GitHub reviews submitted, GitLab MR approvals. */
export function reviewCard(event: ForgeEvent): Card {
  const review = event.details.kind === 'review' ? event.details : null;
  const state = (review?.state || event.action).toLowerCase();
  const noun = subjectNoun(event);
  let verb: string;
  let emoji: string;
  switch (state) {
    case 'approved':
      [verb, emoji] = [`approved ${noun}`, ':white_check_mark:'];
      break;
    case 'changes_requested':
      [verb, emoji] = [`requested changes on ${noun}`, ':warning:'];
      break;
    case 'commented':
    case 'submitted':
      [verb, emoji] = [`reviewed ${noun}`, ':speech_balloon:'];
      break;
    case 'dismissed':
      [verb, emoji] = [`dismissed a review on ${noun}`, ':leftwards_arrow_with_hook:'];
      break;
    case 'unapproved':
      [verb, emoji] = [`removed their approval from ${noun}`, ':leftwards_arrow_with_hook:'];
      break;
    default:
      [verb, emoji] = [`${rawAction(state)} review on ${noun}`, ':mag:'];
  }
  const card = emptyCard(
    emoji,
    `${who(event)} ${escapeMrkdwn(verb)}`,
    `${rawActor(event)} ${verb} ${rawSubjectLabel(event)}`,
  );
  card.subject = subjectLink(event);
  card.excerpt = quoteExcerpt(review?.body);
  card.context = [labelsText(event.labels)];
  return card;
}
