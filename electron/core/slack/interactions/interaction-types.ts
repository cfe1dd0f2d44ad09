import type { SettingsAccess } from '../../engine/settings-service.js';

/** One element of a `block_actions` payload's `actions`. */
export interface BlockAction {
  action_id: string;
  value?: string;
}

/** Who clicked or submitted, and where an answer goes. */
export interface InteractionContext {
  user: string;
  responseUrl?: string;
  triggerId?: string;
  /** The clicked message (block_actions): its channel, its ts, and the thread it is in (its own ts for a parent). */
  channel?: string;
  messageTs?: string;
  threadTs?: string;
}

/** One input's submitted state: text (`value`), checkboxes (`selected_options`), a timepicker (`selected_time`). */
export interface SubmittedInput {
  value?: string | null;
  /** Radio buttons and selects. */
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
  selected_time?: string | null;
}

/** A modal's submitted state: `values[block_id][action_id]`. */
export interface SubmittedView {
  callback_id?: string;
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, SubmittedInput>> };
}

export interface InteractionReply {
  /**
   * The ack payload, sent at once (Slack wants it within 3 s). For a modal: `{ response_action: 'errors', errors }`
   * shows problems beside the fields; nothing closes it.
   */
  ack?: Record<string, unknown>;
  /** Slow work after the ack (forge calls, answers through response_url). */
  later?: () => Promise<void>;
}

/**
 * A button: the `action_id`s it answers to and what a click does with the narrow port it declares. A new button is
 * one file exporting a `BlockActionHandler` and one line in interaction-registry.ts.
 */
export interface BlockActionHandler<P> {
  readonly actionIds: readonly string[];
  handle(action: BlockAction, ctx: InteractionContext, port: P): InteractionReply;
}

/** A modal's submission, by the `callback_id` the modal was opened with. Same recipe as a button. */
export interface ViewSubmissionHandler<P> {
  readonly callbackId: string;
  handle(view: SubmittedView, ctx: InteractionContext, port: P): InteractionReply;
}

/** Whether a Slack user may act with the configured forge credentials (paired, or listed in slack.commandUsers). */
export function isCommandUser(settings: Pick<SettingsAccess, 'current'>, user: string): boolean {
  return settings.current().slack.commandUsers.includes(user);
}
