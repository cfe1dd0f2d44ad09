import type { Block } from './block-types.js';
import { andMore, context, header, mrkdwn } from './block-builders.js';
import { MAX_BLOCKS, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from './limits.js';
import { link, truncate, truncateMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './block-types.js';
import { countText } from './count-text.js';

/**
 * Block Kit for a list of waiting work (the channel digest and `/forgebell todo`, docs/cli-and-config.md §5): a header,
 * one titled group after another, each line an item, and notes at the end. Within Slack's limits at any size by
 * construction: lines are packed into sections of at most 3,000 characters, the groups share the 50 blocks, and what
 * does not fit ends its group with "…and 37 more" linking to the forge's own search.
 */

export interface QueueGroup {
  title: string;
  /** Already-escaped mrkdwn lines, one per item, most urgent first. */
  lines: string[];
  /** The forge's own search listing the whole group (for "…and N more"), when there is one. */
  moreUrl: string | null;
}

export interface QueueMessageInput {
  title: string;
  /** The fallback text (notifications, screen readers): a one-line summary. */
  summary: string;
  groups: QueueGroup[];
  /** Said when no group has a line (nothing open). */
  empty: string;
  /** Notes shown small at the end (left-out repositories, a rate limit, staleness rule): escaped mrkdwn. */
  notes: string[];
}

/** Longest line of one item (a title cut with an ellipsis beyond it). */
export const LINE_MAX = 600;

export function formatQueueMessage(input: QueueMessageInput): SlackMessage {
  const blocks: Block[] = [header(input.title)];
  const groups = input.groups.filter((g) => g.lines.length > 0);
  const notes = input.notes.length > 0 ? 1 : 0;
  if (groups.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(input.empty) });
  } else {
    // Every group gets an equal share of the blocks left; a group that needs less leaves its share to the next.
    let left = MAX_BLOCKS - blocks.length - notes;
    groups.forEach((group, i) => {
      const share = Math.max(1, Math.floor(left / (groups.length - i)));
      const used = packGroup(group, share, blocks);
      left -= used;
    });
  }
  const noteBlock = context(input.notes.map((n) => truncateMrkdwn(n, 300)));
  if (noteBlock && blocks.length < MAX_BLOCKS) blocks.push(noteBlock);
  return { text: truncate(input.summary, MAX_FALLBACK_TEXT), blocks };
}

/** Packs one group's lines into at most `maxSections` sections; returns how many blocks it added. */
function packGroup(group: QueueGroup, maxSections: number, into: Block[]): number {
  const sections: string[] = [];
  let current = `*${group.title}* (${countText(group.lines.length)})`;
  let shown = 0;
  const moreLine = (hidden: number) => (group.moreUrl ? link(group.moreUrl, andMore(hidden)) : andMore(hidden));
  // Room kept in the last section for the "…and N more" line (its longest form).
  const reserve = moreLine(group.lines.length).length + 1;
  for (const raw of group.lines) {
    const line = truncateMrkdwn(raw, LINE_MAX);
    const last = sections.length === maxSections - 1;
    const room = MAX_SECTION_TEXT - (last ? reserve : 0);
    if (current.length + 1 + line.length <= room) {
      current += `\n${line}`;
      shown++;
      continue;
    }
    if (last) break;
    sections.push(current);
    current = line;
    shown++;
  }
  const hidden = group.lines.length - shown;
  if (hidden > 0) current += `\n${moreLine(hidden)}`;
  sections.push(current);
  for (const text of sections) into.push({ type: 'section', text: mrkdwn(text) });
  return sections.length;
}
