import { describe, expect, it } from 'vitest';
import type { Block, Button } from './block-types.js';
import {
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_CONTEXT_ELEMENTS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_ID,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
  enforceLimits,
  findLimitViolations,
} from './limits.js';

const long = (n: number): string => '😀x&amp;'.repeat(Math.ceil(n / 8)).slice(0, n);
const button = (i: number, extra: Partial<Button> = {}): Button => ({
  type: 'button',
  action_id: `a${i}`,
  text: { type: 'plain_text', text: long(200) },
  value: 'v',
  ...extra,
});

describe('Block Kit limits', () => {
  it('has the documented values', () => {
    expect([
      MAX_BLOCKS,
      MAX_SECTION_TEXT,
      MAX_SECTION_FIELDS,
      MAX_FIELD_TEXT,
      MAX_HEADER_TEXT,
      MAX_CONTEXT_ELEMENTS,
      MAX_ACTIONS_ELEMENTS,
      MAX_BUTTON_TEXT,
      MAX_ID,
    ]).toEqual([50, 3000, 10, 2000, 150, 10, 25, 75, 255]);
  });
});

describe('enforceLimits', () => {
  it('repairs every oversized part so no limit is broken', () => {
    const blocks: Block[] = [
      { type: 'section', block_id: 'b'.repeat(300), text: { type: 'mrkdwn', text: long(10_000) } },
      { type: 'section', fields: Array.from({ length: 15 }, () => ({ type: 'mrkdwn' as const, text: long(5000) })) },
      { type: 'header', text: { type: 'plain_text', text: long(1000) } },
      { type: 'context', elements: Array.from({ length: 20 }, () => ({ type: 'mrkdwn' as const, text: long(5000) })) },
      {
        type: 'actions',
        elements: Array.from({ length: 40 }, (_, i) => button(i, { action_id: 'x'.repeat(400) + i })),
      },
      {
        type: 'section',
        text: { type: 'plain_text', text: 'ok' },
        accessory: button(99, { url: `https://example.com/${'u'.repeat(4000)}` }),
      },
      ...Array.from({ length: 60 }, (): Block => ({ type: 'divider' })),
    ];
    expect(findLimitViolations(blocks).length).toBeGreaterThan(5);
    const fixed = enforceLimits(blocks);
    expect(findLimitViolations(fixed)).toEqual([]);
    expect(fixed).toHaveLength(MAX_BLOCKS);
    const section = fixed[0];
    expect(section?.type === 'section' && section.text?.text.endsWith('…')).toBe(true);
    const accessorySection = fixed[5];
    expect(accessorySection?.type === 'section' && accessorySection.accessory).toBeUndefined();
  });

  it('drops buttons whose value cannot be cut and removes blocks left empty', () => {
    const blocks: Block[] = [
      { type: 'actions', elements: [button(1, { value: 'v'.repeat(2001) })] },
      { type: 'context', elements: [] },
      { type: 'section', text: { type: 'mrkdwn', text: 'kept' } },
    ];
    expect(enforceLimits(blocks)).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'kept' } }]);
  });

  it('does not modify its input', () => {
    const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: long(400) } }];
    const copy = structuredClone(blocks);
    enforceLimits(blocks);
    expect(blocks).toEqual(copy);
  });

  it('keeps valid blocks as they are', () => {
    const blocks: Block[] = [
      { type: 'section', text: { type: 'mrkdwn', text: 'hi' } },
      { type: 'divider' },
      { type: 'actions', elements: [button(1, { text: { type: 'plain_text', text: 'Go' } })] },
    ];
    expect(enforceLimits(blocks)).toEqual(blocks);
  });
});
