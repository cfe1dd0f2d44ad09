import type { ForgeEvent } from '../../events/forge-event.js';
import type { SlackMessage } from './block-types.js';
import { deploymentButtons, rerunButtons, subjectButtons } from './buttons.js';
import { fallbackText, renderCard } from './card.js';
import { buildCard } from './cards/build-card.js';
import { enforceLimits } from './limits.js';
import { type MentionLookup, mentionPeopleIn, peopleLine } from './people-mentions.js';

export interface FormatEventOptions {
  /** Add Close/Reopen/Open buttons to issue and PR/MR cards (needs Socket Mode to handle the clicks). */
  buttons: boolean;
  /** Pipeline only: render the "fixed" variant (green again after a failure). Action `fixed` does the same. */
  fixed?: boolean;
  /**
   * Who is a person: their logins on the card (author, reviewers, assignees, `@login`s in the excerpt) become Slack
   * mentions. Without it (or the subscription's `mentions: false`) logins stay plain text.
   */
  mentions?: MentionLookup | null;
}

/** The Slack message for one event: a compact card (what, to what, by whom, where) plus fallback text. */
export function formatEvent(event: ForgeEvent, options: FormatEventOptions): SlackMessage {
  const card = buildCard(event, { fixed: options.fixed === true });
  const lookup = options.mentions ?? null;
  const people = peopleLine(event, lookup);
  if (people) card.context = [`:busts_in_silhouette: ${people}`, ...card.context];
  card.excerpt = mentionPeopleIn(card.excerpt, event, lookup);
  const blocks = renderCard(card, event);
  if (options.buttons) {
    const buttons = subjectButtons(event) ?? rerunButtons(event) ?? deploymentButtons(event);
    if (buttons !== null) blocks.push(buttons);
  }
  return { text: fallbackText(card, event), blocks: enforceLimits(blocks) };
}
