import { DEFAULT_EVENTS, type EventName } from '../../../../electron/contract/vocabulary/event-names.js';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import type { PresetId } from './forge-presets.js';

/** Everything typed in the wizard, kept while moving between steps. Tokens live only here and in the engine. */
export interface WizardDraft {
  slack: {
    mode: 'bot' | 'webhook';
    botToken: string;
    appToken: string;
    webhookUrl: string;
    defaultChannel: string | null;
    format: 'yaml' | 'json';
    apiUrl: string | null;
  };
  forge: { preset: PresetId; host: string; token: string; caFile: string; accountId: string | null; apiUrl: string };
  subscribe: {
    account: string | null;
    repoQuery: string;
    repo: string;
    events: EventName[];
    channelQuery: string;
    channel: string;
    created: Subscription | null;
  };
}

export function emptyDraft(): WizardDraft {
  return {
    slack: {
      mode: 'bot',
      botToken: '',
      appToken: '',
      webhookUrl: '',
      defaultChannel: null,
      format: 'yaml',
      apiUrl: null,
    },
    forge: { preset: 'github', host: '', token: '', caFile: '', accountId: null, apiUrl: '' },
    subscribe: {
      account: null,
      repoQuery: '',
      repo: '',
      events: [...DEFAULT_EVENTS],
      channelQuery: '',
      channel: '',
      created: null,
    },
  };
}

/**
 * What the app keeps of the wizard when you leave Setup (to look something up in Subscriptions or Settings, say):
 * everything you typed except secrets, which are only ever held while the step is on screen.
 */
export function withoutSecrets(draft: WizardDraft): WizardDraft {
  return {
    slack: { ...draft.slack, botToken: '', appToken: '', webhookUrl: '' },
    forge: { ...draft.forge, token: '' },
    subscribe: { ...draft.subscribe },
  };
}
