import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';
import type { PersonalNotice } from '../../people/personal-notice.js';
import type { ActionsBlock } from './block-types.js';
import { ACTION_APPROVE, ACTION_MERGE } from './buttons.js';
import { formatDm } from './format-dm.js';

/** A review request DM: the card of the pull request, with the action buttons when clicks can be handled. */
function notice(): PersonalNotice {
  const event = sampleEvent('pulls');
  return {
    reason: 'review_requested',
    slack: 'U0BOB00001',
    account: event.accountId,
    forge: event.forge,
    repo: event.repo,
    repoUrl: event.repoUrl,
    subject: 'pull:7',
    qualifier: null,
    title: event.title ?? '',
    url: event.url,
    number: 7,
    actor: event.actor,
    source: 'event',
    event,
  };
}

const actionIds = (blocks: unknown[]): string[] =>
  (blocks.find((b) => (b as { type?: string }).type === 'actions') as ActionsBlock | undefined)?.elements.map(
    (e) => e.action_id ?? '',
  ) ?? [];

describe('personal DM cards', () => {
  it('carry Approve … Merge… when Socket Mode can handle the clicks, and no buttons otherwise', () => {
    expect(actionIds(formatDm(notice(), null, true).blocks)).toEqual(
      expect.arrayContaining([ACTION_APPROVE, ACTION_MERGE]),
    );
    expect(actionIds(formatDm(notice(), null, false).blocks)).toEqual([]);
  });
});
