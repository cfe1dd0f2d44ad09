import type { ForgeEvent } from '../../../events/forge-event.js';
import { quoteExcerpt } from '../block-builders.js';
import { type Card, emptyCard } from '../card.js';
import { rawAction, rawActor, refCode, who } from '../card-parts.js';
import { cleanText, clipLine, escapeMrkdwn, link } from '../mrkdwn.js';

/** Card for `releases`: tag, name and an excerpt of the notes. */
export function releaseCard(event: ForgeEvent): Card {
  const r = event.details.kind === 'release' ? event.details : null;
  const action = event.action.toLowerCase();
  const deleted = action === 'deleted';
  const verb =
    action === 'published' || action === 'created' || action === 'released'
      ? 'published release'
      : action === 'prereleased'
        ? 'published pre-release'
        : `${rawAction(action)} release`;
  const tag = cleanText(r?.tag ?? '').trim();
  const name = clipLine(r?.name || event.title || tag, 200);
  const card = emptyCard(
    deleted ? ':wastebasket:' : ':tada:',
    `${who(event)} ${escapeMrkdwn(verb)}`,
    `${rawActor(event)} ${verb} ${name}`,
  );
  card.subject = name ? link(event.url, name) : '';
  if (!deleted) card.excerpt = quoteExcerpt(r?.body, 400, 8);
  card.context = [tag ? `:label: ${refCode(tag)}` : ''];
  return card;
}
