/**
 * Where the fix for a delivery that failed is made, by the error code Slack (or the transport) gave: the tokens and
 * scopes in Setup → Slack, the subscription (its channel), or Diagnostics (a bug, the network). Shared by the engine
 * (it records the place with each failure) and the UI (the button that goes there).
 */
export const FIX_PLACES = ['slack', 'subscription', 'diagnostics'] as const;
export type FixPlace = (typeof FIX_PLACES)[number];

/** Errors a different token, a reinstall or a new scope fixes: Slack as a whole, not one channel. */
export const TOKEN_ERROR_CODES: readonly string[] = [
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
  'action_prohibited',
  'no_service',
];

/** Errors about one channel: its name, the bot's membership, or its archival. Fixed in Slack or on the subscription. */
/** Of those, the ones a bot token that works again fixes (the rest are an incoming webhook's). */
export const BOT_TOKEN_ERROR_CODES: readonly string[] = TOKEN_ERROR_CODES.filter(
  (c) => c !== 'action_prohibited' && c !== 'no_service',
);

export const CHANNEL_ERROR_CODES: readonly string[] = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
];

export function fixPlaceOf(code: string | null): FixPlace | null {
  if (code === null) return null;
  if (TOKEN_ERROR_CODES.includes(code)) return 'slack';
  if (CHANNEL_ERROR_CODES.includes(code)) return 'subscription';
  return 'diagnostics';
}
