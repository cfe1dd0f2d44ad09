import type { MessageFormatter } from '../slack/delivery/delivery-service.js';
import { formatDigest } from '../slack/format/format-digest.js';
import { formatEvent } from '../slack/format/format-event.js';
import { formatThreadParent } from '../slack/format/format-parent.js';

/** Wires the Block Kit formatters into the outbox. */
export const messageFormatter: MessageFormatter = {
  event: (event, options) => formatEvent(event, options),
  parent: (event) =>
    formatThreadParent(event, { state: event.state, last: { actor: event.actor, action: event.action } }),
  digest: (events, channel) => formatDigest(events, channel),
};
