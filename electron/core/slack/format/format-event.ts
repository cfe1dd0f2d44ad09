import type { ForgeEvent } from '../../events/forge-event.js';
import type { SlackMessage } from './block-types.js';
import { subjectButtons } from './buttons.js';
import { fallbackText, renderCard } from './card.js';
import { buildCard } from './cards/build-card.js';
import { enforceLimits } from './limits.js';

export interface FormatEventOptions {
  /** Add Close/Reopen/Open buttons to issue and PR/MR cards (needs Socket Mode to handle the clicks). */
  buttons: boolean;
  /** Pipeline only: render the "fixed" variant (green again after a failure). Action `fixed` does the same. */
  fixed?: boolean;
}

/** The Slack message for one event: a compact card (what, to what, by whom, where) plus fallback text. */
export function formatEvent(event: ForgeEvent, options: FormatEventOptions): SlackMessage {
  const card = buildCard(event, { fixed: options.fixed === true });
  const blocks = renderCard(card, event);
  if (options.buttons) {
    const buttons = subjectButtons(event);
    if (buttons !== null) blocks.push(buttons);
  }
  return { text: fallbackText(card, event), blocks: enforceLimits(blocks) };
}
