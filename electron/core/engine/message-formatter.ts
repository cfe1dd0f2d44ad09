import { PeopleDirectory } from '../people/directory.js';
import type { MessageFormatter } from '../slack/delivery/delivery-service.js';
import { formatDigest } from '../slack/format/format-digest.js';
import { formatDm, formatDmSummary } from '../slack/format/format-dm.js';
import { formatEvent } from '../slack/format/format-event.js';
import { formatThreadParent } from '../slack/format/format-parent.js';
import type { MentionLookup } from '../slack/format/people-mentions.js';

/**
 * Wires the Block Kit formatters into the outbox. `people` is read when each message is sent, so a card names as Slack
 * mentions the people of that moment (someone added after the event was seen is still mentioned).
 */
export function createMessageFormatter(
  people: () => PeopleDirectory,
  /** Whether clicks can be handled (Socket Mode is set up): DM cards then carry the action buttons. */
  buttonsInDms: () => boolean = () => false,
): MessageFormatter {
  const lookup: MentionLookup = (account, login) => people().mention(account, login);
  return {
    event: (event, options) =>
      formatEvent(event, {
        buttons: options.buttons,
        fixed: options.fixed,
        mentions: options.mentions ? lookup : null,
      }),
    parent: (event, options) =>
      // A deployment's thread (one that waited for approval) keeps its own card, with buttons only while it waits.
      event.event === 'deployments'
        ? formatEvent(event, { buttons: options?.buttons === true, mentions: lookup })
        : formatThreadParent(
            event,
            { state: event.state, last: { actor: event.actor, action: event.action } },
            { buttons: options?.buttons === true },
          ),
    digest: (events, channel) => formatDigest(events, channel),
    dm: (notice, mentions) => formatDm(notice, mentions ? lookup : null, buttonsInDms()),
    dmSummary: (notices) => formatDmSummary(notices),
  };
}

/** The formatters without people (tests, previews). */
export const messageFormatter: MessageFormatter = createMessageFormatter(() => PeopleDirectory.empty());
