import { DEFAULT_EVENTS, type EventName } from '../../../../electron/core/events/event-names.js';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import type { PresetId } from './forge-presets.js';

/** Everything typed in the wizard, kept while moving between steps. Tokens live only here and in the engine. */
export interface WizardDraft {
  slack: { mode: 'bot' | 'webhook'; botToken: string; appToken: string; webhookUrl: string; defaultChannel: string | null; format: 'yaml' | 'json'; apiUrl: string | null };
  forge: { preset: PresetId; host: string; token: string; caFile: string; accountId: string | null; apiUrl: string };
  subscribe: { account: string | null; repoQuery: string; repo: string; events: EventName[]; channelQuery: string; channel: string; created: Subscription | null };
}

export function emptyDraft(): WizardDraft {
  return {
    slack: { mode: 'bot', botToken: '', appToken: '', webhookUrl: '', defaultChannel: null, format: 'yaml', apiUrl: null },
    forge: { preset: 'github', host: '', token: '', caFile: '', accountId: null, apiUrl: '' },
    subscribe: { account: null, repoQuery: '', repo: '', events: [...DEFAULT_EVENTS], channelQuery: '', channel: '', created: null },
  };
}
