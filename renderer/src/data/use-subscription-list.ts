import type { Subscription } from '../../../electron/contract/schemas.js';
import { useApi, usePush } from '../api/api-context.js';
import { useRemote, type Remote } from '../api/use-remote.js';

/** All subscriptions (including ones made by slash commands), kept current by `subscriptions` pushes. */
export function useSubscriptionList(): Remote<Subscription[]> {
  const api = useApi();
  const remote = useRemote(() => api.call('subscriptions.list', {}), [api]);
  usePush('subscriptions', (list) => remote.setData(() => list));
  return remote;
}
