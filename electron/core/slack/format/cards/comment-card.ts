import type { ForgeEvent } from '../../../events/forge-event.js';
import { quoteExcerpt } from '../block-builders.js';
import { type Card, emptyCard } from '../card.js';
import { CONFIDENTIAL, labelsText, rawAction, rawActor, rawSubjectLabel, subjectLink, who } from '../card-parts.js';
import { subjectNoun } from '../forge-links.js';
import { escapeMrkdwn } from '../mrkdwn.js';

function targetNoun(event: ForgeEvent, on: string): string {
  switch (on.toLowerCase().replace(/[\s-]+/g, '_')) {
    case 'issue':
      return 'issue';
    case 'pull':
    case 'pull_request':
      return 'pull request';
    case 'mr':
    case 'merge_request':
    case 'mergerequest':
      return 'merge request';
    case 'commit':
      return 'commit';
    case 'snippet':
      return 'snippet';
    case 'discussion':
      return 'discussion';
    case 'review':
    case 'review_comment':
      return `review of ${subjectNoun(event)}`;
    default:
      return event.subjectKey !== null || on === '' ? subjectNoun(event) : rawAction(on);
  }
}

/** Card for `comments` and `confidential_comments` (GitLab notes). */
export function commentCard(event: ForgeEvent): Card {
  const comment = event.details.kind === 'comment' ? event.details : null;
  const noun = targetNoun(event, comment?.on ?? '');
  const verb = `${event.confidential ? 'left a confidential comment' : 'commented'} on ${noun}`;
  const emoji = event.confidential ? ':lock:' : ':speech_balloon:';
  const card = emptyCard(
    emoji,
    `${who(event)} ${escapeMrkdwn(verb)}`,
    `${rawActor(event)} ${verb} ${rawSubjectLabel(event)}`,
  );
  card.subject = subjectLink(event);
  card.excerpt = quoteExcerpt(comment?.body);
  card.context = [labelsText(event.labels), event.confidential ? CONFIDENTIAL : ''];
  return card;
}
