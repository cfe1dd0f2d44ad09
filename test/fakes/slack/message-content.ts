import { isRecord, json, str } from './api-params.js';
import { validateBlocks } from './block-kit-limits.js';
import type { SlackMetadata } from './fake-types.js';
import { SlackApiError } from './web-api-types.js';

export const MAX_TEXT = 40_000;

export interface MessageContent {
  text: string;
  blocks: unknown[] | undefined;
  metadata: SlackMetadata | undefined;
  /** Neither text, blocks nor attachments were given. */
  empty: boolean;
}

export function readBlocks(
  params: Record<string, unknown>,
  surface: 'message' | 'modal' = 'message',
): unknown[] | undefined {
  const blocks = json(params, 'blocks', 'invalid_blocks_format');
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  const errors = validateBlocks(blocks, surface);
  if (errors.length > 0) {
    throw new SlackApiError('invalid_blocks', {
      errors,
      response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
    });
  }
  return blocks;
}

export function readMetadata(params: Record<string, unknown>): SlackMetadata | undefined {
  const metadata = json(params, 'metadata', 'invalid_metadata_format');
  if (metadata === undefined) return undefined;
  if (!isRecord(metadata) || typeof metadata.event_type !== 'string' || !isRecord(metadata.event_payload)) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return { event_type: metadata.event_type, event_payload: metadata.event_payload };
}

/** text + blocks + metadata of chat.postMessage-like arguments, validated the way Slack does. */
export function readMessageContent(params: Record<string, unknown>): MessageContent {
  const rawText = str(params, 'text') ?? '';
  const blocks = readBlocks(params);
  const metadata = readMetadata(params);
  const attachments = json(params, 'attachments', 'invalid_attachments');
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  const empty = rawText.trim().length === 0 && (blocks === undefined || blocks.length === 0) && !hasAttachments;
  return { text: rawText.slice(0, MAX_TEXT), blocks, metadata, empty };
}
