import type { Block, SlackMessage } from './block-types.js';
import { MAX_FALLBACK_TEXT, findLimitViolations } from './limits.js';

/**
 * Checks a built message the way a hostile-input test should: Block Kit limits, fallback text present and short,
 * no mrkdwn control sequence other than http(s) links and channel references, no unbroken broadcast mention, no lone
 * surrogate. Returns readable problems (empty when the message is safe to post).
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ALLOWED_SEQUENCE = /^(?:https?:\/\/[^\s|<>]+(?:\|[^|<>]*)?|#[CGD][A-Z0-9]+)$/;

interface TextPiece {
  where: string;
  text: string;
  mrkdwn: boolean;
}

function pieces(blocks: readonly Block[]): TextPiece[] {
  const out: TextPiece[] = [];
  blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    switch (block.type) {
      case 'section':
        if (block.text) out.push({ where: `${at}.text`, text: block.text.text, mrkdwn: block.text.type === 'mrkdwn' });
        block.fields?.forEach((f, j) =>
          out.push({ where: `${at}.fields[${j}]`, text: f.text, mrkdwn: f.type === 'mrkdwn' }),
        );
        break;
      case 'header':
        out.push({ where: `${at}.text`, text: block.text.text, mrkdwn: false });
        break;
      case 'context':
        block.elements.forEach((e, j) => {
          if (e.type === 'mrkdwn' || e.type === 'plain_text')
            out.push({ where: `${at}.elements[${j}]`, text: e.text, mrkdwn: e.type === 'mrkdwn' });
        });
        break;
      case 'actions':
        block.elements.forEach((e, j) => {
          if (e.type === 'button') {
            out.push({ where: `${at}.elements[${j}].text`, text: e.text.text, mrkdwn: false });
            if (e.value !== undefined) out.push({ where: `${at}.elements[${j}].value`, text: e.value, mrkdwn: false });
          }
        });
        break;
      case 'divider':
        break;
    }
  });
  return out;
}

/** Problems with one mrkdwn string (see module comment). */
export function mrkdwnProblems(text: string): string[] {
  const problems: string[] = [];
  const rest = text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    if (!ALLOWED_SEQUENCE.test(inner)) problems.push(`control sequence <${inner.slice(0, 60)}>`);
    return '';
  });
  // `>` is allowed only as a quote marker at the start of a line.
  if (rest.includes('<') || /[^\n]>/.test(rest)) problems.push('raw < or > outside a link');
  if (/@(channel|here|everyone)\b/i.test(text)) problems.push('broadcast mention');
  return problems;
}

export function messageProblems(message: SlackMessage): string[] {
  const problems = findLimitViolations(message.blocks);
  if (message.text.trim() === '') problems.push('fallback text is empty');
  if (message.text.length >= 4000 || message.text.length > MAX_FALLBACK_TEXT)
    problems.push(`fallback text is ${message.text.length} characters`);
  for (const p of mrkdwnProblems(message.text)) problems.push(`text: ${p}`);
  if (LONE_SURROGATE.test(message.text)) problems.push('text: lone surrogate');
  for (const piece of pieces(message.blocks)) {
    if (LONE_SURROGATE.test(piece.text)) problems.push(`${piece.where}: lone surrogate`);
    if (piece.mrkdwn) for (const p of mrkdwnProblems(piece.text)) problems.push(`${piece.where}: ${p}`);
  }
  return problems;
}
