/**
 * The Block Kit shapes Forgebell produces, taken from `@slack/types` (a dependency of `@slack/web-api`), so the
 * messages are assignable to the Web API's `blocks` argument without casts.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';

export type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
};

/** Every block kind Forgebell's formatters emit. */
export type Block = SectionBlock | HeaderBlock | ContextBlock | ActionsBlock | DividerBlock;

/** A ready-to-post message: `text` is the notification/fallback text (always present, < 4,000 characters). */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
