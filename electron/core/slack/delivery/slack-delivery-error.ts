/** Slack errors after which retrying cannot help: the user must act. Each has a fix-it sentence. */
const PERMANENT_FIXES: Record<string, string> = {
  channel_not_found:
    'The channel does not exist or the bot cannot see it. Check the channel name, or invite the bot (/invite @Forgebell) to a private channel.',
  not_in_channel:
    'The bot is not in this channel. Invite it with /invite @Forgebell, or grant the chat:write.public scope.',
  is_archived: 'The channel is archived. Unarchive it or point the subscription at another channel.',
  channel_is_archived: 'The channel is archived. Unarchive it or point the subscription at another channel.',
  invalid_auth: 'Slack rejected the bot token. Paste a fresh xoxb- token in Setup → Slack.',
  not_authed: 'No Slack token was sent. Add the bot token in Setup → Slack.',
  token_revoked: 'The Slack token was revoked. Reinstall the app to the workspace and paste the new bot token.',
  account_inactive: 'The Slack app or its workspace is inactive. Reinstall the app and paste the new token.',
  missing_scope:
    'The Slack app lacks a scope. Add it under OAuth & Permissions, reinstall the app, and paste the new token.',
  invalid_blocks:
    'Slack refused the message layout (invalid_blocks). This is a Forgebell bug: please report it with the log.',
  invalid_blocks_format: 'Slack refused the message layout. This is a Forgebell bug: please report it with the log.',
  msg_blocks_too_long: 'The message was too long for Slack. This is a Forgebell bug: please report it with the log.',
  no_text: 'The message had no text. This is a Forgebell bug: please report it.',
  action_prohibited: 'The workspace admin does not allow this webhook to post. Ask them, or use the bot token.',
  invalid_payload: 'Slack refused the webhook payload. This is a Forgebell bug: please report it with the log.',
  no_service: 'The incoming webhook was removed or disabled. Create a new one and paste its URL.',
  not_allowed_token_type: 'This token type cannot post messages. Use the bot token (xoxb-).',
  user_not_found:
    "Slack does not know this user (deleted, or from another workspace). Check the person's Slack ID on the People screen.",
  user_disabled: 'This Slack user is deactivated. Remove them from People, or correct their Slack ID.',
  cannot_dm_bot: "This Slack ID belongs to a bot. Set the person's own member ID on the People screen.",
  messages_tab_disabled:
    "The app's Messages tab is off, so it cannot send DMs: turn on App Home → Messages Tab in the Slack app's settings.",
};

/**
 * Slack errors after which Slack may still have done what was asked: "It's possible some aspect of the operation
 * succeeded before the error was raised" (Slack's words for internal_error and fatal_error).
 */
const UNCERTAIN_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      permanent: boolean;
      retryAfterMs?: number;
      neededScope?: string;
      /** The request may have reached Slack and been carried out (lost answer, reset, timeout, 5xx). */
      uncertain?: boolean;
    },
  ) {
    super(message);
  }

  get permanent(): boolean {
    return this.options.permanent;
  }

  /** Whether a post that failed this way may exist in Slack all the same: look before sending again. */
  get uncertain(): boolean {
    return this.options.uncertain === true;
  }

  /** A sentence telling the user what to do. */
  get fix(): string | null {
    if (this.code === 'missing_scope' && this.options.neededScope) {
      return `The Slack app lacks the ${this.options.neededScope} scope. Add it under OAuth & Permissions, reinstall the app, and paste the new token.`;
    }
    return PERMANENT_FIXES[this.code] ?? null;
  }
}

export function slackErrorFromCode(
  code: string,
  extra: { neededScope?: string; status?: number } = {},
): SlackDeliveryError {
  const permanent = code in PERMANENT_FIXES;
  return new SlackDeliveryError(code, `Slack: ${code}${extra.neededScope ? ` (needs ${extra.neededScope})` : ''}`, {
    permanent,
    ...(extra.neededScope ? { neededScope: extra.neededScope } : {}),
    ...(UNCERTAIN_CODES.has(code) ? { uncertain: true } : {}),
  });
}
