/**
 * Block Kit validation with the limits Slack documents for Block Kit (api.slack.com/reference/block-kit), as @slack/types describes the blocks.
 * Returns Slack-style error strings ("… [json-pointer:/blocks/0/text]"); empty means valid.
 */

type Surface = 'message' | 'modal';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100 };
const KNOWN_BLOCKS = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'image',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
]);
const INTERACTIVE_ELEMENTS = new Set([
  'button',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly errors: string[] = [];
  private readonly blockIds = new Set<string>();

  fail(message: string, pointer: string): void {
    this.errors.push(`${message} [json-pointer:${pointer}]`);
  }

  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) this.fail(`must be less than ${max + 1} characters`, pointer);
  }

  text(value: unknown, pointer: string, max: number, plainOnly = false): void {
    if (!isRecord(value)) return this.fail('must provide an object', pointer);
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      return this.fail(`must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`, `${pointer}/type`);
    }
    if (typeof value.text !== 'string' || value.text.length === 0)
      return this.fail('must be more than 0 characters', `${pointer}/text`);
    this.maxLength(value.text, max, `${pointer}/text`);
  }

  blockId(block: Record<string, unknown>, pointer: string): void {
    if (block.block_id === undefined) return;
    if (typeof block.block_id !== 'string') return this.fail('must be a string', `${pointer}/block_id`);
    this.maxLength(block.block_id, 255, `${pointer}/block_id`);
    if (this.blockIds.has(block.block_id)) this.fail(`duplicate block_id "${block.block_id}"`, `${pointer}/block_id`);
    this.blockIds.add(block.block_id);
  }

  element(el: unknown, pointer: string, actionIds?: Set<string>): void {
    if (!isRecord(el) || typeof el.type !== 'string') return this.fail('must provide an object with a type', pointer);
    if (el.type === 'image') {
      this.maxLength(el.image_url, 3000, `${pointer}/image_url`);
      if (typeof el.alt_text !== 'string') this.fail('must provide a string', `${pointer}/alt_text`);
      return;
    }
    if (!INTERACTIVE_ELEMENTS.has(el.type))
      return this.fail(`unsupported element type "${el.type}"`, `${pointer}/type`);
    if (el.action_id !== undefined) {
      if (typeof el.action_id !== 'string') return this.fail('must be a string', `${pointer}/action_id`);
      this.maxLength(el.action_id, 255, `${pointer}/action_id`);
      if (actionIds?.has(el.action_id)) this.fail(`duplicate action_id "${el.action_id}"`, `${pointer}/action_id`);
      actionIds?.add(el.action_id);
    }
    if (el.type === 'button') {
      this.text(el.text, `${pointer}/text`, 75, true);
      this.maxLength(el.value, 2000, `${pointer}/value`);
      this.maxLength(el.url, 3000, `${pointer}/url`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
        this.fail('must be one of "primary", "danger"', `${pointer}/style`);
    }
  }

  block(block: unknown, pointer: string): void {
    if (!isRecord(block) || typeof block.type !== 'string')
      return this.fail('must provide an object with a type', pointer);
    if (!KNOWN_BLOCKS.has(block.type)) return this.fail(`unsupported type "${block.type}"`, `${pointer}/type`);
    this.blockId(block, pointer);
    switch (block.type) {
      case 'section':
        return this.section(block, pointer);
      case 'header':
        return this.text(block.text, `${pointer}/text`, 150, true);
      case 'context':
        return this.list(block.elements, 10, pointer, (el, p) =>
          isRecord(el) && el.type === 'image' ? this.element(el, p) : this.text(el, p, 3000),
        );
      case 'actions': {
        const ids = new Set<string>();
        return this.list(block.elements, 25, pointer, (el, p) => this.element(el, p, ids));
      }
      case 'image':
        if (typeof block.image_url !== 'string' && !isRecord(block.slack_file))
          this.fail('must provide image_url or slack_file', pointer);
        this.maxLength(block.image_url, 3000, `${pointer}/image_url`);
        if (typeof block.alt_text !== 'string') this.fail('must provide a string', `${pointer}/alt_text`);
        this.maxLength(block.alt_text, 2000, `${pointer}/alt_text`);
        if (block.title !== undefined) this.text(block.title, `${pointer}/title`, 2000, true);
        return;
      case 'input':
        this.text(block.label, `${pointer}/label`, 2000, true);
        if (block.element === undefined) return this.fail('must provide an object', `${pointer}/element`);
        return this.element(block.element, `${pointer}/element`);
      case 'markdown':
        if (typeof block.text !== 'string') return this.fail('must provide a string', `${pointer}/text`);
        return this.maxLength(block.text, 12_000, `${pointer}/text`);
      case 'rich_text':
        if (!Array.isArray(block.elements)) this.fail('must provide an array', `${pointer}/elements`);
        return;
      default:
        return;
    }
  }

  private section(block: Record<string, unknown>, pointer: string): void {
    if (block.text === undefined && block.fields === undefined)
      return this.fail('must provide text or fields', pointer);
    if (block.text !== undefined) this.text(block.text, `${pointer}/text`, 3000);
    if (block.fields !== undefined)
      this.list(block.fields, 10, `${pointer}/fields`, (f, p) => this.text(f, p, 2000), true);
    if (block.accessory !== undefined) this.element(block.accessory, `${pointer}/accessory`);
  }

  private list(
    value: unknown,
    max: number,
    pointer: string,
    each: (item: unknown, pointer: string) => void,
    pointerIsList = false,
  ): void {
    const listPointer = pointerIsList ? pointer : `${pointer}/elements`;
    if (!Array.isArray(value)) return this.fail('must provide an array', listPointer);
    if (value.length === 0) return this.fail('must provide at least 1 item', listPointer);
    if (value.length > max) return this.fail(`no more than ${max} items allowed`, listPointer);
    value.forEach((item, i) => each(item, `${listPointer}/${i}`));
  }
}

export function validateBlocks(blocks: unknown, surface: Surface = 'message'): string[] {
  const checker = new Checker();
  if (!Array.isArray(blocks)) {
    checker.fail('must provide an array', '/blocks');
    return checker.errors;
  }
  if (blocks.length > MAX_BLOCKS[surface]) {
    checker.fail(`no more than ${MAX_BLOCKS[surface]} items allowed`, '/blocks');
    return checker.errors;
  }
  blocks.forEach((block, i) => checker.block(block, `/blocks/${i}`));
  return checker.errors;
}
