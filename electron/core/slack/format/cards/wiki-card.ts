import type { ForgeEvent } from '../../../events/forge-event.js';
import { type Card, emptyCard } from '../card.js';
import { plural, rawAction, rawActor, who } from '../card-parts.js';
import { clipLine, escapeMrkdwn, link } from '../mrkdwn.js';

/** Wiki pages listed on one card. */
export const WIKI_PAGES_SHOWN = 10;

function pageVerb(action: string): string {
  switch (action.toLowerCase()) {
    case 'created':
    case 'create':
      return 'created';
    case 'edited':
    case 'updated':
    case 'update':
      return 'edited';
    case 'deleted':
    case 'destroyed':
    case 'destroy':
      return 'deleted';
    default:
      return rawAction(action);
  }
}

/** Card for `wiki`: one page as the subject, several as a list. */
export function wikiCard(event: ForgeEvent): Card {
  const listed = event.details.kind === 'wiki' ? event.details.pages : [];
  const pages = listed.length > 0 ? listed : [{ title: event.title, action: event.action, url: event.url }];
  const actor = rawActor(event);
  const first = pages[0];
  if (pages.length === 1 && first !== undefined) {
    const verb = `${pageVerb(first.action)} wiki page`;
    const title = clipLine(first.title, 200) || 'page';
    const card = emptyCard(':book:', `${who(event)} ${escapeMrkdwn(verb)}`, `${actor} ${verb} ${title}`);
    card.subject = link(first.url, title);
    return card;
  }
  const what = `updated ${plural(pages.length, 'wiki page')}`;
  const card = emptyCard(':book:', `${who(event)} ${what}`, `${actor} ${what}`);
  const shown = pages.slice(0, WIKI_PAGES_SHOWN);
  card.list = {
    title: '',
    items: shown.map((p) => `• ${escapeMrkdwn(pageVerb(p.action))} ${link(p.url, clipLine(p.title, 150) || 'page')}`),
    hidden: pages.length - shown.length,
  };
  return card;
}
