import { SlackFakeServer } from './slack-fake.js';
import type { SlackFake, SlackFakeOptions } from './fake-types.js';

export type * from './fake-types.js';
export { DEFAULT_SCOPES } from './fake-state.js';
export { validateBlocks } from './block-kit-limits.js';

/**
 * Starts a fake of Slack (Web API, incoming webhooks, response_urls, Socket Mode) on 127.0.0.1, port 0.
 * Point `@slack/web-api` at `fake.apiUrl` (`slackApiUrl`) and `@slack/socket-mode` at it through
 * `clientOptions: { slackApiUrl: fake.apiUrl }`. Call `close()` when done.
 */
export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const fake = new SlackFakeServer(options);
  await fake.listen();
  return fake;
}
export { silentSlackLogger } from './silent-slack-logger.js';
