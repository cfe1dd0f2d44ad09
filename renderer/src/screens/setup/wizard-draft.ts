import type { Subscription } from '../../../../electron/contract/schemas.js';
import type { SubscriptionForm } from '../subscriptions/subscription-form.js';
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
    /** The subscription form as typed (null until the step is first shown: it starts from the first account). */
    form: SubscriptionForm | null;
    created: Subscription | null;
    /** The subscription made here, back in the form to be changed (saving updates it rather than adding another). */
    editing: Subscription | null;
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
    subscribe: { form: null, created: null, editing: null },
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
