import type { PreviewBlock } from '../../../contract/schemas.js';
import type { Block } from '../../slack/format/block-types.js';

/**
 * A posted message's Block Kit, flattened for the app to show readably: each block's texts in the order Slack shows
 * them and its buttons as links. Nothing is reworded: the texts are the blocks' own (mrkdwn stays mrkdwn).
 */
export function previewBlocks(blocks: readonly Block[]): PreviewBlock[] {
  return blocks.map((block): PreviewBlock => {
    switch (block.type) {
      case 'header':
        return { type: 'header', texts: [block.text.text], links: [] };
      case 'section':
        return {
          type: 'section',
          texts: [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)],
          links: [],
        };
      case 'context':
        return {
          type: 'context',
          texts: block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : [])),
          links: [],
        };
      case 'actions':
        return {
          type: 'actions',
          texts: [],
          links: block.elements.flatMap((e) =>
            e.type === 'button' && e.url ? [{ text: e.text.text, url: e.url }] : [],
          ),
        };
      case 'divider':
        return { type: 'divider', texts: [], links: [] };
    }
  });
}
