import { useCallback, useId, useMemo, useState } from 'react';
import type { VerifyResult } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { VerifyResultView } from '../../components/VerifyResultView.js';
import { validateApiUrl } from './forge-presets.js';
import { ManifestPanel } from './ManifestPanel.js';
import { slackTokenShapeProblem } from './slack-token-shape.js';
import { SlackTokenField } from './SlackTokenField.js';
import type { WizardDraft } from './wizard-draft.js';
import { WizardNav } from './WizardNav.js';

type Draft = WizardDraft['slack'];

export function SlackStep({
  draft,
  update,
  next,
  back,
}: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  next: () => void;
  back: () => void;
}) {
  const api = useApi();
  const id = useId();
  const { settings, reload } = useSettings();
  const [saving, setSaving] = useState(false);
  const [saveResult, setSaveResult] = useState<VerifyResult | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const saved = settings?.slack;
  const defaultChannel = draft.defaultChannel ?? saved?.defaultChannel ?? '';
  const bot = draft.botToken.trim();
  const app = draft.appToken.trim();
  const hook = draft.webhookUrl.trim();

  const shapeOk =
    draft.mode === 'bot'
      ? !slackTokenShapeProblem('bot', bot) && !slackTokenShapeProblem('app', app)
      : !slackTokenShapeProblem('webhook', hook);
  const haveNew = draft.mode === 'bot' ? Boolean(bot || app) : Boolean(hook);
  const alreadyReady = draft.mode === 'bot' ? Boolean(saved?.botTokenSet) : Boolean(saved?.webhookUrlSet);
  const channelChanged =
    draft.mode === 'bot' && (defaultChannel.replace(/^#/, '') || null) !== (saved?.defaultChannel ?? null);
  const canContinue = shapeOk && (haveNew || alreadyReady);
  const savedApiUrl = saved?.apiUrl ?? 'https://slack.com/api/';
  const apiUrlDraft = draft.apiUrl ?? savedApiUrl;
  const apiUrlProblem = validateApiUrl(apiUrlDraft) ?? (apiUrlDraft.trim() ? null : 'Enter the Web API base URL.');
  const [apiUrlState, setApiUrlState] = useState<{ saving: boolean; error: unknown }>({ saving: false, error: null });
  const applyApiUrl = () => {
    setApiUrlState({ saving: true, error: null });
    api
      .call('slack.save', { apiUrl: apiUrlDraft.trim() })
      .then(() => {
        setApiUrlState({ saving: false, error: null });
        update({ apiUrl: null });
        reload();
      })
      .catch((error: unknown) => setApiUrlState({ saving: false, error }));
  };

  // A token that failed its check (live, or when saving) is saved only by an explicit "Save anyway" (#12.1).
  const [verdicts, setVerdicts] = useState<Partial<Record<'bot' | 'app' | 'webhook', boolean | null>>>({});
  const verdictOf = useCallback(
    (field: 'bot' | 'app' | 'webhook') => (ok: boolean | null) =>
      setVerdicts((v) => (v[field] === ok ? v : { ...v, [field]: ok })),
    [],
  );
  const onBot = useMemo(() => verdictOf('bot'), [verdictOf]);
  const onApp = useMemo(() => verdictOf('app'), [verdictOf]);
  const onWebhook = useMemo(() => verdictOf('webhook'), [verdictOf]);
  const failedLive =
    draft.mode === 'bot'
      ? (bot !== '' && verdicts.bot === false) || (app !== '' && verdicts.app === false)
      : hook !== '' && verdicts.webhook === false;
  const mustForce = haveNew && (failedLive || (saveResult !== null && !saveResult.ok));

  const saveAndContinue = async () => {
    if (!haveNew && !channelChanged) {
      next();
      return;
    }
    setSaving(true);
    setSaveError(null);
    setSaveResult(null);
    try {
      const params =
        draft.mode === 'bot'
          ? {
              ...(bot ? { botToken: bot } : {}),
              ...(app ? { appToken: app } : {}),
              defaultChannel: defaultChannel.replace(/^#/, '').trim() || null,
            }
          : { webhookUrl: hook };
      const force = mustForce;
      const result = await api.call('slack.save', { ...params, ...(force ? { force: true } : {}) });
      setSaveResult(result);
      reload();
      if (result.ok || force) {
        setSaveResult(null);
        update({ botToken: '', appToken: '', webhookUrl: '' });
        next();
      }
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="wizard-step">
      <h2>Connect Slack</h2>
      <p className="lead">
        Forgebell posts as its own Slack app. Create it from the manifest below — it already has the right scopes and
        Socket Mode on.
      </p>

      <section className="wizard-section" aria-labelledby={`${id}-app`}>
        <h3 id={`${id}-app`}>1. Create the Slack app</h3>
        <ManifestPanel format={draft.format} onFormat={(format) => update({ format })} />
      </section>

      <section className="wizard-section" aria-labelledby={`${id}-tokens`}>
        <h3 id={`${id}-tokens`}>2. Paste its tokens</h3>
        <fieldset className="radio-row">
          <legend className="visually-hidden">How Forgebell posts</legend>
          <label className="radio-option">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={draft.mode === 'bot'}
              onChange={() => update({ mode: 'bot' })}
            />
            <span>Bot token (recommended)</span>
          </label>
          <label className="radio-option">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={draft.mode === 'webhook'}
              onChange={() => update({ mode: 'webhook' })}
            />
            <span>Incoming webhook only</span>
          </label>
        </fieldset>

        {draft.mode === 'bot' ? (
          <>
            <SlackTokenField
              field="bot"
              label="Bot token"
              placeholder="xoxb-…"
              saved={Boolean(saved?.botTokenSet)}
              apiUrl={savedApiUrl}
              value={draft.botToken}
              onChange={(botToken) => {
                setSaveResult(null);
                update({ botToken });
              }}
              onVerdict={onBot}
              hint={
                <>
                  In your app’s settings: <strong>OAuth &amp; Permissions → Bot User OAuth Token</strong> (after Install
                  to Workspace). Starts with <code>xoxb-</code>.
                </>
              }
            />
            <SlackTokenField
              field="app"
              label="App-level token"
              optional
              placeholder="xapp-…"
              saved={Boolean(saved?.appTokenSet)}
              apiUrl={savedApiUrl}
              value={draft.appToken}
              onChange={(appToken) => {
                setSaveResult(null);
                update({ appToken });
              }}
              onVerdict={onApp}
              hint={
                <>
                  <strong>Basic Information → App-Level Tokens → Generate Token and Scopes</strong>, scope{' '}
                  <code>connections:write</code>. Starts with <code>xapp-</code>. Turns on Socket Mode: slash commands,
                  buttons, link previews and pairing.
                </>
              }
            />
            <TextField
              label="Default channel"
              optional
              placeholder="dev-notifications"
              value={defaultChannel}
              onChange={(v) => update({ defaultChannel: v })}
              hint="Where subscriptions post when they name no channel. Without the #. Invite the bot there, or keep chat:write.public in the manifest."
            />
          </>
        ) : (
          <>
            <Note tone="info">
              With only a webhook, messages go to the one channel chosen when the webhook was created: no per-event
              channels, no threads, no message updates and no slash commands.
            </Note>
            <SlackTokenField
              field="webhook"
              label="Incoming webhook URL"
              placeholder="https://hooks.slack.com/services/…"
              saved={Boolean(saved?.webhookUrlSet)}
              apiUrl={savedApiUrl}
              value={draft.webhookUrl}
              onChange={(webhookUrl) => {
                setSaveResult(null);
                update({ webhookUrl });
              }}
              onVerdict={onWebhook}
              hint={
                <>
                  <strong>Features → Incoming Webhooks → Add New Webhook to Workspace</strong>, then copy the URL.
                </>
              }
            />
          </>
        )}
      </section>

      {draft.mode === 'bot' ? (
        <details className="disclosure">
          <summary>Advanced: Slack API address</summary>
          <TextField
            label="Slack Web API URL"
            value={apiUrlDraft}
            onChange={(v) => update({ apiUrl: v })}
            error={apiUrlProblem}
            spellCheck={false}
            hint="Change it only for GovSlack, a corporate gateway in front of Slack, or a test server. Tokens are checked against this address."
          />
          <div className="row-actions">
            <button
              type="button"
              className="btn btn-small"
              disabled={Boolean(apiUrlProblem) || apiUrlDraft.trim() === savedApiUrl || apiUrlState.saving}
              onClick={applyApiUrl}
            >
              {apiUrlState.saving ? 'Saving…' : 'Use this address'}
            </button>
            <span role="status" className="field-hint">
              {apiUrlState.error ? (
                <span className="tone-error">Could not save: {describeError(apiUrlState.error)}</span>
              ) : (
                `In use: ${savedApiUrl}`
              )}
            </span>
          </div>
        </details>
      ) : null}

      {saveResult && !saveResult.ok ? (
        <>
          <VerifyResultView result={saveResult} />
          <Note tone="error">
            Nothing was saved: the token did not pass its check
            {alreadyReady ? ', and the one saved before keeps working' : ''}. Fix it, or press “Save anyway and
            continue” to keep it regardless.
          </Note>
        </>
      ) : null}
      {saveError ? <Note tone="error">Could not save: {describeError(saveError)}</Note> : null}

      <WizardNav onBack={back} onSkip={alreadyReady ? undefined : next}>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void saveAndContinue()}
          disabled={!canContinue || saving}
        >
          {saving ? 'Saving…' : haveNew ? (mustForce ? 'Save anyway and continue' : 'Save and continue') : 'Continue'}
          <Icon name="chevronRight" />
        </button>
      </WizardNav>
    </div>
  );
}
