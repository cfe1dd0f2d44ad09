import { describe, expect, it } from 'vitest';
import { newForm } from '../subscriptions/subscription-form.js';
import { emptyDraft, withoutSecrets } from './wizard-draft.js';

describe('the wizard draft kept while Setup is closed', () => {
  it('keeps what was typed but no token or webhook URL', () => {
    const draft = emptyDraft();
    draft.slack = {
      ...draft.slack,
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      webhookUrl: 'https://hooks.slack.com/services/T/B/x',
      defaultChannel: 'eng',
    };
    draft.forge = {
      ...draft.forge,
      preset: 'ghes',
      host: 'github.example.com',
      token: 'ghp_secret',
      caFile: '/etc/ca.pem',
    };
    draft.subscribe = { ...draft.subscribe, form: { ...newForm('github'), repo: 'octo/app' } };
    const kept = withoutSecrets(draft);
    expect(JSON.stringify(kept)).not.toMatch(/xoxb-1|xapp-1|hooks\.slack\.com|ghp_secret/);
    expect(kept.slack.defaultChannel).toBe('eng');
    expect(kept.forge).toMatchObject({ preset: 'ghes', host: 'github.example.com', caFile: '/etc/ca.pem', token: '' });
    expect(kept.subscribe.form?.repo).toBe('octo/app');
  });
});
