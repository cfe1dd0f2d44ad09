import { useApi, usePush } from '../api/api-context.js';
import { useRemote } from '../api/use-remote.js';

/** The People list (reloaded when the settings change: a sign-in from Slack, an import). */
export function usePeople() {
  const api = useApi();
  const remote = useRemote(() => api.call('people.list', {}), [api]);
  usePush('subscriptions', () => remote.reload());
  return remote;
}
