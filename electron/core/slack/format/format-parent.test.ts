import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { ActionsBlock, SlackMessage } from './block-types.js';
import { ACTION_CLOSE, ACTION_OPEN, ACTION_REOPEN } from './buttons.js';
import { formatThreadParent } from './format-parent.js';
import { hostileEvent } from '../../../../test/fixtures/hostile-events.js';
import { messageProblems } from './message-safety.js';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';

const json = (m: SlackMessage): string => JSON.stringify(m.blocks);
const ids = (m: SlackMessage): string[] =>
  (m.blocks.find((b): b is ActionsBlock => b.type === 'actions')?.elements ?? []).map((e) => e.action_id ?? '');

describe('formatThreadParent', () => {
  it('shows an open pull request with author, branches and labels', () => {
    const m = formatThreadParent(sampleEvent('pulls'), { state: 'open', author: 'alice', body: 'Closes #12.' });
    expect(messageProblems(m)).toEqual([]);
    expect(json(m)).toContain(
      ':large_green_circle: Open · Pull request in <https://github.com/octo-org/hello-world|octo-org/hello-world>',
    );
    expect(json(m)).toContain('*<https://github.com/octo-org/hello-world/pull/7|#7 Redirect after login>*');
    expect(json(m)).toContain('Opened by *alice*');
    expect(json(m)).toContain('>Closes #12.');
    expect(m.text).toBe('[octo-org/hello-world] Pull request #7 Redirect after login — Open');
  });

  it('follows the state: open → merged, open → closed', () => {
    const event = sampleEvent('pulls', {}, 'gitlab');
    const merged = formatThreadParent(event, { state: 'merged', last: { actor: 'bob', action: 'merged' } });
    expect(json(merged)).toContain(':large_purple_circle: Merged · Merge request');
    expect(json(merged)).toContain('Latest: *bob* merged');
    expect(json(merged)).not.toContain('>Closes');
    expect(merged.text).toContain('— Merged');
    const closed = formatThreadParent(sampleEvent('issues'), { state: 'closed' });
    expect(json(closed)).toContain(':white_check_mark: Closed · Issue');
  });

  it('follows draft → ready', () => {
    const draft = sampleEvent('pulls', { draft: true, state: 'open' });
    expect(formatThreadParent(draft, { state: null }).text).toContain('— Draft');
    expect(formatThreadParent(draft, { state: 'draft' }).text).toContain('— Draft');
    expect(formatThreadParent({ ...draft, draft: false }, { state: 'ready_for_review' }).text).toContain('— Open');
  });

  it('offers buttons matching the state, also when updated from a comment event', () => {
    expect(ids(formatThreadParent(sampleEvent('issues'), { state: 'open' }, { buttons: true }))).toEqual([
      ACTION_OPEN,
      ACTION_CLOSE,
    ]);
    expect(ids(formatThreadParent(sampleEvent('issues'), { state: 'closed' }, { buttons: true }))).toEqual([
      ACTION_OPEN,
      ACTION_REOPEN,
    ]);
    expect(ids(formatThreadParent(sampleEvent('pulls'), { state: 'merged' }, { buttons: true }))).toEqual([
      ACTION_OPEN,
    ]);
    const comment: ForgeEvent = sampleEvent('comments', { url: 'https://github.com/octo-org/hello-world/issues/12' });
    expect(ids(formatThreadParent(comment, { state: 'open' }, { buttons: true }))).toEqual([ACTION_OPEN, ACTION_CLOSE]);
    expect(ids(formatThreadParent(sampleEvent('issues'), { state: 'open' }))).toEqual([]);
  });

  it('stays within limits for hostile input', () => {
    for (const name of ['issues', 'pulls', 'confidential_issues', 'comments'] as const) {
      const event = hostileEvent(name, 'gitlab', 'opened');
      const m = formatThreadParent(
        event,
        {
          state: event.state,
          author: event.actor,
          body: event.title,
          last: { actor: event.actor, action: event.title },
        },
        { buttons: true },
      );
      expect(messageProblems(m)).toEqual([]);
    }
  });
});
