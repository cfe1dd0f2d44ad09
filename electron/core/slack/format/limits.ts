import type { ActionsBlock, Block, Button, ContextBlock, HeaderBlock, SectionBlock } from './block-types.js';
import { truncate, truncateMrkdwn } from './mrkdwn.js';

/** Block Kit limits (from `@slack/types` and Slack's reference). */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_CONTEXT_ELEMENTS = 10;
/** Text of one context element: we hold it to the field limit, well inside what Slack accepts. */
export const MAX_CONTEXT_TEXT = 2000;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BUTTON_URL = 3000;
export const MAX_ID = 255;
/** Slack truncates `text` past 40,000 and recommends < 4,000; our fallback text stays at or under this. */
export const MAX_FALLBACK_TEXT = 3000;

type TextLike = { type: 'plain_text' | 'mrkdwn'; text: string };

function cutText<T extends TextLike>(object: T, max: number): T {
  if (object.text.length <= max) return object;
  return { ...object, text: object.type === 'mrkdwn' ? truncateMrkdwn(object.text, max) : truncate(object.text, max) };
}

function cutId(id: string | undefined): string | undefined {
  return id === undefined || id.length <= MAX_ID ? id : id.slice(0, MAX_ID);
}

function withBlockId<T extends Block>(block: T): T {
  return block.block_id !== undefined && block.block_id.length > MAX_ID
    ? { ...block, block_id: cutId(block.block_id) }
    : block;
}

/** A button within limits, or null when its value or URL is too long to keep (they cannot be cut meaningfully). */
function fixButton(button: Button): Button | null {
  if (button.value !== undefined && button.value.length > MAX_BUTTON_VALUE) return null;
  if (button.url !== undefined && button.url.length > MAX_BUTTON_URL) return null;
  const fixed: Button = { ...button, text: cutText(button.text, MAX_BUTTON_TEXT) };
  if (button.action_id !== undefined) fixed.action_id = cutId(button.action_id);
  return fixed;
}

function fixSection(block: SectionBlock): SectionBlock | null {
  const fixed: SectionBlock = { ...block };
  if (block.text !== undefined) fixed.text = cutText(block.text, MAX_SECTION_TEXT);
  if (block.fields !== undefined)
    fixed.fields = block.fields.slice(0, MAX_SECTION_FIELDS).map((f) => cutText(f, MAX_FIELD_TEXT));
  if (block.accessory !== undefined && block.accessory.type === 'button') {
    const button = fixButton(block.accessory);
    if (button === null) delete fixed.accessory;
    else fixed.accessory = button;
  }
  const hasText = fixed.text !== undefined && fixed.text.text.length > 0;
  const hasFields = fixed.fields !== undefined && fixed.fields.length > 0;
  return hasText || hasFields ? fixed : null;
}

function fixHeader(block: HeaderBlock): HeaderBlock {
  return { ...block, text: cutText(block.text, MAX_HEADER_TEXT) };
}

function fixContext(block: ContextBlock): ContextBlock | null {
  const elements = block.elements
    .slice(0, MAX_CONTEXT_ELEMENTS)
    .map((e) => (e.type === 'mrkdwn' || e.type === 'plain_text' ? cutText(e, MAX_CONTEXT_TEXT) : e));
  return elements.length > 0 ? { ...block, elements } : null;
}

function fixActions(block: ActionsBlock): ActionsBlock | null {
  const elements: ActionsBlock['elements'] = [];
  for (const element of block.elements) {
    if (elements.length >= MAX_ACTIONS_ELEMENTS) break;
    if (element.type === 'button') {
      const button = fixButton(element);
      if (button !== null) elements.push(button);
    } else {
      elements.push(
        element.action_id !== undefined && element.action_id.length > MAX_ID
          ? { ...element, action_id: cutId(element.action_id) }
          : element,
      );
    }
  }
  return elements.length > 0 ? { ...block, elements } : null;
}

function fixBlock(block: Block): Block | null {
  switch (block.type) {
    case 'section':
      return fixSection(block);
    case 'header':
      return fixHeader(block);
    case 'context':
      return fixContext(block);
    case 'actions':
      return fixActions(block);
    case 'divider':
      return block;
  }
}

/**
 * Last line of defence before posting: returns a copy of `blocks` that respects every Block Kit limit. Texts are cut
 * with an ellipsis, lists are shortened, buttons whose value/URL is too long are dropped, and blocks left empty are
 * removed. The formatters already stay within limits by construction; this only guards against regressions.
 */
export function enforceLimits(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (out.length >= MAX_BLOCKS) break;
    const fixed = fixBlock(block);
    if (fixed !== null) out.push(withBlockId(fixed));
  }
  return out;
}

function checkText(problems: string[], where: string, object: TextLike | undefined, max: number): void {
  if (object !== undefined && object.text.length > max)
    problems.push(`${where}: ${object.text.length} > ${max} characters`);
}

function checkButton(problems: string[], where: string, button: Button): void {
  checkText(problems, `${where}.text`, button.text, MAX_BUTTON_TEXT);
  if ((button.value?.length ?? 0) > MAX_BUTTON_VALUE) problems.push(`${where}.value too long`);
  if ((button.url?.length ?? 0) > MAX_BUTTON_URL) problems.push(`${where}.url too long`);
  if ((button.action_id?.length ?? 0) > MAX_ID) problems.push(`${where}.action_id too long`);
}

/** Every Block Kit limit the blocks break, as readable strings (empty when valid). Used by tests and diagnostics. */
export function findLimitViolations(blocks: readonly Block[]): string[] {
  const problems: string[] = [];
  if (blocks.length > MAX_BLOCKS) problems.push(`${blocks.length} blocks > ${MAX_BLOCKS}`);
  blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    if ((block.block_id?.length ?? 0) > MAX_ID) problems.push(`${at}.block_id too long`);
    switch (block.type) {
      case 'section':
        checkText(problems, `${at}.text`, block.text, MAX_SECTION_TEXT);
        if (block.text === undefined && (block.fields ?? []).length === 0)
          problems.push(`${at} has neither text nor fields`);
        if ((block.fields?.length ?? 0) > MAX_SECTION_FIELDS)
          problems.push(`${at}.fields: more than ${MAX_SECTION_FIELDS}`);
        block.fields?.forEach((f, j) => checkText(problems, `${at}.fields[${j}]`, f, MAX_FIELD_TEXT));
        if (block.accessory?.type === 'button') checkButton(problems, `${at}.accessory`, block.accessory);
        break;
      case 'header':
        checkText(problems, `${at}.text`, block.text, MAX_HEADER_TEXT);
        break;
      case 'context':
        if (block.elements.length === 0) problems.push(`${at} has no elements`);
        if (block.elements.length > MAX_CONTEXT_ELEMENTS)
          problems.push(`${at}: more than ${MAX_CONTEXT_ELEMENTS} elements`);
        block.elements.forEach((e, j) => {
          if (e.type === 'mrkdwn' || e.type === 'plain_text')
            checkText(problems, `${at}.elements[${j}]`, e, MAX_CONTEXT_TEXT);
        });
        break;
      case 'actions':
        if (block.elements.length === 0) problems.push(`${at} has no elements`);
        if (block.elements.length > MAX_ACTIONS_ELEMENTS)
          problems.push(`${at}: more than ${MAX_ACTIONS_ELEMENTS} elements`);
        block.elements.forEach((e, j) => {
          if (e.type === 'button') checkButton(problems, `${at}.elements[${j}]`, e);
        });
        break;
      case 'divider':
        break;
    }
  });
  return problems;
}
