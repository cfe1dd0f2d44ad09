import type { RedactedSettings } from '../../../electron/contract/schemas.js';
import type { Route } from './route.js';

/** Where the app opens when the URL names no screen: the wizard until Slack and a forge account exist. */
export function startRoute(settings: RedactedSettings): Route {
  const slackReady = settings.slack.botTokenSet || settings.slack.webhookUrlSet;
  if (!slackReady || settings.accounts.length === 0) return { screen: 'setup', step: 'welcome' };
  return { screen: 'feed', step: 'welcome' };
}
