import { useApi } from '../api/api-context.js';
import { useRemote, type Remote } from '../api/use-remote.js';

export type ChannelList = { channels: { id: string; name: string }[]; error: string | null };

/** Channels the bot can see (none with only a webhook: then `error` says why). Loaded when `enabled`. */
export function useSlackChannels(enabled = true): Remote<ChannelList | null> {
  const api = useApi();
  return useRemote(() => (enabled ? api.call('slack.channels', {}) : Promise.resolve(null)), [api, enabled]);
}
