import { describe, expect, it } from 'vitest';
import type { FeedDestination } from '../../../../electron/contract/schemas.js';
import { destinationDetail, destinationLabel } from './destination-words.js';

const dm = (target: string): FeedDestination => ({
  id: 1,
  kind: 'dm',
  target,
  subscriptionId: null,
  fate: 'delivered',
  reason: null,
  fix: null,
  fixAt: null,
  errorCode: null,
  error: null,
  slackLink: null,
  nextAttemptAt: null,
});
const names = (id: string) => (id === 'U0ALICE001' ? 'Alice Example' : null);

describe('how a destination is named', () => {
  it('names a DM by the person, with the Slack user ID only in the words', () => {
    expect(destinationLabel(dm('U0ALICE001'), names)).toBe('@Alice Example');
    expect(destinationDetail(dm('U0ALICE001'), 0, names)).toBe('to @Alice Example (U0ALICE001)');
  });

  it('falls back to the user ID for someone People cannot name', () => {
    expect(destinationLabel(dm('U0NOBODY01'), names)).toBe('@U0NOBODY01');
    expect(destinationDetail(dm('U0NOBODY01'), 0, names)).toBe('to @U0NOBODY01');
    expect(destinationLabel(dm('U0ALICE001'))).toBe('@U0ALICE001');
  });

  it('leaves channels alone', () => {
    const channel: FeedDestination = { ...dm('general'), kind: 'channel' };
    expect(destinationLabel(channel, names)).toBe('#general');
  });
});
