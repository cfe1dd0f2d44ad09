import type { ForgeEvent } from '../../../events/forge-event.js';
import { type Card, emptyCard } from '../card.js';
import { branchLink, plural, rawActor, refCode, who } from '../card-parts.js';
import { tagUrl } from '../forge-links.js';
import { cleanText, link, truncate } from '../mrkdwn.js';

/** Card for `tags` and `branches`: created (pushed) or deleted; a bulk push says how many, linking to the list. */
export function refCard(event: ForgeEvent): Card {
  const details = event.details.kind === 'ref' ? event.details : null;
  const refType = details?.refType ?? (event.event === 'tags' ? 'tag' : 'branch');
  if (details?.count !== undefined && details.count > 0) return bulkCard(event, refType, details.count);
  const name = cleanText(details?.ref || event.branch || event.title).trim();
  const deleted = /^(deleted?|removed?)$/i.test(event.action);
  const actor = rawActor(event);
  const shortName = truncate(name, 100);
  if (deleted) {
    return emptyCard(
      ':wastebasket:',
      `${who(event)} deleted ${refType} ${refCode(name)}`,
      `${actor} deleted ${refType} ${shortName}`,
    );
  }
  if (refType === 'tag') {
    return emptyCard(
      ':label:',
      `${who(event)} pushed tag ${link(tagUrl(event, name), shortName)}`,
      `${actor} pushed tag ${shortName}`,
    );
  }
  return emptyCard(
    ':seedling:',
    `${who(event)} created branch ${branchLink(event, name)}`,
    `${actor} created branch ${shortName}`,
  );
}

/** "pushed 5 tags", "created 4 branches", "deleted 6 branches": which ones the forge did not say. */
function bulkCard(event: ForgeEvent, refType: 'branch' | 'tag', count: number): Card {
  const deleted = /^(deleted?|removed?)$/i.test(event.action);
  const verb = deleted ? 'deleted' : refType === 'tag' ? 'pushed' : 'created';
  const what = plural(count, refType, refType === 'tag' ? 'tags' : 'branches');
  return emptyCard(
    deleted ? ':wastebasket:' : refType === 'tag' ? ':label:' : ':seedling:',
    `${who(event)} ${verb} ${link(event.url, what)}`,
    `${rawActor(event)} ${verb} ${what}`,
  );
}
