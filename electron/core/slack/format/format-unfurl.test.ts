import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../contract/vocabulary/event-names.js';
import { formatUnfurl } from './format-unfurl.js';
import { hostileEvent } from '../../../../test/fixtures/hostile-events.js';
import { messageProblems } from './message-safety.js';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';

describe('formatUnfurl', () => {
  it('previews an issue with title, state, excerpt and labels', () => {
    const blocks = formatUnfurl(sampleEvent('issues'));
    const json = JSON.stringify(blocks);
    expect(json).toContain('*<https://github.com/octo-org/hello-world/issues/12|#12 Login fails on Safari>*');
    expect(json).toContain(':large_green_circle: Open · Issue in');
    expect(json).toContain('>Steps to reproduce:');
    expect(json).toContain(':label: bug, ui');
    expect(blocks.length).toBeLessThanOrEqual(3);
  });

  it('previews a merged merge request', () => {
    const json = JSON.stringify(formatUnfurl(sampleEvent('pulls', { state: 'merged' }, 'gitlab')));
    expect(json).toContain(':large_purple_circle: Merged · Merge request');
    expect(json).toContain('!7 Redirect after login');
  });

  it('reveals nothing but the number of a confidential issue', () => {
    const json = JSON.stringify(formatUnfurl(sampleEvent('confidential_issues', {}, 'gitlab')));
    expect(json).toContain(':lock: Confidential issue #12 in');
    expect(json).not.toContain('Login fails');
    expect(json).not.toContain('Steps to reproduce');
  });

  it('is compact and valid for every event name, even hostile ones', () => {
    for (const name of EVENT_NAMES) {
      for (const event of [
        sampleEvent(name),
        hostileEvent(name, 'github', 'opened'),
        hostileEvent(name, 'gitlab', 'closed', 'javascript'),
      ]) {
        const blocks = formatUnfurl(event);
        expect(blocks.length).toBeGreaterThan(0);
        expect(blocks.length).toBeLessThanOrEqual(3);
        expect(messageProblems({ text: 'preview', blocks })).toEqual([]);
      }
    }
  });
});
