/**
 * Instant checks before asking Slack: the most common mistake is a token in the wrong field,
 * and the prefix says exactly which field it belongs in.
 */
export type SlackField = 'bot' | 'app' | 'webhook';

export function slackTokenShapeProblem(field: SlackField, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  if (/\s/.test(value)) return 'The pasted value contains spaces or line breaks; copy the token again.';
  if (field === 'bot') {
    if (value.startsWith('xoxb-')) return null;
    if (value.startsWith('xapp-'))
      return 'This is an app-level token (xapp-…). Paste it into the “App-level token” field; this field needs the bot token (xoxb-…).';
    if (value.startsWith('xoxp-'))
      return 'This is a user token (xoxp-…). Forgebell needs the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.';
    if (/^https?:\/\//i.test(value))
      return 'This is a URL. If it is an incoming webhook, choose “Incoming webhook only” above.';
    return 'A bot token starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).';
  }
  if (field === 'app') {
    if (value.startsWith('xapp-')) return null;
    if (value.startsWith('xoxb-'))
      return 'This is the bot token (xoxb-…). Paste it into the “Bot token” field; this field needs the app-level token (xapp-…).';
    if (value.startsWith('xoxp-'))
      return 'This is a user token (xoxp-…). The app-level token starts with xapp- (Basic Information → App-Level Tokens).';
    return 'An app-level token starts with xapp- (Basic Information → App-Level Tokens, scope connections:write).';
  }
  if (value.startsWith('xox') || value.startsWith('xapp-'))
    return 'This is a token, not a webhook URL. Choose “Bot token” above to use it.';
  if (!/^https?:\/\/[^\s/]+\/.+/i.test(value))
    return 'An incoming webhook URL looks like https://hooks.slack.com/services/T…/B…/….';
  return null;
}
