import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { NotifyReason } from '../../contract/vocabulary/people.js';
import type { ForgeEvent } from '../events/forge-event.js';

/**
 * One thing to tell one person, from either source: an event of a subscribed repository (`event` kept whole, so the
 * DM's card is formatted when it is sent — with the people of that moment) or the person's own inbox. Stored in the
 * DM's outbox row.
 */
export interface PersonalNotice {
  reason: NotifyReason;
  /** The person's Slack user ID: where the DM goes. */
  slack: string;
  account: string;
  forge: ForgeKind;
  repo: string;
  repoUrl: string;
  /** The DM subject (dm-key.ts): `issue:12`, `pull:7`, `mr:3`, `pipeline:main`. */
  subject: string;
  /** What tells two DMs of one subject and reason apart (the reviewer), or null. */
  qualifier: string | null;
  title: string;
  url: string;
  number: number | null;
  /** Who did it, when the source says. */
  actor: string | null;
  source: 'event' | 'inbox';
  event?: ForgeEvent;
}

/** The event name a notice is about, for the feed's filters. */
export function noticeEventName(notice: Pick<PersonalNotice, 'subject' | 'event'>): EventName {
  if (notice.event) return notice.event.event;
  if (notice.subject.startsWith('pipeline:')) return 'pipelines';
  if (notice.subject.startsWith('issue:')) return 'issues';
  return 'pulls';
}
