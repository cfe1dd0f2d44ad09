import { useApi, usePush } from '../api/api-context.js';
import { useRemote } from '../api/use-remote.js';

/** The channel digests (reloaded when settings change elsewhere: an import, a subscription that moved channel). */
export function useDigests() {
  const api = useApi();
  const remote = useRemote(() => api.call('digests.list', {}), [api]);
  usePush('subscriptions', () => remote.reload());
  return remote;
}
