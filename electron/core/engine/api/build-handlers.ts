import type { ApiHandlers } from '../../../contract/api.js';
import { type AccountHandlersPort, accountHandlers } from './account-handlers.js';
import { type ConfigHandlersPort, configHandlers } from './config-handlers.js';
import { type DigestHandlersPort, digestHandlers } from './digest-handlers.js';
import { type EngineHandlersPort, engineHandlers } from './engine-handlers.js';
import { type FeedHandlersPort, feedHandlers } from './feed-handlers.js';
import { type PairingHandlersPort, pairingHandlers } from './pairing-handlers.js';
import { type PeopleHandlersPort, peopleHandlers } from './people-handlers.js';
import { type SettingsHandlersPort, settingsHandlers } from './settings-handlers.js';
import { type SlackHandlersPort, slackHandlers } from './slack-handlers.js';
import { type SubscriptionHandlersPort, subscriptionHandlers } from './subscription-handlers.js';

/** Every domain's port: the engine hands one object that implements them all; each domain sees only its own. */
export type ApiPorts = SettingsHandlersPort &
  SlackHandlersPort &
  AccountHandlersPort &
  SubscriptionHandlersPort &
  FeedHandlersPort &
  PairingHandlersPort &
  EngineHandlersPort &
  ConfigHandlersPort &
  PeopleHandlersPort &
  DigestHandlersPort;

/** Every contract method, from the domain modules. Params arrive already validated by the transport. */
export function buildHandlers(ports: ApiPorts): ApiHandlers {
  return {
    ...settingsHandlers(ports),
    ...slackHandlers(ports),
    ...accountHandlers(ports),
    ...subscriptionHandlers(ports),
    ...feedHandlers(ports),
    ...pairingHandlers(ports),
    ...engineHandlers(ports),
    ...configHandlers(ports),
    ...peopleHandlers(ports),
    ...digestHandlers(ports),
  };
}
